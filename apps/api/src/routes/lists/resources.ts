/** 资源清单: resources offered by units and Party members in my area, withdrawn, and matched with needs. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CountedPage, MatchQuery, NeedMatches, Resource, ResourceBody, ResourceListQuery } from '@gridgov/domain'
import { Type } from 'typebox'
import { expectedVersion } from '../cases/case-http'
import { callerOf, conflict, errors, IdParams, missing, run, writers } from './list-http'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/resources', {
    schema: { tags: ['lists'], summary: '资源清单: resources in my area with remaining capacity and counts by status', querystring: ResourceListQuery, response: { 200: CountedPage(Resource), ...errors } },
  }, async request => app.resources.list(request.query, callerOf(request), app.now()))

  app.get('/api/resources/:id', {
    schema: { tags: ['lists'], summary: 'A resource', params: IdParams, response: { 200: Resource, ...errors } },
  }, async (request, reply) => {
    const resource = app.resources.get(request.params.id, callerOf(request), app.now())
    if (!resource)
      throw missing('resource', request.params.id)
    reply.header('etag', `"${resource.version}"`)
    return resource
  })

  app.post('/api/resources', {
    config: writers,
    schema: { tags: ['lists'], summary: '登记资源 offered by a registered unit or Party member', body: ResourceBody, response: { 201: Resource, ...errors } },
  }, async (request, reply) => {
    const resource = run(() => app.resources.create(request.body, callerOf(request), app.now()))
    request.audit('resource.create', `resource:${resource.id}`, `${resource.title} (${resource.type}, ${resource.capacity} ${resource.measure}) from ${resource.provider}`)
    return reply.status(201).send(resource)
  })

  app.post('/api/resources/:id/withdraw', {
    config: writers,
    schema: {
      tags: ['lists'],
      summary: '撤回资源: the provider no longer offers it (projects already using it keep their share)',
      params: IdParams,
      body: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
      response: { 200: Resource, 409: conflict(Resource), 412: conflict(Resource), ...errors },
    },
  }, async (request) => {
    const resource = run(() => app.resources.withdraw(request.params.id, expectedVersion(request, request.body.version), callerOf(request), app.now()))
    request.audit('resource.withdraw', `resource:${resource.id}`, `withdrawn (v${resource.version})`)
    return resource
  })

  app.get('/api/resources/:id/matches', {
    schema: { tags: ['lists'], summary: '可服务的需求: open needs this resource could serve, ranked by the same explained score', params: IdParams, querystring: MatchQuery, response: { 200: NeedMatches, ...errors } },
  }, async (request) => {
    const caller = callerOf(request)
    const resource = app.resources.get(request.params.id, caller, app.now())
    if (!resource)
      throw missing('resource', request.params.id)
    return app.resources.forResource(resource, caller, request.query.limit ?? 10)
  })
}
export default routes
