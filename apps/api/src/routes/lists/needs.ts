/** 需求清单: needs in my area, added by hand or from resident cases, closed, and matched with resources. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CountedPage, MatchQuery, Need, NeedBody, NeedCloseBody, NeedDetail, NeedFromCasesBody, NeedListQuery, ResourceMatches } from '@gridgov/domain'
import { expectedVersion } from '../cases/case-http'
import { callerOf, conflict, errors, IdParams, missing, run, writers } from './list-http'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/needs', {
    schema: { tags: ['lists'], summary: '需求清单: needs in my area, most pressing first, with counts by status', querystring: NeedListQuery, response: { 200: CountedPage(Need), ...errors } },
  }, async request => app.needs.list(request.query, callerOf(request)))

  app.get('/api/needs/:id', {
    schema: { tags: ['lists'], summary: 'A need with its linked cases and projects', params: IdParams, response: { 200: NeedDetail, ...errors } },
  }, async (request, reply) => {
    const need = app.needs.get(request.params.id, callerOf(request))
    if (!need)
      throw missing('need', request.params.id)
    reply.header('etag', `"${need.version}"`)
    return need
  })

  app.post('/api/needs', {
    config: writers,
    schema: { tags: ['lists'], summary: '登记需求 from a door-to-door visit (入户走访), a survey or otherwise', body: NeedBody, response: { 201: NeedDetail, ...errors } },
  }, async (request, reply) => {
    const need = run(() => app.needs.create(request.body, callerOf(request), app.now()))
    request.audit('need.create', `need:${need.id}`, `${need.title} (${need.source}, ${need.communityCode})`)
    return reply.status(201).send(need)
  })

  app.post('/api/needs/from-cases', {
    config: writers,
    schema: { tags: ['lists'], summary: '诉求转需求: turn related resident cases into one need (the cases stay linked)', body: NeedFromCasesBody, response: { 201: NeedDetail, ...errors } },
  }, async (request, reply) => {
    const need = run(() => app.needs.fromCases(request.body, callerOf(request), app.now()))
    request.audit('need.create', `need:${need.id}`, `${need.title} from ${request.body.caseIds.length} cases`)
    return reply.status(201).send(need)
  })

  app.post('/api/needs/:id/close', {
    config: writers,
    schema: {
      tags: ['lists'],
      summary: '关闭需求 with a note (only while no project works on it)',
      description: 'Send the version you saw as `If-Match` or `body.version`: a stale one answers 412 with the current need.',
      params: IdParams,
      body: NeedCloseBody,
      response: { 200: NeedDetail, 409: conflict(NeedDetail), 412: conflict(NeedDetail), ...errors },
    },
  }, async (request) => {
    const version = expectedVersion(request, request.body.version)
    const need = run(() => app.needs.close(request.params.id, request.body.note, version, callerOf(request), app.now()))
    request.audit('need.close', `need:${need.id}`, `closed (v${need.version})`)
    return need
  })

  app.get('/api/needs/:id/matches', {
    schema: { tags: ['lists'], summary: '推荐资源: resources for this need, ranked by an explained score', params: IdParams, querystring: MatchQuery, response: { 200: ResourceMatches, ...errors } },
  }, async (request) => {
    const caller = callerOf(request)
    const need = app.needs.get(request.params.id, caller)
    if (!need)
      throw missing('need', request.params.id)
    return app.resources.forNeed(need, caller, app.now(), request.query.limit ?? 10)
  })
}
export default routes
