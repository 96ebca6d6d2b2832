import { describe, expect, it } from 'vitest'
import { addHours, hoursBetween, slaStatus } from '../case/sla-clock'
import { dueSoonAt, NO_STAMPS, resolvedOnTime, stampsAfter } from './case-timing'

describe('due-soon instant', () => {
  it('is where the board\'s own slaStatus turns from on time to due soon', () => {
    for (const [start, hours, mode] of [
      ['2026-09-29T10:00:00+08:00', 16, 'working'],
      ['2026-11-20T17:00:00+08:00', 40, 'working'],
      ['2026-11-21T03:00:00+08:00', 4, 'continuous'],
      ['2026-02-13T09:00:00+08:00', 24, 'working'], // into the Spring Festival break
    ] as const) {
      const dispatched = Date.parse(start)
      const deadline = addHours(new Date(dispatched), hours, mode).getTime()
      const total = hoursBetween(new Date(dispatched), new Date(deadline), mode)
      const t = dueSoonAt(dispatched, deadline, mode)
      expect(slaStatus(new Date(deadline), new Date(t - 1), total, mode)).toBe('on_time')
      expect(slaStatus(new Date(deadline), new Date(t), total, mode)).toBe('due_soon')
    }
  })

  it('is the dispatch instant when the allowance is short from the start', () => {
    const dispatched = Date.parse('2026-11-20T09:00:00+08:00')
    const deadline = addHours(new Date(dispatched), 1, 'working').getTime() // 1 h < the 2 h floor
    expect(dueSoonAt(dispatched, deadline, 'working')).toBe(dispatched)
    expect(dueSoonAt(deadline, dispatched, 'working')).toBe(dispatched)
  })

  it('counts a resolution at the deadline as on time', () => {
    expect(resolvedOnTime(1000, 1000)).toBe(true)
    expect(resolvedOnTime(1001, 1000)).toBe(false)
  })
})

describe('stamps along the loop', () => {
  it('restarts at dispatch and reopen, records the last resolution, fixes figures at closing', () => {
    const t = (iso: string) => Date.parse(iso)
    const deadline = t('2026-11-24T12:00:00+08:00')
    let s = stampsAfter('dispatch', NO_STAMPS, deadline, t('2026-11-20T09:00:00+08:00'), 'working')
    expect(s.dispatchedAt).toBe(t('2026-11-20T09:00:00+08:00'))
    expect(s.dueSoonAt).toBe(dueSoonAt(s.dispatchedAt!, deadline, 'working'))
    s = stampsAfter('resolve', s, deadline, t('2026-11-20T11:00:00+08:00'), 'working')
    s = stampsAfter('rework', s, deadline, t('2026-11-20T15:00:00+08:00'), 'working')
    s = stampsAfter('resolve', s, deadline, t('2026-11-23T10:00:00+08:00'), 'working')
    s = stampsAfter('verify', s, deadline, t('2026-11-25T10:00:00+08:00'), 'working')
    // Friday 09:00–12:00, 14:00–18:00 (7 h) + Monday 08:00–10:00 (2 h); resolved before the deadline
    expect(s).toMatchObject({ resolvedAt: t('2026-11-23T10:00:00+08:00'), onTime: true, handlingMinutes: 540 })
    s = stampsAfter('reopen', s, t('2026-11-27T18:00:00+08:00'), t('2026-11-26T09:00:00+08:00'), 'working')
    expect(s).toMatchObject({ dispatchedAt: t('2026-11-26T09:00:00+08:00'), onTime: null, handlingMinutes: null })
  })
})
