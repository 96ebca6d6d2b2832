import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { schemaVersion } from '@gridgov/db'
import { Health } from '@gridgov/domain'

const startedAt = Date.now()

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/health', {
    config: { public: true },
    schema: { tags: ['system'], summary: 'Liveness and database check', response: { 200: Health } },
  }, async () => ({
    status: 'ok' as const,
    version: process.env.npm_package_version ?? '0.1.0',
    uptimeS: Math.round((Date.now() - startedAt) / 1000),
    db: { grids: app.territory.gridCount(), schemaVersion: schemaVersion(app.database) },
  }))
}
export default routes
