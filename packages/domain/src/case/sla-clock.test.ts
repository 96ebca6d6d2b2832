import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addContinuousHours,
  addHours,
  addWorkingHours,
  calendarCoverage,
  CalendarRangeError,
  isProvisional,
  isWorkingDay,
  remaining,
  slaStatus,
  workingHoursBetween,
} from './sla-clock'

/** Beijing wall time, e.g. bj('2025-01-24 17:00'), independent of the machine's TZ. */
function bj(text: string): Date {
  return new Date(`${text.replace(' ', 'T')}:00+08:00`)
}

describe('calendar', () => {
  it('knows which years chinese-days covers', () => {
    const { firstYear, lastYear } = calendarCoverage()
    expect(firstYear).toBe(2004)
    expect(lastYear).toBeGreaterThanOrEqual(2026)
  })

  it.each([
    ['2025-01-25 10:00', false, 'Saturday before Spring Festival'],
    ['2025-01-26 10:00', true, '调休: Sunday worked before Spring Festival 2025'],
    ['2025-01-28 10:00', false, 'Spring Festival Eve 2025'],
    ['2025-02-04 10:00', false, 'last day of Spring Festival 2025 (Tuesday)'],
    ['2025-02-08 10:00', true, '调休: Saturday worked after Spring Festival 2025'],
    ['2026-02-14 10:00', true, '调休: Saturday worked before Spring Festival 2026'],
    ['2026-02-23 10:00', false, 'last day of Spring Festival 2026 (Monday)'],
    ['2026-02-28 10:00', true, '调休: Saturday worked after Spring Festival 2026'],
    ['2025-09-28 10:00', true, '调休: Sunday worked before National Day 2025'],
    ['2025-10-08 10:00', false, 'last day of National Day 2025 (Wednesday)'],
    ['2025-10-11 10:00', true, '调休: Saturday worked after National Day 2025'],
    // 00:30 Beijing is still the previous UTC day: the date must be read in UTC+8
    ['2025-10-09 00:30', true, 'first workday after National Day, just after midnight'],
    ['2025-10-08 23:30', false, 'National Day, late evening'],
  ])('%s is a working day: %s (%s)', (at, expected) => {
    expect(isWorkingDay(bj(at))).toBe(expected)
  })

  it('uses a provisional rule for the year after the data, and fails loudly beyond it', () => {
    // the first working hour of 2027: Jan 1 (元旦, fixed by date) is off, Monday Jan 4 is on
    expect(isWorkingDay(bj('2027-01-01 10:00'))).toBe(false)
    expect(isProvisional(bj('2027-01-04 09:00'))).toBe(true)
    expect(isProvisional(bj('2026-12-31 09:00'))).toBe(false)
    expect(addWorkingHours(bj('2026-12-31 17:00'), 2).getTime()).toBe(bj('2027-01-04 09:00').getTime())
    expect(() => addWorkingHours(bj('2028-01-04 09:00'), 1)).toThrow(CalendarRangeError)
    expect(() => addWorkingHours(bj('2028-01-04 09:00'), 1)).toThrow(/2028.*chinese-days covers 2004–/)
    expect(() => workingHoursBetween(bj('2003-12-30 09:00'), bj('2004-01-05 09:00'))).toThrow(CalendarRangeError)
  })
})

describe('addWorkingHours', () => {
  it.each([
    // [start, hours, deadline, why]
    ['2025-03-10 09:00', 2, '2025-03-10 11:00', 'inside the morning'],
    ['2025-03-10 11:00', 2, '2025-03-10 15:00', 'across lunch'],
    ['2025-03-10 17:00', 2, '2025-03-11 09:00', 'across the evening'],
    ['2025-03-14 17:00', 2, '2025-03-17 09:00', 'across a weekend'],
    ['2025-03-10 08:00', 4, '2025-03-10 12:00', 'ends exactly at lunch, not after it'],
    ['2025-03-14 08:00', 8, '2025-03-14 18:00', 'ends exactly at Friday 18:00, not Monday'],
    ['2025-03-10 09:00', 40, '2025-03-17 09:00', 'a working week'],
    ['2025-03-10 09:00', 0.5, '2025-03-10 09:30', 'fractional hours'],
    // a start inside a non-working period counts from the next working period
    ['2025-03-10 12:30', 1, '2025-03-10 15:00', 'start at lunch'],
    ['2025-03-10 06:00', 1, '2025-03-10 09:00', 'start before work'],
    ['2025-03-09 10:00', 1, '2025-03-10 09:00', 'start on a Sunday'],
    ['2025-03-14 23:00', 0.5, '2025-03-17 08:30', 'start on a Friday night'],
    // Spring Festival 2025: off 01-28 … 02-04; worked Sunday 01-26 and Saturday 02-08
    ['2025-01-24 17:00', 2, '2025-01-26 09:00', 'into the 调休 Sunday 2025-01-26'],
    ['2025-01-27 16:00', 4, '2025-02-05 10:00', 'across Spring Festival 2025'],
    ['2025-02-07 17:00', 3, '2025-02-08 10:00', 'into the 调休 Saturday 2025-02-08'],
    ['2025-02-08 17:00', 2, '2025-02-10 09:00', 'Sunday 02-09 is a normal day off again'],
    // Spring Festival 2026: off 02-15 … 02-23; worked Saturdays 02-14 and 02-28
    ['2026-02-13 16:00', 8, '2026-02-14 16:00', 'through the 调休 Saturday 2026-02-14'],
    ['2026-02-14 17:00', 2, '2026-02-24 09:00', 'across Spring Festival 2026'],
    ['2026-02-27 18:00', 1, '2026-02-28 09:00', 'into the 调休 Saturday 2026-02-28'],
    // National Day 2025: off 10-01 … 10-08; worked Sunday 09-28 and Saturday 10-11
    ['2025-09-27 10:00', 1, '2025-09-28 09:00', 'into the 调休 Sunday 2025-09-28'],
    ['2025-09-30 15:00', 8, '2025-10-09 15:00', 'across National Day 2025'],
    ['2025-10-10 17:30', 1, '2025-10-11 08:30', 'into the 调休 Saturday 2025-10-11'],
    // New Year 2026: off 01-01 … 01-03; worked Sunday 01-04
    ['2025-12-31 17:00', 2, '2026-01-04 09:00', 'across New Year 2026 into its 调休 Sunday'],
  ])('%s + %s h → %s (%s)', (start, hours, deadline) => {
    expect(addWorkingHours(bj(start), hours)).toEqual(bj(deadline))
  })

  it('returns the start for zero hours and rejects negative or non-finite hours', () => {
    expect(addWorkingHours(bj('2025-03-09 10:00'), 0)).toEqual(bj('2025-03-09 10:00'))
    expect(() => addWorkingHours(bj('2025-03-10 09:00'), -1)).toThrow(RangeError)
    expect(() => addWorkingHours(bj('2025-03-10 09:00'), Number.NaN)).toThrow(RangeError)
    expect(() => addWorkingHours(new Date('nope'), 1)).toThrow(TypeError)
  })
})

describe('workingHoursBetween', () => {
  it.each([
    ['2025-03-10 09:00', '2025-03-10 11:00', 2],
    ['2025-03-10 11:00', '2025-03-10 15:00', 2],
    ['2025-03-10 12:15', '2025-03-10 13:45', 0],
    ['2025-03-14 17:00', '2025-03-17 09:00', 2],
    ['2025-03-08 00:00', '2025-03-09 23:59', 0],
    // Fri 1 h + 调休 Sun 01-26 8 h + Mon 01-27 8 h + Wed 02-05 2 h
    ['2025-01-24 17:00', '2025-02-05 10:00', 19],
    // Tue 09-30 8 h + Thu 10-09 8 h + Fri 10-10 8 h + 调休 Sat 10-11 8 h
    ['2025-09-30 08:00', '2025-10-12 00:00', 32],
    // 调休 Sat 02-14 8 h, then nothing until Tue 02-24
    ['2026-02-14 00:00', '2026-02-24 00:00', 8],
  ])('%s → %s is %s working hours', (a, b, hours) => {
    expect(workingHoursBetween(bj(a), bj(b))).toBe(hours)
  })

  it('is negative when the end comes first', () => {
    expect(workingHoursBetween(bj('2025-03-10 11:00'), bj('2025-03-10 09:00'))).toBe(-2)
  })
})

describe('continuous hours', () => {
  it('counts the wall clock through nights and holidays', () => {
    expect(addContinuousHours(bj('2025-01-28 23:00'), 2)).toEqual(bj('2025-01-29 01:00'))
    expect(addHours(bj('2025-01-28 23:00'), 2, 'continuous')).toEqual(bj('2025-01-29 01:00'))
    expect(addHours(bj('2025-01-28 23:00'), 2, 'working')).toEqual(bj('2025-02-05 10:00'))
  })
})

describe('remaining and slaStatus', () => {
  const deadline = bj('2025-03-17 12:00') // Monday noon; limit 16 working hours → due soon < 3.2 h

  it('counts remaining working hours and reports them negative once overdue', () => {
    expect(remaining(deadline, bj('2025-03-14 16:00'), 'working')).toBe(6) // Fri 2 h + Mon 4 h
    expect(remaining(deadline, bj('2025-03-17 12:00'), 'working')).toBe(0)
    expect(remaining(deadline, bj('2025-03-17 15:30'), 'working')).toBe(-1.5)
    expect(remaining(deadline, bj('2025-03-17 10:00'), 'continuous')).toBe(2)
  })

  it.each([
    ['2025-03-13 12:00', 'on_time'], // 16 h left
    ['2025-03-14 17:00', 'on_time'], // 5 h left ≥ 3.2
    ['2025-03-16 20:00', 'on_time'], // Sunday night: the weekend does not count, 4 h left
    ['2025-03-17 09:00', 'due_soon'], // 3 h left < 3.2
    ['2025-03-17 12:00', 'due_soon'], // exactly at the deadline: not yet overdue
    ['2025-03-17 12:00:01', 'overdue'],
  ])('16-hour case due Monday noon, at %s → %s', (at, status) => {
    const now = at.length > 16 ? new Date(`${at.replace(' ', 'T')}+08:00`) : bj(at)
    expect(slaStatus(deadline, now, 16)).toBe(status)
  })

  it('uses the 2-hour floor for short limits and the mode for urgent cases', () => {
    const urgent = bj('2025-03-15 10:00') // Saturday: continuous hours ignore the weekend
    expect(slaStatus(urgent, bj('2025-03-15 07:00'), 4, 'continuous')).toBe('on_time')
    expect(slaStatus(urgent, bj('2025-03-15 08:30'), 4, 'continuous')).toBe('due_soon')
    expect(slaStatus(urgent, bj('2025-03-15 10:01'), 4, 'continuous')).toBe('overdue')
    expect(() => slaStatus(urgent, urgent, 0)).toThrow(RangeError)
  })
})

describe('properties', () => {
  // starts from 2024 to autumn 2026, so even 200 working hours stay inside the covered years
  const start = fc.integer({ min: bj('2024-01-01 00:00').getTime(), max: bj('2026-09-30 00:00').getTime() })
    .map(ms => new Date(ms))
  // whole minutes, as the UI enters limits
  const hours = fc.integer({ min: 0, max: 200 * 60 }).map(m => m / 60)

  it('addWorkingHours is monotone in hours and in start', () => {
    fc.assert(fc.property(start, hours, hours, (s, h1, h2) => {
      const [lo, hi] = h1 <= h2 ? [h1, h2] : [h2, h1]
      expect(addWorkingHours(s, lo).getTime()).toBeLessThanOrEqual(addWorkingHours(s, hi).getTime())
    }))
    fc.assert(fc.property(start, start, hours, (a, b, h) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a]
      expect(addWorkingHours(lo, h).getTime()).toBeLessThanOrEqual(addWorkingHours(hi, h).getTime())
    }))
  })

  it('workingHoursBetween(start, addWorkingHours(start, h)) ≈ h', () => {
    fc.assert(fc.property(start, hours, (s, h) => {
      expect(workingHoursBetween(s, addWorkingHours(s, h))).toBeCloseTo(h, 6)
    }))
  })

  it('is additive: adding h1 then h2 equals adding h1 + h2', () => {
    fc.assert(fc.property(start, hours, hours, (s, h1, h2) => {
      const stepwise = addWorkingHours(addWorkingHours(s, h1), h2).getTime()
      // per-step rounding to whole milliseconds may differ by one
      expect(Math.abs(stepwise - addWorkingHours(s, h1 + h2).getTime())).toBeLessThanOrEqual(1)
    }))
  })

  it('workingHoursBetween is additive over consecutive intervals', () => {
    fc.assert(fc.property(start, start, start, (x, y, z) => {
      const [a, b, c] = [x, y, z].sort((p, q) => p.getTime() - q.getTime()) as [Date, Date, Date]
      expect(workingHoursBetween(a, b) + workingHoursBetween(b, c)).toBeCloseTo(workingHoursBetween(a, c), 6)
    }), { numRuns: 50 })
  })

  it('a deadline always falls inside working time of a working day', () => {
    fc.assert(fc.property(start, hours.filter(h => h > 0), (s, h) => {
      const deadline = addWorkingHours(s, h)
      const minutes = ((deadline.getTime() / 60_000 + 8 * 60) % (24 * 60) + 24 * 60) % (24 * 60)
      expect(isWorkingDay(deadline)).toBe(true)
      expect((minutes > 8 * 60 && minutes <= 12 * 60) || (minutes > 14 * 60 && minutes <= 18 * 60)).toBe(true)
    }))
  })
})
