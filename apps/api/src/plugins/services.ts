/**
 * Services built on the repositories: the point → grid index (shared by /api/locate, case intake
 * and the dashboard's drill-down), the case-intake view of it, and the street dashboard.
 */
import type { DashboardRepository, TerritoryRepository } from '@gridgov/db'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createDashboardService } from '../services/dashboard'
import { caseLocator, createGridLocator } from '../services/grid-locator'

function services(territory: TerritoryRepository, dashboard: DashboardRepository, minSample: number) {
  const locator = createGridLocator(territory)
  return {
    locator,
    caseLocator: caseLocator(locator),
    dashboardService: createDashboardService(dashboard, locator, minSample),
  }
}

type Services = ReturnType<typeof services>

declare module 'fastify' {
  interface FastifyInstance extends Services {}
}

export default fp<{ minSample: number }>(async (app: FastifyInstance, { minSample }) => {
  for (const [name, service] of Object.entries(services(app.territory, app.dashboard, minSample)))
    app.decorate(name, service as never)
}, { name: 'services', dependencies: ['repositories'] })
