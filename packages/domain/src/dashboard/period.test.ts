import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { dayOf, monthRangeKeys, monthsOf, periodBounds, periodKeys, presetPeriod, rollupKeysOf, weekOf } from './period'

const at = (iso: string) => Date.parse(iso)

describe('period keys (Beijing time)', () => {
  it('puts an instant in its Beijing day, week, month, quarter and year', () => {
    // 2026-09-30 23:30 in Beijing is still September there, though October has begun nowhere
    expect(rollupKeysOf(at('2026-09-30T15:30:00Z'))).toEqual(['Y2026', 'M2026-09', 'W2026-09-28', 'A'])
    // 00:30 on 1 October in Beijing is 30 September in UTC: the case belongs to October
    expect(rollupKeysOf(at('2026-09-30T16:30:00Z'))).toEqual(['Y2026', 'M2026-10', 'W2026-09-28', 'A'])
    // and New Year's Eve 16:30 UTC is already the new year there
    expect(rollupKeysOf(at('2026-12-31T16:30:00Z'))).toEqual(['Y2027', 'M2027-01', 'W2026-12-28', 'A'])
  })

  it('starts weeks on Monday, including across a year end', () => {
    expect(weekOf(at('2026-11-22T03:00:00+08:00'))).toBe('2026-11-16') // a Sunday
    expect(weekOf(at('2026-11-23T00:00:00+08:00'))).toBe('2026-11-23') // the Monday after
    expect(weekOf(at('2027-01-01T12:00:00+08:00'))).toBe('2026-12-28')
    expect(dayOf(at('2026-11-22T16:00:00Z'))).toBe('2026-11-23')
  })

  it('covers a month range with the fewest year and month keys', () => {
    expect(monthRangeKeys({ from: '2026-01', to: '2026-12' })).toEqual(['Y2026'])
    expect(monthRangeKeys({ from: '2024-11', to: '2026-02' })).toEqual(['M2024-11', 'M2024-12', 'Y2025', 'M2026-01', 'M2026-02'])
    expect(monthRangeKeys({ from: '2026-11', to: '2026-11' })).toEqual(['M2026-11'])
    expect(() => monthRangeKeys({ from: '2026-11', to: '2026-10' })).toThrow(/before it begins/)
    expect(() => monthRangeKeys({ from: '2026-13', to: '2026-12' })).toThrow(/not a month/)
  })

  it('keys cover every month of the range exactly once (property)', () => {
    const month = fc.record({ y: fc.integer({ min: 2020, max: 2030 }), m: fc.integer({ min: 1, max: 12 }) })
      .map(({ y, m }) => `${y}-${String(m).padStart(2, '0')}`)
    fc.assert(fc.property(month, month, (a, b) => {
      const range = a <= b ? { from: a, to: b } : { from: b, to: a }
      const covered = monthRangeKeys(range).flatMap((key) => {
        if (key.startsWith('M'))
          return [key.slice(1)]
        return [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(m => `${key.slice(1)}-${String(m).padStart(2, '0')}`)
      })
      expect(covered).toEqual(monthsOf(range))
    }), { seed: 20261122 })
  })

  it('reads a range that reaches the current month as running to the year end (no future cases)', () => {
    const now = at('2026-11-22T10:00:00+08:00')
    expect(periodKeys(presetPeriod('last_12_months', now), now)).toEqual(['M2025-12', 'Y2026'])
    expect(periodKeys(presetPeriod('this_year', now), now)).toEqual(['Y2026'])
    expect(periodKeys(presetPeriod('this_quarter', now), now)).toEqual(['M2026-10', 'M2026-11', 'M2026-12'])
    expect(periodKeys(presetPeriod('last_month', now), now)).toEqual(['M2026-10'])
    expect(periodKeys(presetPeriod('this_week', now), now)).toEqual(['W2026-11-16'])
  })

  it('gives the instants a period spans', () => {
    expect(periodBounds({ kind: 'months', range: { from: '2026-12', to: '2026-12' } }))
      .toEqual({ start: at('2026-12-01T00:00:00+08:00'), end: at('2027-01-01T00:00:00+08:00') })
    expect(periodBounds({ kind: 'week', week: '2026-11-16' }))
      .toEqual({ start: at('2026-11-16T00:00:00+08:00'), end: at('2026-11-23T00:00:00+08:00') })
  })
})
