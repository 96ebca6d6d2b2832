import { describe, expect, it } from 'vitest'
import { classOf, countBreaks, RATE_BREAKS } from './legend'

describe('legend classes', () => {
  it('keeps zero apart and spreads the rest over nice quantile breaks', () => {
    const values = [0, 0, 0, 1, 2, 3, 3, 4, 6, 8, 9, 12, 15, 40, 180]
    const breaks = countBreaks(values)
    expect(breaks[0]).toBe(1)
    expect(breaks).toEqual([...breaks].sort((a, b) => a - b))
    expect(breaks.every(b => /^[125]0*$/.test(String(b)))).toBe(true)
    expect(classOf(0, breaks)).toBe(0)
    expect(classOf(180, breaks)).toBe(breaks.length)
  })

  it('gives a single class when nothing is counted', () => {
    expect(countBreaks([0, 0])).toEqual([1])
  })

  it('places rates on fixed thresholds', () => {
    expect(classOf(0.59, RATE_BREAKS)).toBe(0)
    expect(classOf(0.6, RATE_BREAKS)).toBe(1)
    expect(classOf(0.97, RATE_BREAKS)).toBe(4)
  })
})
