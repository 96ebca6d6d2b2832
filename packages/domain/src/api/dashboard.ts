import type { Static } from 'typebox'
/** Request and response shapes of the street dashboard API (KPIs, map layers, charts). */
import { Type } from 'typebox'
import { KPI_KEYS } from '../dashboard/kpi'
import { PERIOD_PRESETS } from '../dashboard/period'

const closed = { additionalProperties: false } as const
const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM (Beijing time)' })

/**
 * The period filter: a preset, or a month range (from/to), or a week (its Monday). The default is
 * this month. `within` drills down to a street, community or grid inside the caller's scope.
 */
export const DashboardQuery = {
  period: Type.Optional(Type.Enum(PERIOD_PRESETS)),
  from: Type.Optional(Month),
  to: Type.Optional(Month),
  week: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'the Monday of the week, YYYY-MM-DD' })),
  within: Type.Optional(Type.String({ pattern: '^([0-9]{6}|[0-9]{9}|[0-9]{12}|[0-9]{15})$', description: 'district, street, community or grid code' })),
}
export const DashboardPeriodQuery = Type.Object(DashboardQuery, closed)
export type DashboardPeriodQuery = Static<typeof DashboardPeriodQuery>

export const KpiKeySchema = Type.Enum(KPI_KEYS)

export const KpiValueSchema = Type.Object({
  key: KpiKeySchema,
  value: Type.Union([Type.Number(), Type.Null()], { description: 'null: below the minimum sample ("—")' }),
  numerator: Type.Number(),
  denominator: Type.Number(),
  sample: Type.Integer(),
})

const Count = Type.Integer({ minimum: 0 })
export const CaseCountsSchema = Type.Object({
  reported: Count,
  filed: Count,
  cancelled: Count,
  open: Count,
  closed: Count,
  closedOnTime: Count,
  closedReworked: Count,
  closedExtended: Count,
  handled: Count,
  handlingMinutes: Count,
  rated: Count,
  satisfied: Count,
  overdueOpen: Count,
  overdueReworked: Count,
  overdueExtended: Count,
})

const Kpis = Type.Object(Object.fromEntries(KPI_KEYS.map(k => [k, KpiValueSchema])) as Record<typeof KPI_KEYS[number], typeof KpiValueSchema>)

export const PeriodInfo = Type.Object({
  kind: Type.Enum(['week', 'months'] as const),
  /** the preset, when one was chosen */
  preset: Type.Union([Type.Enum(PERIOD_PRESETS), Type.Null()]),
  from: Type.String({ description: 'first day, YYYY-MM-DD' }),
  to: Type.String({ description: 'last day, YYYY-MM-DD' }),
})

export const SlaCountsSchema = Type.Object({ onTime: Count, dueSoon: Count, overdue: Count })

/**
 * 在办: the cases open now, whatever their reporting date (independent of the period), by where
 * they wait. total = atDesk + handling + awaitingCheck; `handling` is the SLA ring's total.
 */
export const OpenNowSchema = Type.Object({
  total: Count,
  /** 待立案/待派遣: reported or filed, at the desk; no time limit runs yet */
  atDesk: Count,
  /** 处置中: dispatched or accepted, the time limit running (the cases of `sla`) */
  handling: Count,
  /** 待核查: resolved, awaiting the community's check */
  awaitingCheck: Count,
  /** past their deadline now, being handled or awaiting the check */
  overdue: Count,
})

export const DashboardSummary = Type.Object({
  period: PeriodInfo,
  within: Type.Union([Type.String(), Type.Null()]),
  minSample: Type.Integer(),
  counts: CaseCountsSchema,
  kpis: Kpis,
  /** open cases now (independent of the period) */
  openNow: OpenNowSchema,
  /** cases being handled now (dispatched, in progress) by SLA status (independent of the period) */
  sla: SlaCountsSchema,
  generatedAt: Type.String(),
})
export type DashboardSummary = Static<typeof DashboardSummary>

export const UNIT_LEVELS = ['street', 'community', 'grid'] as const
export const DashboardUnitsQuery = Type.Object({
  ...DashboardQuery,
  level: Type.Enum(UNIT_LEVELS),
  sort: Type.Optional(KpiKeySchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
}, closed)
export type DashboardUnitsQuery = Static<typeof DashboardUnitsQuery>

export const DashboardUnit = Type.Object({
  code: Type.String(),
  name: Type.String(),
  /** rank by `sort`, best first; null below the minimum sample */
  rank: Type.Union([Type.Integer(), Type.Null()]),
  counts: CaseCountsSchema,
  kpis: Kpis,
})
export const DashboardUnits = Type.Object({
  level: Type.Enum(UNIT_LEVELS),
  sort: KpiKeySchema,
  minSample: Type.Integer(),
  period: PeriodInfo,
  total: Type.Integer(),
  items: Type.Array(DashboardUnit),
})
export type DashboardUnits = Static<typeof DashboardUnits>

export const CHOROPLETH_METRICS = ['open', 'overdue', 'new_this_week', 'on_time_rate', 'satisfaction_rate', 'open_needs'] as const
export type ChoroplethMetric = typeof CHOROPLETH_METRICS[number]

export const ChoroplethQuery = Type.Object({ ...DashboardQuery, metric: Type.Enum(CHOROPLETH_METRICS) }, closed)
export type ChoroplethQuery = Static<typeof ChoroplethQuery>

export const Choropleth = Type.Object({
  metric: Type.Enum(CHOROPLETH_METRICS),
  unit: Type.Enum(['count', 'percent'] as const),
  /**
   * grids with a value, sorted by code, and their values (rates 0–1; null: below the minimum
   * sample); grids absent have 0. Two aligned arrays: 25,000 grids as an object cost more to
   * build and serialize than the query behind them.
   */
  grids: Type.Array(Type.String()),
  values: Type.Array(Type.Union([Type.Number(), Type.Null()])),
  /** class breaks for the legend, ascending: class i holds values in [breaks[i-1], breaks[i]) */
  breaks: Type.Array(Type.Number()),
  higherIsBetter: Type.Boolean(),
  minSample: Type.Integer(),
  period: PeriodInfo,
})
export type Choropleth = Static<typeof Choropleth>

export const DashboardTrend = Type.Object({
  period: PeriodInfo,
  days: Type.Array(Type.Object({ day: Type.String(), reported: Count, closed: Count })),
})
export type DashboardTrend = Static<typeof DashboardTrend>

export const DashboardCategories = Type.Object({
  period: PeriodInfo,
  items: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), classCode: Type.String(), className: Type.String(), kind: Type.String(), reported: Count })),
})
export type DashboardCategories = Static<typeof DashboardCategories>

export const HeatQuery = Type.Object({
  ...DashboardQuery,
  /** a subcategory code, or all categories when absent */
  category: Type.Optional(Type.String({ pattern: '^[CES][0-9]{4}$' })),
  zoom: Type.Integer({ minimum: 0, maximum: 22 }),
  bbox: Type.String({ pattern: '^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$', description: 'minLon,minLat,maxLon,maxLat' }),
}, closed)
export type HeatQuery = Static<typeof HeatQuery>

export const Heat = Type.Object({
  level: Type.Integer(),
  cellDegrees: Type.Number(),
  /** flat [lon, lat, weight, lon, lat, weight, …] at cell centres */
  bins: Type.Array(Type.Number()),
  count: Type.Integer(),
  max: Type.Integer(),
  truncated: Type.Boolean(),
  period: PeriodInfo,
})
export type Heat = Static<typeof Heat>
