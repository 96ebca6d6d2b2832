/** The three lists and 双报到 (DESIGN.md §5): registrations, needs, resources, projects. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { decorateCases } from '../cases/index'
import { decorateLists } from './list-http'
import needs from './needs'
import projects from './projects'
import registrations from './registrations'
import resources from './resources'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  decorateLists(app)
  decorateCases(app) // for app.idempotency
  await app.register(registrations)
  await app.register(needs)
  await app.register(resources)
  await app.register(projects)
}
export default routes
