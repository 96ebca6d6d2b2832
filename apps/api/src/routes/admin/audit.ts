import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AuditEntry, AuditQuery, badRequest, ErrorResponse, Page } from '@gridgov/domain'
import { window } from '../../http/schemas'

/** Search the audit log (admin only): by user, action and date range (China Standard Time days). */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/admin/audit', {
    config: { roles: ['admin'] },
    schema: {
      tags: ['admin'],
      summary: 'Search the audit log',
      querystring: AuditQuery,
      response: { 200: Page(AuditEntry), 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
    },
  }, async ({ query }) => {
    if (query.from && query.to && query.from > query.to)
      throw badRequest('query.from', 'query.from must not be after query.to', 'after query.to')
    return app.audit.search(query, window(query))
  })
}
export default routes
