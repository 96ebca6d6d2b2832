import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Community, CommunityCode, notFound, Page, PageQuery, SearchQuery, StreetCode } from '@gridgov/domain'
import { Type } from 'typebox'
import { errors, parseBBox, window } from '../../http/schemas'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/communities', {
    schema: {
      tags: ['territory'],
      summary: 'List communities (社区/村)',
      querystring: Type.Object({ streetCode: Type.Optional(StreetCode), ...SearchQuery, ...PageQuery }, { additionalProperties: false }),
      response: { 200: Page(Community), ...errors },
    },
  }, async ({ query, scope }) => app.territory.listCommunities(scope, { streetCode: query.streetCode, q: query.q, bbox: parseBBox(query.bbox) }, window(query)))

  app.get('/api/communities/:code', {
    schema: {
      tags: ['territory'],
      summary: 'One community',
      params: Type.Object({ code: CommunityCode }, { additionalProperties: false }),
      response: { 200: Community, ...errors },
    },
  }, async ({ params, scope }) => app.territory.getCommunity(scope, params.code) ?? Promise.reject(notFound('community', 'params.code', params.code)))
}
export default routes
