/**
 * Reporting periods for the dashboard. Rollup rows are keyed by period (DESIGN.md §7): calendar
 * year `Y2026`, month `M2026-11`, week `W2026-11-16` (the Monday) and all time `A`. Any run of
 * whole months is answered from the fewest keys (whole years, then months), so a query reads a
 * handful of rows per territory. (No quarter keys: every key costs each insert a rollup write.) Calendar days are Beijing time
 * (UTC+8), the same clock the case numbers and the SLA clock use.
 */
const CST_MS = 8 * 3_600_000
const DAY_MS = 86_400_000

/** A run of whole calendar months, inclusive: `{ from: '2026-01', to: '2026-11' }`. */
export interface MonthRange { readonly from: string, readonly to: string }

/** The dashboard's period filter. */
export type Period
  = | { readonly kind: 'week', readonly week: string }
    | { readonly kind: 'months', readonly range: MonthRange }

export const ALL_TIME_KEY = 'A'

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

function parseMonth(month: string): { year: number, month: number } {
  const m = MONTH.exec(month)
  if (!m)
    throw new RangeError(`not a month (YYYY-MM): ${month}`)
  return { year: Number(m[1]), month: Number(m[2]) }
}

const pad = (n: number) => String(n).padStart(2, '0')

/** The Beijing calendar day of an instant, `YYYY-MM-DD`. */
export function dayOf(ms: number): string {
  return new Date(ms + CST_MS).toISOString().slice(0, 10)
}

/** `YYYY-MM` of an instant in Beijing time. */
export function monthOf(ms: number): string {
  return dayOf(ms).slice(0, 7)
}

/** The Monday (`YYYY-MM-DD`) of the Beijing week holding the instant. */
export function weekOf(ms: number): string {
  const local = ms + CST_MS
  const weekday = (new Date(local).getUTCDay() + 6) % 7 // Monday 0 … Sunday 6
  return new Date(local - weekday * DAY_MS).toISOString().slice(0, 10)
}

/** The instant a Beijing calendar day begins. */
export function dayStart(day: string): number {
  const ms = Date.parse(`${day}T00:00:00+08:00`)
  if (Number.isNaN(ms))
    throw new RangeError(`not a day (YYYY-MM-DD): ${day}`)
  return ms
}

/** The keys a single case contributes to: its year, month, week and all time. */
export function rollupKeysOf(reportedAt: number): string[] {
  const month = monthOf(reportedAt)
  return [`Y${month.slice(0, 4)}`, `M${month}`, `W${weekOf(reportedAt)}`, ALL_TIME_KEY]
}

/**
 * The fewest rollup keys that together cover exactly the months of `range`: whole years as `Y`,
 * the rest as `M`. Throws on a malformed or reversed range.
 */
export function monthRangeKeys(range: MonthRange): string[] {
  const from = parseMonth(range.from)
  const to = parseMonth(range.to)
  let i = from.year * 12 + from.month - 1
  const end = to.year * 12 + to.month - 1
  if (end < i)
    throw new RangeError(`the period ends (${range.to}) before it begins (${range.from})`)
  const keys: string[] = []
  while (i <= end) {
    const year = Math.floor(i / 12)
    const m = i % 12 // 0-based
    if (m === 0 && i + 11 <= end) {
      keys.push(`Y${year}`)
      i += 12
    }
    else {
      keys.push(`M${year}-${pad(m + 1)}`)
      i += 1
    }
  }
  return keys
}

/**
 * The rollup keys of a period. No case is reported in the future, so a range that reaches the
 * current month (`now`) may be read as running to the end of the year: "last 12 months" in
 * November becomes last December + this year's `Y` row — two keys instead of twelve.
 */
export function periodKeys(period: Period, now?: number): string[] {
  if (period.kind === 'week')
    return [`W${period.week}`]
  const { range } = period
  if (now !== undefined && range.to >= monthOf(now))
    return monthRangeKeys({ from: range.from, to: `${range.to.slice(0, 4)}-12` })
  return monthRangeKeys(range)
}

/** The months of a range, oldest first (the heatmap keeps month and week bins). */
export function monthsOf(range: MonthRange): string[] {
  const from = parseMonth(range.from)
  const to = parseMonth(range.to)
  const months: string[] = []
  for (let i = from.year * 12 + from.month - 1; i <= to.year * 12 + to.month - 1; i++)
    months.push(`${Math.floor(i / 12)}-${pad(i % 12 + 1)}`)
  return months
}

/** [start, end) instants of a period in Beijing time. */
export function periodBounds(period: Period): { start: number, end: number } {
  if (period.kind === 'week') {
    const start = dayStart(period.week)
    return { start, end: start + 7 * DAY_MS }
  }
  const to = parseMonth(period.range.to)
  const next = to.month === 12 ? `${to.year + 1}-01` : `${to.year}-${pad(to.month + 1)}`
  return { start: dayStart(`${period.range.from}-01`), end: dayStart(`${next}-01`) }
}

/** Named presets the dashboard offers, resolved against `now`. */
export const PERIOD_PRESETS = ['this_week', 'this_month', 'this_quarter', 'this_year', 'last_12_months', 'last_month'] as const
export type PeriodPreset = typeof PERIOD_PRESETS[number]

export function presetPeriod(preset: PeriodPreset, now: number): Period {
  const { year, month } = parseMonth(monthOf(now))
  const shift = (n: number) => {
    const i = year * 12 + month - 1 + n
    return `${Math.floor(i / 12)}-${pad(i % 12 + 1)}`
  }
  const current = shift(0)
  switch (preset) {
    case 'this_week': return { kind: 'week', week: weekOf(now) }
    case 'this_month': return { kind: 'months', range: { from: current, to: current } }
    case 'last_month': return { kind: 'months', range: { from: shift(-1), to: shift(-1) } }
    case 'this_quarter': return { kind: 'months', range: { from: shift(-((month - 1) % 3)), to: current } }
    case 'this_year': return { kind: 'months', range: { from: `${year}-01`, to: current } }
    case 'last_12_months': return { kind: 'months', range: { from: shift(-11), to: current } }
  }
}
