import type { Choropleth } from '@gridgov/domain'
import { NO_SAMPLE_COLOR, rampFor } from './dashboard-theme'

/** The class (0-based) of a value, given ascending breaks: class i holds [breaks[i-1], breaks[i]). */
export function classOf(value: number, breaks: readonly number[]): number {
  let k = 0
  while (k < breaks.length && value >= breaks[k]!) k++
  return k
}

export interface LegendClass {
  color: string
  /** lower and upper bound (upper exclusive); null = open-ended */
  from: number | null
  to: number | null
  /** the "样本不足" class */
  noSample?: boolean
  count: number
}

/**
 * Fill colour per grid and the legend of a choropleth answer. Grids outside `within` keep the map's
 * own style (undefined). Count metrics: a grid absent from `grids` has 0. Rates: absent means no
 * case at all, which is below any minimum sample, so it is drawn as 样本不足 like a null.
 */
export function choroplethStyle(c: Choropleth, within: string | null, gridCodes: readonly string[]) {
  const colors = rampFor(c.metric, c.breaks.length + 1)
  const rate = c.unit === 'percent'
  const fill = new Map<string, string>()
  const counts = Array.from({ length: colors.length }, () => 0)
  let noSample = 0
  const values = new Map(c.grids.map((code, i) => [code, c.values[i]!]))
  for (const code of gridCodes) {
    if (within && !code.startsWith(within))
      continue
    const v = values.has(code) ? values.get(code)! : rate ? null : 0
    if (v === null) {
      fill.set(code, NO_SAMPLE_COLOR)
      noSample++
      continue
    }
    const k = classOf(v, c.breaks)
    counts[k]!++
    fill.set(code, colors[k]!)
  }
  const legend: LegendClass[] = colors.map((color, i) => ({
    color,
    from: i === 0 ? (rate ? null : 0) : c.breaks[i - 1]!,
    to: i < c.breaks.length ? c.breaks[i]! : null,
    count: counts[i]!,
  }))
  if (rate || noSample > 0)
    legend.push({ color: NO_SAMPLE_COLOR, from: null, to: null, noSample: true, count: noSample })
  return { fill, legend }
}
