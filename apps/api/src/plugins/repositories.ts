/**
 * The data-access layer, wired once: every repository is created here on the open database and
 * decorated on the instance. Routes, services and jobs use these decorations, never tables — so
 * scope filters live in one place, and a second engine (PostgreSQL) plugs in here.
 */
import type { Database, LoginGuardOptions } from '@gridgov/db'
import type { FastifyInstance } from 'fastify'
import {
  createAccountRepository,
  createAuditRepository,
  createCaseRepository,
  createDashboardRepository,
  createIdempotencyRepository,
  createLoginGuard,
  createNeedRepository,
  createProjectRepository,
  createRegistrationRepository,
  createReportRepository,
  createResourceRepository,
  createSessionRepository,
  createTerritoryRepository,
  createUploadRepository,
} from '@gridgov/db'
import fp from 'fastify-plugin'

function repositories(database: Database, login: LoginGuardOptions) {
  return {
    territory: createTerritoryRepository(database),
    accounts: createAccountRepository(database),
    sessions: createSessionRepository(database),
    loginGuard: createLoginGuard(database, login),
    audit: createAuditRepository(database),
    cases: createCaseRepository(database),
    idempotency: createIdempotencyRepository(database),
    uploads: createUploadRepository(database),
    registrations: createRegistrationRepository(database),
    needs: createNeedRepository(database),
    resources: createResourceRepository(database),
    projects: createProjectRepository(database),
    reports: createReportRepository(database),
    dashboard: createDashboardRepository(database),
  }
}

type Repositories = ReturnType<typeof repositories>

declare module 'fastify' {
  interface FastifyInstance extends Repositories {}
}

export default fp<{ login: { lockThreshold: number, lockMs: number, maxLockMs: number } }>(async (app: FastifyInstance, { login }) => {
  const guard = { threshold: login.lockThreshold, lockMs: login.lockMs, maxLockMs: login.maxLockMs }
  for (const [name, repository] of Object.entries(repositories(app.database, guard)))
    app.decorate(name, repository as never)
}, { name: 'repositories', dependencies: ['database'] })
