/** 需求清单: needs in my area, added by hand or from resident cases, closed, and matched with resources. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CountedPage, LIST_WRITERS, MatchQuery, Need, NeedBody, NeedCloseBody, NeedDetail, NeedFromCasesBody, NeedListQuery, notFound, ResourceMatches } from '@gridgov/domain'
import { callerOf } from '../../http/caller'
import { conflict, errors, IdParams } from '../../http/schemas'
import { expectedVersion, once } from '../../http/writes'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/needs', {
    schema: { tags: ['lists'], summary: '需求清单: needs in my area, most pressing first, with counts by status', querystring: NeedListQuery, response: { 200: CountedPage(Need), ...errors } },
  }, async request => app.needs.list(request.query, callerOf(request)))

  app.get('/api/needs/:id', {
    schema: { tags: ['lists'], summary: 'A need with its linked cases and projects', params: IdParams, response: { 200: NeedDetail, ...errors } },
  }, async (request, reply) => {
    const need = app.needs.get(request.params.id, callerOf(request))
    if (!need)
      throw notFound('need', 'params.id', request.params.id)
    reply.header('etag', `"${need.version}"`)
    return need
  })

  app.post('/api/needs', {
    config: { roles: LIST_WRITERS },
    schema: { tags: ['lists'], summary: '登记需求 from a door-to-door visit (入户走访), a survey or otherwise', body: NeedBody, response: { 201: NeedDetail, ...errors } },
  }, async (request, reply) => once(request, reply, () => {
    const need = app.needs.create(request.body, callerOf(request), app.now())
    request.audit('need.create', `need:${need.id}`, `${need.title} (${need.source}, ${need.communityCode})`)
    return { status: 201, body: need }
  }))

  app.post('/api/needs/from-cases', {
    config: { roles: LIST_WRITERS },
    schema: { tags: ['lists'], summary: '诉求转需求: turn related resident cases into one need (the cases stay linked)', body: NeedFromCasesBody, response: { 201: NeedDetail, ...errors } },
  }, async (request, reply) => once(request, reply, () => {
    const need = app.needs.fromCases(request.body, callerOf(request), app.now())
    request.audit('need.create', `need:${need.id}`, `${need.title} from ${request.body.caseIds.length} cases`)
    return { status: 201, body: need }
  }))

  app.post('/api/needs/:id/close', {
    config: { roles: LIST_WRITERS },
    schema: {
      tags: ['lists'],
      summary: '关闭需求 with a note (only while no project works on it)',
      description: 'Send the version you saw as `If-Match` or `body.version`: a stale one answers 412 with the current need.',
      params: IdParams,
      body: NeedCloseBody,
      response: { 200: NeedDetail, 409: conflict(NeedDetail), 412: conflict(NeedDetail), ...errors },
    },
  }, async (request, reply) => {
    const version = expectedVersion(request, request.body.version)
    return once(request, reply, () => {
      const need = app.needs.close(request.params.id, request.body.note, version, callerOf(request), app.now())
      request.audit('need.close', `need:${need.id}`, `closed (v${need.version})`)
      return { status: 200, body: need }
    })
  })

  app.get('/api/needs/:id/matches', {
    schema: { tags: ['lists'], summary: '推荐资源: resources for this need, ranked by an explained score', params: IdParams, querystring: MatchQuery, response: { 200: ResourceMatches, ...errors } },
  }, async (request) => {
    const caller = callerOf(request)
    const need = app.needs.get(request.params.id, caller)
    if (!need)
      throw notFound('need', 'params.id', request.params.id)
    return app.resources.forNeed(need, caller, app.now(), request.query.limit ?? 10)
  })
}
export default routes
