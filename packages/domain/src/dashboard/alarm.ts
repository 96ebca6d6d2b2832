/**
 * When a dashboard figure is an alarm (DESIGN.md §9, issue 12 §8): red is kept for alarms — a rate
 * below its line, cases past their deadline — and never paints a good or neutral figure. The lines
 * for rates where higher is better are the choropleth's lowest classes (RATE_BREAKS: < 60 % red,
 * 60–80 % orange), so a card and the map agree on what is bad.
 */
import type { KpiKey } from './kpi'
import { KPI_DEFINITIONS } from './kpi'
import { RATE_BREAKS } from './legend'

export type KpiAlarm = 'alarm' | 'warning'

/** Alarm and warning lines of the rates; counts (立案数) and hours have none of their own. */
export const KPI_ALARM_LINES: Readonly<Partial<Record<KpiKey, { readonly alarm: number, readonly warning: number }>>> = {
  // higher is better: alarm below 60 %, warning below 80 %
  closeRate: { alarm: RATE_BREAKS[0], warning: RATE_BREAKS[1] },
  onTimeRate: { alarm: RATE_BREAKS[0], warning: RATE_BREAKS[1] },
  satisfactionRate: { alarm: RATE_BREAKS[0], warning: RATE_BREAKS[1] },
  // lower is better: one case in five reworked or extended is an alarm, one in ten a warning
  reworkRate: { alarm: 0.2, warning: 0.1 },
  extensionRate: { alarm: 0.2, warning: 0.1 },
}

/** 'alarm' (red), 'warning' (amber) or null (shown plainly) for a KPI value; "—" is never an alarm. */
export function kpiAlarm(key: KpiKey, value: number | null): KpiAlarm | null {
  const line = KPI_ALARM_LINES[key]
  if (!line || value === null)
    return null
  const worse = (a: number, b: number) => (KPI_DEFINITIONS[key].higherIsBetter ? a < b : a >= b)
  return worse(value, line.alarm) ? 'alarm' : worse(value, line.warning) ? 'warning' : null
}
