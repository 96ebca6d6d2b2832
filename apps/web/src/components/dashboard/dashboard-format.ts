/** Number formatting for the dashboard's figures (pure, so charts and cards agree). */

export type KpiUnit = 'count' | 'percent' | 'hours'

/** A KPI value as shown: rates 0–1 → one decimal percent, hours one decimal, counts grouped. */
export function formatKpi(value: number | null, unit: KpiUnit): string {
  if (value === null)
    return '—'
  if (unit === 'percent')
    return (value * 100).toFixed(1)
  if (unit === 'hours')
    return value.toFixed(1)
  return value.toLocaleString('zh-CN')
}

/** A choropleth legend bound: rates as whole percents, counts as they are. */
export function formatBreak(value: number, unit: 'count' | 'percent'): string {
  return unit === 'percent' ? `${Math.round(value * 100)}%` : value.toLocaleString('zh-CN')
}

/** `HH:mm:ss` of a moment, for the "更新于" stamp. */
export function clockTime(date: Date): string {
  return date.toLocaleTimeString('zh-CN', { hour12: false })
}

/** Monday (YYYY-MM-DD) of the week a day (YYYY-MM-DD) falls in. */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7))
  return d.toISOString().slice(0, 10)
}

/** Daily rows summed per week (keyed by Monday) when a period is too long to read day by day. */
export function byWeek<T extends { day: string, reported: number, closed: number }>(days: readonly T[]): { day: string, reported: number, closed: number }[] {
  const weeks = new Map<string, { day: string, reported: number, closed: number }>()
  for (const d of days) {
    const key = mondayOf(d.day)
    const w = weeks.get(key) ?? { day: key, reported: 0, closed: 0 }
    w.reported += d.reported
    w.closed += d.closed
    weeks.set(key, w)
  }
  return [...weeks.values()].sort((a, b) => a.day.localeCompare(b.day))
}

/**
 * Every day from `from` to `to` (or today, whichever is first), with zeros where the API has no row:
 * a quiet Sunday is a point on the line, not a gap that joins Saturday to Monday.
 */
export function fillDays<T extends { day: string, reported: number, closed: number }>(days: readonly T[], from: string, to: string, today = new Date()): { day: string, reported: number, closed: number }[] {
  const byDay = new Map(days.map(d => [d.day, d]))
  const todayCst = new Date(today.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
  const last = to < todayCst ? to : todayCst
  const out: { day: string, reported: number, closed: number }[] = []
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= last; d.setUTCDate(d.getUTCDate() + 1)) {
    const day = d.toISOString().slice(0, 10)
    const row = byDay.get(day)
    out.push({ day, reported: row?.reported ?? 0, closed: row?.closed ?? 0 })
  }
  // rows beyond today (clock skew between server and browser) are kept rather than dropped
  for (const d of days) {
    if (d.day > last)
      out.push({ day: d.day, reported: d.reported, closed: d.closed })
  }
  return out
}
