/** 资源清单: resources offered by units and Party members in my area, withdrawn, and matched with needs. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CountedPage, LIST_WRITERS, MatchQuery, NeedMatches, notFound, Resource, ResourceBody, ResourceListQuery } from '@gridgov/domain'
import { Type } from 'typebox'
import { callerOf } from '../../http/caller'
import { conflict, errors, IdParams } from '../../http/schemas'
import { expectedVersion, once } from '../../http/writes'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/resources', {
    schema: { tags: ['lists'], summary: '资源清单: resources in my area with remaining capacity and counts by status', querystring: ResourceListQuery, response: { 200: CountedPage(Resource), ...errors } },
  }, async request => app.resources.list(request.query, callerOf(request), app.now()))

  app.get('/api/resources/:id', {
    schema: { tags: ['lists'], summary: 'A resource', params: IdParams, response: { 200: Resource, ...errors } },
  }, async (request, reply) => {
    const resource = app.resources.get(request.params.id, callerOf(request), app.now())
    if (!resource)
      throw notFound('resource', 'params.id', request.params.id)
    reply.header('etag', `"${resource.version}"`)
    return resource
  })

  app.post('/api/resources', {
    config: { roles: LIST_WRITERS },
    schema: { tags: ['lists'], summary: '登记资源 offered by a registered unit or Party member', body: ResourceBody, response: { 201: Resource, ...errors } },
  }, async (request, reply) => once(request, reply, () => {
    const resource = app.resources.create(request.body, callerOf(request), app.now())
    request.audit('resource.create', `resource:${resource.id}`, `${resource.title} (${resource.type}, ${resource.capacity} ${resource.measure}) from ${resource.provider}`)
    return { status: 201, body: resource }
  }))

  app.post('/api/resources/:id/withdraw', {
    config: { roles: LIST_WRITERS },
    schema: {
      tags: ['lists'],
      summary: '撤回资源: the provider no longer offers it (projects already using it keep their share)',
      description: 'Send the version you saw as `If-Match` or `body.version`: a stale one answers 412 with the current resource.',
      params: IdParams,
      body: Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })) }, { additionalProperties: false }),
      response: { 200: Resource, 409: conflict(Resource), 412: conflict(Resource), ...errors },
    },
  }, async (request, reply) => {
    const version = expectedVersion(request, request.body.version)
    return once(request, reply, () => {
      const resource = app.resources.withdraw(request.params.id, version, callerOf(request), app.now())
      request.audit('resource.withdraw', `resource:${resource.id}`, `withdrawn (v${resource.version})`)
      return { status: 200, body: resource }
    })
  })

  app.get('/api/resources/:id/matches', {
    schema: { tags: ['lists'], summary: '可服务的需求: open needs this resource could serve, ranked by the same explained score', params: IdParams, querystring: MatchQuery, response: { 200: NeedMatches, ...errors } },
  }, async (request) => {
    const caller = callerOf(request)
    const resource = app.resources.get(request.params.id, caller, app.now())
    if (!resource)
      throw notFound('resource', 'params.id', request.params.id)
    return app.resources.forResource(resource, caller, request.query.limit ?? 10)
  })
}
export default routes
