/** The three lists and 双报到 (DESIGN.md §5): registrations, needs, resources, projects. */
import type { FastifyPluginAsync } from 'fastify'
import needs from './needs'
import projects from './projects'
import registrations from './registrations'
import resources from './resources'

const routes: FastifyPluginAsync = async (app) => {
  await app.register(registrations)
  await app.register(needs)
  await app.register(resources)
  await app.register(projects)
}
export default routes
