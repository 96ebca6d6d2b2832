import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { notFound, Page, PageQuery, SearchQuery, Street, StreetCode } from '@gridgov/domain'
import { Type } from 'typebox'
import { errors, parseBBox, window } from '../../http/schemas'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/streets', {
    schema: {
      tags: ['territory'],
      summary: 'List streets (街道/镇/乡)',
      querystring: Type.Object({ ...SearchQuery, ...PageQuery }, { additionalProperties: false }),
      response: { 200: Page(Street), ...errors },
    },
  }, async ({ query, scope }) => app.territory.listStreets(scope, { q: query.q, bbox: parseBBox(query.bbox) }, window(query)))

  app.get('/api/streets/:code', {
    schema: {
      tags: ['territory'],
      summary: 'One street',
      params: Type.Object({ code: StreetCode }, { additionalProperties: false }),
      response: { 200: Street, ...errors },
    },
  }, async ({ params, scope }) => app.territory.getStreet(scope, params.code) ?? Promise.reject(notFound('street', 'params.code', params.code)))
}
export default routes
