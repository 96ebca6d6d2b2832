import type { MatchNeed, MatchResource } from './matching'
import { describe, expect, it } from 'vitest'
import { overlapDays, rankNeeds, rankResources, scoreMatch } from './matching'

// 市场街社区 around (117.128, 36.190); 0.001° of latitude ≈ 111 m.
const need: MatchNeed = {
  category: 'elderly',
  resourceTypes: ['volunteers', 'service'],
  lon: 117.128,
  lat: 36.19,
  neededFrom: '2026-03-01',
  neededTo: '2026-05-30',
  slots: ['weekday_day', 'weekend'],
}
const base: MatchResource = {
  type: 'volunteers',
  categories: ['elderly', 'health'],
  lon: 117.128,
  lat: 36.192, // ~220 m north
  availableFrom: '2026-01-01',
  availableTo: '2026-12-31',
  slots: ['weekday_day', 'weekend'],
  capacity: 100,
  remaining: 100,
  withdrawn: false,
}

describe('scoreMatch explains itself', () => {
  it('a perfect neighbour scores 100 with four full parts', () => {
    const m = scoreMatch(need, base)
    expect(m).toMatchObject({ score: 100, eligible: true, reason: null })
    expect(m.parts.map(p => [p.factor, p.points])).toEqual([['category', 40], ['distance', 20], ['availability', 20], ['capacity', 20]])
    expect(m.parts[1]!.facts.meters).toBeGreaterThan(200)
    expect(m.parts[1]!.facts.meters).toBeLessThan(240)
  })
  it('category: area 0.6 + wanted type 0.4', () => {
    expect(scoreMatch(need, { ...base, type: 'funds' }).parts[0]).toMatchObject({ points: 24, facts: { categoryMatch: true, typeMatch: false } })
    expect(scoreMatch(need, { ...base, categories: ['legal'] }).parts[0]).toMatchObject({ points: 16, facts: { categoryMatch: false, typeMatch: true } })
    expect(scoreMatch({ ...need, resourceTypes: [] }, { ...base, type: 'funds' }).parts[0]!.points).toBe(40)
  })
  it('distance falls linearly from 500 m to 5 km', () => {
    const at = (dLat: number) => scoreMatch(need, { ...base, lat: need.lat + dLat }).parts[1]!
    expect(at(0.0044).score).toBe(1) // ~490 m
    expect(at(0.0245).score).toBeCloseTo(0.5, 1) // ~2.7 km
    expect(at(0.05).score).toBe(0) // ~5.6 km
  })
  it('availability: shared days × shared weekly slots', () => {
    // covers March only (31 of 91 days), both slots
    const march = scoreMatch(need, { ...base, availableFrom: '2026-02-01', availableTo: '2026-03-31' }).parts[2]!
    expect(march.facts).toMatchObject({ overlapDays: 31, neededDays: 91 })
    expect(march.score).toBeCloseTo(31 / 91, 3)
    // all dates, weekends only: half the slots
    const weekends = scoreMatch(need, { ...base, slots: ['weekend', 'weekday_evening'] }).parts[2]!
    expect(weekends).toMatchObject({ score: 0.5, facts: { commonSlots: ['weekend'] } })
  })
  it('remaining capacity: 0.3 + 0.7 × share, 0 when used up', () => {
    expect(scoreMatch(need, { ...base, remaining: 50 }).parts[3]!.score).toBeCloseTo(0.65, 3)
    expect(scoreMatch(need, { ...base, remaining: 0 })).toMatchObject({ eligible: false, reason: 'exhausted' })
  })
  it('withdrawn or with no shared time is not eligible', () => {
    expect(scoreMatch(need, { ...base, withdrawn: true }).reason).toBe('withdrawn')
    expect(scoreMatch(need, { ...base, availableTo: '2026-02-28' }).reason).toBe('no_overlap')
    expect(scoreMatch(need, { ...base, slots: ['weekday_evening'] }).reason).toBe('no_overlap')
  })
  it('overlapDays counts inclusive days', () => {
    expect(overlapDays('2026-01-01', '2026-01-10', '2026-01-10', '2026-02-01')).toBe(1)
    expect(overlapDays('2026-01-01', '2026-01-10', '2026-01-11', '2026-02-01')).toBe(0)
    expect(overlapDays('2026-02-20', '2026-03-05', '2026-01-01', '2026-12-31')).toBe(14)
  })
})

describe('ranking on hand-made cases', () => {
  // 老年助餐 needs volunteers near 市场街: who should the worker call first?
  const candidates = [
    { id: 'far-caterer', ...base, type: 'service', lat: need.lat + 0.03 }, // right kind, 3.3 km away
    { id: 'law-firm', ...base, type: 'service', categories: ['legal'] }, // next door, wrong area
    { id: 'hospital-volunteers', ...base, lat: need.lat + 0.006, remaining: 30 }, // 670 m, 30 % left
    { id: 'used-up', ...base, remaining: 0 }, // perfect but nothing left
    { id: 'school-volunteers', ...base }, // perfect
    { id: 'summer-only', ...base, availableFrom: '2026-07-01' }, // no shared dates
  ]
  it('orders resources for a need: perfect, near with less left, far, wrong area; ineligible last', () => {
    const ranked = rankResources(need, candidates)
    expect(ranked.map(r => r.item.id)).toEqual(['school-volunteers', 'hospital-volunteers', 'far-caterer', 'law-firm', 'used-up', 'summer-only'])
    expect(ranked.map(r => r.match.eligible)).toEqual([true, true, true, true, false, false])
  })
  it('orders needs for a resource by the same score', () => {
    const needs = [
      { id: 'legal-aid', ...need, category: 'legal' },
      { id: 'meals', ...need },
      { id: 'meals-far', ...need, lat: need.lat - 0.02 },
      { id: 'winter', ...need, neededFrom: '2027-01-01', neededTo: '2027-02-01' },
    ]
    expect(rankNeeds(base, needs).map(r => r.item.id)).toEqual(['meals', 'meals-far', 'legal-aid', 'winter'])
  })
  it('ties keep input order', () => {
    const ranked = rankResources(need, [{ id: 'a', ...base }, { id: 'b', ...base }])
    expect(ranked.map(r => r.item.id)).toEqual(['a', 'b'])
  })
})
