import type { KpiKey } from '@gridgov/domain'
import type { KpiUnit } from './dashboard-format'

/*
 * Runtime mirror of KPI_DEFINITIONS (@gridgov/domain, kpi.ts): the web imports only types from the
 * domain package. Labels and formulas live in the locale files (dashboard.kpi / dashboard.formula);
 * the browser test checks the Chinese formulas against the domain's.
 */
type Exhaustive<All, Listed extends All> = [Exclude<All, Listed>] extends [never] ? true : never

export const KPI_ORDER = ['filed', 'closeRate', 'onTimeRate', 'reworkRate', 'extensionRate', 'avgHandlingHours', 'satisfactionRate'] as const satisfies readonly KpiKey[]
export const KPI_ORDER_COMPLETE: Exhaustive<KpiKey, typeof KPI_ORDER[number]> = true

export const KPI_UNIT: Record<KpiKey, KpiUnit> = {
  filed: 'count',
  closeRate: 'percent',
  onTimeRate: 'percent',
  reworkRate: 'percent',
  extensionRate: 'percent',
  avgHandlingHours: 'hours',
  satisfactionRate: 'percent',
}
