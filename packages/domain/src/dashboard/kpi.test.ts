import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addWorkingHours } from '../case/sla-clock'
import { handlingMinutes } from './case-timing'
import { addCounts, computeKpi, computeKpis, EMPTY_COUNTS, rankBy } from './kpi'

/** Builds counters from hand-made cases, as the rollup would. */
function countsOf(cases: { status: 'open' | 'closed', overdue?: boolean, onTime?: boolean, rework?: boolean, extended?: boolean, minutes?: number, rating?: number }[]) {
  let c = { ...EMPTY_COUNTS }
  for (const k of cases) {
    const one = {
      ...EMPTY_COUNTS,
      reported: 1,
      filed: 1,
      open: k.status === 'open' ? 1 : 0,
      closed: k.status === 'closed' ? 1 : 0,
      closedOnTime: k.status === 'closed' && k.onTime ? 1 : 0,
      closedReworked: k.status === 'closed' && k.rework ? 1 : 0,
      closedExtended: k.status === 'closed' && k.extended ? 1 : 0,
      handled: k.status === 'closed' && k.minutes !== undefined ? 1 : 0,
      handlingMinutes: k.status === 'closed' ? k.minutes ?? 0 : 0,
      rated: k.rating ? 1 : 0,
      satisfied: (k.rating ?? 0) >= 4 ? 1 : 0,
      overdueOpen: k.status === 'open' && k.overdue ? 1 : 0,
      overdueReworked: k.status === 'open' && k.overdue && k.rework ? 1 : 0,
      overdueExtended: k.status === 'open' && k.overdue && k.extended ? 1 : 0,
    }
    c = addCounts(c, one)
  }
  return c
}

describe('kPI formulas (GB/T 30428.4 style)', () => {
  // 12 closed (9 on time, 2 reworked, 1 extended), 3 open past the deadline (1 reworked),
  // 5 open within their limit (not yet due): 应结案数 = 12 + 3 = 15
  const cases = [
    ...Array.from({ length: 9 }, (_, i) => ({ status: 'closed' as const, onTime: true, minutes: 120 + i * 60, rating: i < 7 ? 5 : 2 })),
    { status: 'closed' as const, onTime: false, rework: true, minutes: 900, rating: 3 },
    { status: 'closed' as const, onTime: false, rework: true, minutes: 600, rating: 4 },
    { status: 'closed' as const, onTime: false, extended: true, minutes: 1200 },
    { status: 'open' as const, overdue: true, rework: true },
    { status: 'open' as const, overdue: true },
    { status: 'open' as const, overdue: true, extended: true },
    ...Array.from({ length: 5 }, () => ({ status: 'open' as const })),
  ]
  const kpi = computeKpis(countsOf(cases), 10)

  it('divides by 应结案数 = closed + open past the deadline', () => {
    expect(kpi.closeRate).toMatchObject({ numerator: 12, denominator: 15, sample: 15, value: 12 / 15 })
    expect(kpi.onTimeRate).toMatchObject({ numerator: 9, denominator: 15, value: 9 / 15 })
    expect(kpi.reworkRate).toMatchObject({ numerator: 3, denominator: 15, value: 3 / 15 })
    expect(kpi.extensionRate).toMatchObject({ numerator: 2, denominator: 15, value: 2 / 15 })
    expect(kpi.filed).toMatchObject({ value: 20, sample: 20 })
  })

  it('averages handling time in working hours over closed cases, and satisfaction over ratings', () => {
    const minutes = [120, 180, 240, 300, 360, 420, 480, 540, 600, 900, 600, 1200]
    expect(kpi.avgHandlingHours.sample).toBe(12)
    expect(kpi.avgHandlingHours.value).toBe(Math.round(minutes.reduce((a, b) => a + b) / 12 / 60 * 10) / 10)
    // 11 ratings, 8 of them 4–5 stars
    expect(kpi.satisfactionRate).toMatchObject({ numerator: 8, denominator: 11, sample: 11, value: 8 / 11 })
  })

  it('hides a rate below the minimum sample but still reports the sample', () => {
    const small = computeKpis(countsOf(cases.slice(0, 9)), 10) // 9 closed: below 10
    expect(small.closeRate).toMatchObject({ value: null, sample: 9 })
    expect(computeKpis(countsOf(cases.slice(0, 9)), 9).closeRate.value).toBe(1)
    expect(computeKpis(EMPTY_COUNTS, 1).closeRate).toMatchObject({ value: null, sample: 0 })
    expect(() => computeKpis(EMPTY_COUNTS, 0)).toThrow(RangeError)
  })

  it('measures handling time on the SLA clock: a weekend and a holiday add nothing', () => {
    // dispatched Thursday 2026-11-19 16:00, resolved Monday 09:00: 2 h Thursday + 8 h Friday + 1 h Monday
    expect(handlingMinutes(Date.parse('2026-11-19T16:00:00+08:00'), Date.parse('2026-11-23T09:00:00+08:00'))).toBe(660)
    // Friday 2026-09-25 is 中秋节: from Thursday 17:00 to Monday 09:00 only 1 h + 1 h count
    expect(handlingMinutes(Date.parse('2026-09-24T17:00:00+08:00'), Date.parse('2026-09-28T09:00:00+08:00'))).toBe(120)
    // across National Day 2026 (1–7 October off)
    const start = Date.parse('2026-09-30T17:00:00+08:00')
    expect(handlingMinutes(start, Date.parse('2026-10-08T09:00:00+08:00'))).toBe(120)
    expect(handlingMinutes(start, addWorkingHours(new Date(start), 8).getTime())).toBe(480)
  })

  it('ranks best first, ties share a rank, figures below the minimum sample come last unranked', () => {
    const big = (closed: number, due: number) => computeKpis({ ...EMPTY_COUNTS, closed, overdueOpen: due - closed }, 10)
    const ranked = rankBy([
      { item: 'a', kpi: big(10, 20).closeRate },
      { item: 'b', kpi: big(18, 20).closeRate },
      { item: 'c', kpi: big(5, 5).closeRate }, // 100 % of 5: below the minimum sample
      { item: 'd', kpi: big(9, 18).closeRate },
    ])
    expect(ranked.map(r => [r.item, r.rank])).toEqual([['b', 1], ['a', 2], ['d', 2], ['c', null]])
    // lower is better for 返工率
    const rework = rankBy([
      { item: 'x', kpi: computeKpi({ ...EMPTY_COUNTS, closed: 10, closedReworked: 3 }, 'reworkRate') },
      { item: 'y', kpi: computeKpi({ ...EMPTY_COUNTS, closed: 10, closedReworked: 1 }, 'reworkRate') },
    ])
    expect(rework.map(r => r.item)).toEqual(['y', 'x'])
  })

  it('ranks the first rows only (limit) exactly as the full ranking does, ties and "—" included', () => {
    const counts = fc.record({ closed: fc.integer({ min: 0, max: 30 }), closedOnTime: fc.integer({ min: 0, max: 30 }), overdueOpen: fc.integer({ min: 0, max: 10 }), closedReworked: fc.integer({ min: 0, max: 5 }) })
      .map(c => ({ ...EMPTY_COUNTS, ...c, closedOnTime: Math.min(c.closedOnTime, c.closed), closedReworked: Math.min(c.closedReworked, c.closed) }))
    fc.assert(fc.property(fc.array(counts, { maxLength: 60 }), fc.constantFrom('onTimeRate', 'reworkRate', 'filed') as fc.Arbitrary<'onTimeRate' | 'reworkRate' | 'filed'>, fc.integer({ min: 1, max: 70 }), (rows, key, limit) => {
      const items = rows.map((c, i) => ({ item: i, kpi: computeKpi(c, key, 10) }))
      expect(rankBy(items, limit)).toEqual(rankBy(items).slice(0, limit))
    }), { seed: 20261122, numRuns: 300 })
  })
})
