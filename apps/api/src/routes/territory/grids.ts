import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Building, CommunityCode, Grid, GridCode, GridDetail, notFound, Page, PageQuery, SearchQuery, StaffMember, StreetCode } from '@gridgov/domain'
import { Type } from 'typebox'
import { errors, parseBBox, window } from '../../http/schemas'

const GridParams = Type.Object({ code: GridCode }, { additionalProperties: false })

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/grids', {
    schema: {
      tags: ['territory'],
      summary: 'List grids (网格)',
      querystring: Type.Object({
        streetCode: Type.Optional(StreetCode),
        communityCode: Type.Optional(CommunityCode),
        ...SearchQuery,
        ...PageQuery,
      }, { additionalProperties: false }),
      response: { 200: Page(Grid), ...errors },
    },
  }, async ({ query, scope }) => app.territory.listGrids(scope, {
    streetCode: query.streetCode,
    communityCode: query.communityCode,
    q: query.q,
    bbox: parseBBox(query.bbox),
  }, window(query)))

  app.get('/api/grids/:code', {
    schema: { tags: ['territory'], summary: 'One grid with its staff and building counts', params: GridParams, response: { 200: GridDetail, ...errors } },
  }, async ({ params, scope }) => app.territory.getGrid(scope, params.code) ?? Promise.reject(notFound('grid', 'params.code', params.code)))

  app.get('/api/grids/:code/staff', {
    schema: {
      tags: ['territory'],
      summary: 'A grid\'s leader (网格长) and members (网格员), leader first; phones masked',
      params: GridParams,
      response: { 200: Type.Object({ items: Type.Array(StaffMember) }, { additionalProperties: false }), ...errors },
    },
  }, async ({ params, scope }) => {
    const items = app.territory.gridStaff(scope, params.code)
    if (!items)
      throw notFound('grid', 'params.code', params.code)
    return { items }
  })

  app.get('/api/grids/:code/buildings', {
    schema: {
      tags: ['territory'],
      summary: 'A grid\'s buildings (楼栋)',
      params: GridParams,
      querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
      response: { 200: Page(Building), ...errors },
    },
  }, async ({ params, query, scope }) => {
    if (!app.territory.gridExists(scope, params.code))
      throw notFound('grid', 'params.code', params.code)
    return app.territory.listBuildings(scope, { gridCode: params.code }, window(query))
  })
}
export default routes
