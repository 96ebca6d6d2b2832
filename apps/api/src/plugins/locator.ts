/** The point → grid index, shared by /api/locate and case intake. */
import type { FastifyInstance } from 'fastify'
import type { GridLocator } from '../services/grid-locator'
import fp from 'fastify-plugin'
import { createGridLocator } from '../services/grid-locator'

declare module 'fastify' {
  interface FastifyInstance {
    locator: GridLocator
  }
}

export default fp(async (app: FastifyInstance) => {
  app.decorate('locator', createGridLocator(app.territory))
}, { name: 'locator', dependencies: ['database'] })
