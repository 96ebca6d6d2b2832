/**
 * Legend classes for the choropleth. Rates use fixed, readable thresholds (a street compares
 * months against the same colours); counts use "nice" breaks from the distribution so that one
 * busy grid does not wash every other grid into the first class.
 */

/** Fixed thresholds for rates (0–1): <60 %, 60–80 %, 80–90 %, 90–95 %, ≥95 %. */
export const RATE_BREAKS = [0.6, 0.8, 0.9, 0.95] as const

/** Rounds up to 1, 2 or 5 × 10^n. */
function nice(value: number): number {
  if (value <= 1)
    return 1
  const power = 10 ** Math.floor(Math.log10(value))
  const step = [1, 2, 5, 10].find(s => s * power >= value)!
  return step * power
}

/**
 * Up to `classes - 1` ascending breaks for counts: quantiles of the non-zero values, rounded to
 * nice numbers, duplicates removed; zero always forms its own first class (break 1).
 */
export function countBreaks(values: Iterable<number>, classes = 5): number[] {
  const positive = [...values].filter(v => v > 0).sort((a, b) => a - b)
  if (positive.length === 0)
    return [1]
  const breaks = new Set<number>([1])
  for (let i = 1; i < classes - 1; i++) {
    const q = positive[Math.min(positive.length - 1, Math.floor(positive.length * i / (classes - 1)))]!
    breaks.add(nice(q))
  }
  return [...breaks].sort((a, b) => a - b)
}

/** The class (0-based) a value falls in, given ascending breaks. */
export function classOf(value: number, breaks: readonly number[]): number {
  let k = 0
  while (k < breaks.length && value >= breaks[k]!) k++
  return k
}
