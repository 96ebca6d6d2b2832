/**
 * Deterministic random numbers for the demo generator: the same seed string always yields the
 * same district. mulberry32 — tiny, fast, and good enough for synthetic data (not for secrets).
 */
export type Rand = () => number

export function createRand(seed: string): Rand {
  // FNV-1a hash of the seed string → 32-bit state
  let state = 2166136261
  for (let i = 0; i < seed.length; i++)
    state = Math.imul(state ^ seed.charCodeAt(i), 16777619)
  return () => {
    state = (state + 0x6D2B79F5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Integer in [min, max], both inclusive. */
export const randInt = (rand: Rand, min: number, max: number) => min + Math.floor(rand() * (max - min + 1))

/** One element of a non-empty list. */
export function pick<T>(rand: Rand, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T
}

/** One element chosen with the given relative weights. */
export function pickWeighted<T>(rand: Rand, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0)
  let r = rand() * total
  for (const [item, w] of items) {
    r -= w
    if (r < 0)
      return item
  }
  return items[items.length - 1]![0]
}
