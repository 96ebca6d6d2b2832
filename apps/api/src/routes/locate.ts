import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { LocateQuery, LocateResult } from '@gridgov/domain'
import { errors } from '../http/schemas'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/locate', {
    config: { public: true },
    schema: {
      tags: ['map'],
      summary: 'Which grid a WGS-84 point falls in',
      description: 'Returns the grid, community and street containing the point, or `outside` with the nearest grid (distance to its boundary in metres).',
      querystring: LocateQuery,
      response: { 200: LocateResult, ...errors },
    },
  }, async ({ query }) => app.locator.locate(query.lon, query.lat))
}
export default routes
