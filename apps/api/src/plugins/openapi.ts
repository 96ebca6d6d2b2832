import type { FastifyInstance } from 'fastify'
/** OpenAPI 3.1 generated from the route schemas; JSON at /docs/json, Swagger UI at /docs. */
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'

export default fp(async (app: FastifyInstance) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'GridGov API',
        description: '网格化党建 community governance platform: territory, grids, buildings, grid staff and map layers.',
        version: '0.1.0',
      },
      tags: [
        { name: 'system', description: 'health and configuration' },
        { name: 'territory', description: 'streets, communities, grids, buildings, grid staff' },
        { name: 'map', description: 'map layers and point → grid lookup' },
        { name: 'auth', description: 'sign in, sessions (cookie `gg_session`; send `x-csrf-token` on writes)' },
        { name: 'cases', description: 'residents\' requests: intake, board, the loop (立案 → 派遣 → 处置 → 核查结案 → 评价)' },
        { name: 'public', description: 'no login: a resident reports, tracks and rates' },
        { name: 'admin', description: 'accounts and the audit log (admin only)' },
      ],
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
}, { name: 'openapi' })
