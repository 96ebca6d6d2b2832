/**
 * The SLA clock (处置时限): deadlines, elapsed and remaining time for cases (DESIGN.md §4).
 *
 * Working time is 08:00–12:00 and 14:00–18:00 Beijing time on working days; working days are
 * Monday–Friday minus statutory holidays plus make-up workdays (调休), as published by the State
 * Council and packaged by `chinese-days`. Urgent categories count continuous (wall-clock) hours.
 * Every function is pure and independent of the machine's time zone: all calendar arithmetic is
 * done on UTC+8 explicitly.
 */
// The calendar data published by `chinese-days` (statutory holidays and make-up workdays keyed by
// YYYY-MM-DD). We read its JSON rather than call its isWorkday(): that function formats dates with
// the machine's local getters and its holiday table is built the same way, so west of UTC every
// holiday shifts by a day (seen under TZ=America/Los_Angeles with 1.5.7).
import calendar from 'chinese-days/dist/chinese-days.json' with { type: 'json' }

/** How a time limit is counted: working hours, or continuous hours for urgent categories. */
export const SLA_MODES = ['working', 'continuous'] as const
export type SlaMode = typeof SLA_MODES[number]

/** Where a case stands against its deadline. */
export type SlaStatus = 'on_time' | 'due_soon' | 'overdue'

/** Working periods of a working day, as [from, to) hours of Beijing local time. */
export const WORKING_PERIODS: readonly (readonly [number, number])[] = [[8, 12], [14, 18]]

/**
 * Due-soon rule: a case is due soon once less than 20 % of its limit, or less than 2 hours (in
 * the limit's own mode), remain — whichever comes first. The absolute floor keeps a 40-hour case
 * from turning amber only 8 hours before the end while a 4-hour case gets a sensible 2-hour warning;
 * limits of 2 hours or less are therefore due soon from the start, which is intended.
 */
export const DUE_SOON = { share: 0.2, hours: 2 } as const

const HOUR = 3_600_000
const DAY = 24 * HOUR
// Asia/Shanghai has been UTC+8 all year round since 1991 (no DST), so a fixed offset is exact.
const OFFSET = 8 * HOUR
const PERIODS_MS = WORKING_PERIODS.map(([from, to]) => [from * HOUR, to * HOUR] as const)

/** Thrown when a computation touches a year for which `chinese-days` has no holiday data. */
export class CalendarRangeError extends RangeError {
  constructor(readonly year: number) {
    super(rangeMessage(year))
    this.name = 'CalendarRangeError'
  }
}

function rangeMessage(year: number): string {
  const { firstYear, lastYear } = calendarCoverage()
  return `No statutory holiday data for ${year}: chinese-days covers ${firstYear}–${lastYear}. `
    + `Update the chinese-days package (it is refreshed when the State Council publishes the next `
    + `year's arrangement) before computing SLA times in ${year}.`
}

const holidays: Readonly<Record<string, string>> = calendar.holidays
const makeUpWorkdays: Readonly<Record<string, string>> = calendar.workdays

// New Year's Day is a statutory holiday every year, so a year whose 元旦 is in the table has its
// arrangement published. A year without data would otherwise count every holiday as a workday.
const coveredYears = new Set(Object.keys(holidays)
  .filter(day => day.endsWith('-01-01'))
  .map(day => Number(day.slice(0, 4))))

/** The years for which the installed `chinese-days` has holiday data (2004–2026 in 1.5.7). */
export function calendarCoverage(): { firstYear: number, lastYear: number } {
  return { firstYear: Math.min(...coveredYears), lastYear: Math.max(...coveredYears) }
}

/** Days since 1970-01-01 on the Beijing calendar. */
function dayIndexOf(ms: number): number {
  return Math.floor((ms + OFFSET) / DAY)
}

/** The UTC instant of Beijing midnight starting that day. */
function midnightOf(dayIndex: number): number {
  return dayIndex * DAY - OFFSET
}

/** Statutory holidays on fixed Gregorian dates: 元旦, 劳动节 (May 1–2), 国庆节 (Oct 1–3). */
const FIXED_HOLIDAYS = new Set(['01-01', '05-01', '05-02', '10-01', '10-02', '10-03'])

/**
 * True when `date` falls in the year after the installed holiday data, where working days follow
 * the provisional rule (weekdays minus fixed-date holidays) until `chinese-days` is updated.
 */
export function isProvisional(date: Date): boolean {
  return new Date(toMs(date, 'date') + OFFSET).getUTCFullYear() > calendarCoverage().lastYear
}

const workdays = new Map<number, boolean>()

function isWorkdayIndex(dayIndex: number): boolean {
  let work = workdays.get(dayIndex)
  if (work === undefined) {
    const date = new Date(dayIndex * DAY) // its UTC fields are the Beijing calendar date
    const year = date.getUTCFullYear()
    const key = date.toISOString().slice(0, 10)
    const weekday = date.getUTCDay()
    if (coveredYears.has(year)) {
      // the rule chinese-days itself applies: a make-up workday, or Mon–Fri that is not a holiday
      work = key in makeUpWorkdays || (weekday >= 1 && weekday <= 5 && !(key in holidays))
    }
    else if (year === calendarCoverage().lastYear + 1) {
      // The next year's arrangement is published late in the year (and the package a little after),
      // but December cases already have January deadlines. Until then: Mon–Fri minus the holidays
      // fixed by date in 《全国年节及纪念日放假办法》; lunar holidays and 调休 are unknown.
      // isProvisional() tells callers so they can say the deadline may still move.
      work = weekday >= 1 && weekday <= 5 && !FIXED_HOLIDAYS.has(key.slice(5))
    }
    else {
      throw new CalendarRangeError(year)
    }
    workdays.set(dayIndex, work)
  }
  return work
}

function toMs(date: Date, name: string): number {
  const ms = date instanceof Date ? date.getTime() : Number.NaN
  if (Number.isNaN(ms))
    throw new TypeError(`${name} must be a valid Date`)
  return ms
}

function toDuration(hours: number): number {
  if (!Number.isFinite(hours) || hours < 0)
    throw new RangeError(`hours must be a finite number ≥ 0, got ${hours}`)
  return Math.round(hours * HOUR)
}

/**
 * True when the Beijing calendar day containing `date` is a working day (Mon–Fri unless a
 * statutory holiday, or a make-up workday 调休). Throws CalendarRangeError outside the covered years.
 */
export function isWorkingDay(date: Date): boolean {
  return isWorkdayIndex(dayIndexOf(toMs(date, 'date')))
}

/**
 * The deadline `hours` working hours after `start`. A start outside working time counts from the
 * next working period; a deadline that lands exactly on the end of a period stays there (18:00
 * Friday, not 08:00 Monday). Zero hours returns `start`.
 */
export function addWorkingHours(start: Date, hours: number): Date {
  let t = toMs(start, 'start')
  let left = toDuration(hours)
  if (left === 0)
    return new Date(t)
  // Terminates: each day either consumes time or moves on, and an uncovered year throws.
  for (let day = dayIndexOf(t); ; day++) {
    if (!isWorkdayIndex(day))
      continue
    const midnight = midnightOf(day)
    for (const [from, to] of PERIODS_MS) {
      const end = midnight + to
      if (t >= end)
        continue
      const begin = Math.max(t, midnight + from)
      if (left <= end - begin)
        return new Date(begin + left)
      left -= end - begin
      t = end
    }
  }
}

/**
 * Working hours between two instants (平均处置时长 is averaged from these). Negative when `b` is
 * before `a`.
 */
export function workingHoursBetween(a: Date, b: Date): number {
  const from = toMs(a, 'a')
  const to = toMs(b, 'b')
  if (to < from)
    return -workingHoursBetween(b, a)
  let total = 0
  for (let day = dayIndexOf(from); day <= dayIndexOf(to); day++) {
    if (!isWorkdayIndex(day))
      continue
    const midnight = midnightOf(day)
    for (const [start, end] of PERIODS_MS) {
      const overlap = Math.min(to, midnight + end) - Math.max(from, midnight + start)
      if (overlap > 0)
        total += overlap
    }
  }
  return total / HOUR
}

/** The deadline `hours` wall-clock hours after `start`, for urgent categories. */
export function addContinuousHours(start: Date, hours: number): Date {
  return new Date(toMs(start, 'start') + toDuration(hours))
}

/** The deadline `hours` after `start`, counted in the category's mode. */
export function addHours(start: Date, hours: number, mode: SlaMode): Date {
  return mode === 'working' ? addWorkingHours(start, hours) : addContinuousHours(start, hours)
}

/** Hours from `a` to `b` in the given mode; negative when `b` is before `a`. */
export function hoursBetween(a: Date, b: Date, mode: SlaMode): number {
  return mode === 'working'
    ? workingHoursBetween(a, b)
    : (toMs(b, 'b') - toMs(a, 'a')) / HOUR
}

/**
 * Hours left until the deadline in the given mode; negative once overdue (how far past it). Over a
 * weekend an overdue working-hour case stays at the same value — no working time has passed.
 */
export function remaining(deadline: Date, now: Date, mode: SlaMode): number {
  return hoursBetween(now, deadline, mode)
}

/**
 * On time, due soon or overdue. Overdue is decided on instants alone (`now > deadline`), so a
 * database filter `deadline < now` agrees with it. `total` is the case's whole limit in the same
 * mode (for an extended case: from dispatch to the extended deadline); see DUE_SOON for the rule.
 */
export function slaStatus(deadline: Date, now: Date, total: number, mode: SlaMode = 'working'): SlaStatus {
  if (!Number.isFinite(total) || total <= 0)
    throw new RangeError(`total must be a positive number of hours, got ${total}`)
  if (toMs(now, 'now') > toMs(deadline, 'deadline'))
    return 'overdue'
  const left = remaining(deadline, now, mode)
  return left < Math.max(DUE_SOON.share * total, DUE_SOON.hours) ? 'due_soon' : 'on_time'
}
