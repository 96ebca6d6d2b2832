import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Building, BuildingCode, BuildingTypeSchema, CommunityCode, GridCode, notFound, Page, PageQuery, SearchQuery, StreetCode } from '@gridgov/domain'
import { Type } from 'typebox'
import { errors, parseBBox, window } from '../../http/schemas'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/buildings', {
    schema: {
      tags: ['territory'],
      summary: 'List buildings (楼栋)',
      querystring: Type.Object({
        streetCode: Type.Optional(StreetCode),
        communityCode: Type.Optional(CommunityCode),
        gridCode: Type.Optional(GridCode),
        type: Type.Optional(BuildingTypeSchema),
        ...SearchQuery,
        ...PageQuery,
      }, { additionalProperties: false }),
      response: { 200: Page(Building), ...errors },
    },
  }, async ({ query, scope }) => app.territory.listBuildings(scope, {
    streetCode: query.streetCode,
    communityCode: query.communityCode,
    gridCode: query.gridCode,
    type: query.type,
    q: query.q,
    bbox: parseBBox(query.bbox),
  }, window(query)))

  app.get('/api/buildings/:code', {
    schema: {
      tags: ['territory'],
      summary: 'One building',
      params: Type.Object({ code: BuildingCode }, { additionalProperties: false }),
      response: { 200: Building, ...errors },
    },
  }, async ({ params, scope }) => app.territory.getBuilding(scope, params.code) ?? Promise.reject(notFound('building', 'params.code', params.code)))
}
export default routes
