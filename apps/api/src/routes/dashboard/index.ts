/**
 * The street dashboard (街道指挥中心): KPIs, ranking, choropleth values, trend, category mix,
 * SLA status and the pre-binned heatmap — all scoped to the caller's territory and narrowed by
 * `within` for drill-down. Counters come from rollup tables kept current by triggers.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Choropleth, ChoroplethQuery, DashboardCategories, DashboardPeriodQuery, DashboardSummary, DashboardTrend, DashboardUnits, DashboardUnitsQuery, ErrorResponse, Heat, HeatQuery } from '@gridgov/domain'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse } as const
const tags = ['dashboard']

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.dashboardService
  const catalog = app.cases.categories
  const openNeeds = (prefixes: readonly string[] | null) => app.dashboard.openNeedsByGrid(prefixes)

  app.get('/api/dashboard/summary', {
    schema: { tags, summary: 'KPIs of my territory (or `within`) for a period, with samples, and SLA status now', querystring: DashboardPeriodQuery, response: { 200: DashboardSummary, ...errors } },
  }, async request => service.summary(request.scope, request.query, app.now()))

  app.get('/api/dashboard/units', {
    schema: { tags, summary: 'Streets, communities or grids with their KPIs, ranked by one KPI (best first; "—" last)', querystring: DashboardUnitsQuery, response: { 200: DashboardUnits, ...errors } },
  }, async request => service.units(request.scope, request.query, app.now()))

  app.get('/api/dashboard/choropleth', {
    schema: { tags, summary: 'One value per grid for the map colours, with legend breaks', querystring: ChoroplethQuery, response: { 200: Choropleth, ...errors } },
  }, async request => service.choropleth(request.scope, request.query, app.now(), openNeeds))

  app.get('/api/dashboard/trend', {
    schema: { tags, summary: 'Cases reported and closed per day in the period', querystring: DashboardPeriodQuery, response: { 200: DashboardTrend, ...errors } },
  }, async request => service.trend(request.scope, request.query, app.now()))

  app.get('/api/dashboard/categories', {
    schema: { tags, summary: 'Cases reported per category in the period', querystring: DashboardPeriodQuery, response: { 200: DashboardCategories, ...errors } },
  }, async (request) => {
    const { period, rows } = service.categories(request.scope, request.query, app.now())
    return {
      period,
      items: rows.map((r) => {
        const c = catalog.byCode.get(r.code)
        return { code: r.code, name: c?.name ?? r.code, classCode: c?.classCode ?? '', className: c?.className ?? '', kind: c?.kind ?? '', reported: r.reported }
      }),
    }
  })

  app.get('/api/dashboard/heat', {
    schema: { tags, summary: 'Heatmap: pre-binned weighted cells (≤ 100,000) of case locations in the box', querystring: HeatQuery, response: { 200: Heat, ...errors } },
  }, async request => service.heat(request.scope, request.query, app.now()))
}

export default routes
