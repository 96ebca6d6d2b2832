/**
 * Cases for signed-in staff: intake, the scoped board, detail, duplicates and the loop's steps.
 * Every POST accepts an Idempotency-Key; every step names the version it saw (If-Match / body).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CaseActionBody, CaseConflict, CaseDetail, CaseListQuery, CaseSummary, CreateCaseBody, IntakeResult, notFound, Page } from '@gridgov/domain'
import { Type } from 'typebox'
import { callerOf } from '../../http/caller'
import { errors, IdParams } from '../../http/schemas'
import { expectedVersion, idempotencyKey, once, principalOf, routeKeyOf, sendStored } from '../../http/writes'

const CODE_CATEGORY = '^[CES][0-9]{4}$'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/categories', {
    config: { public: true },
    schema: { tags: ['cases'], summary: 'Case categories (部件 / 事件 / 社区服务) with time limits', response: { 200: Type.Object({ version: Type.String(), classes: Type.Array(Type.Unknown()) }) } },
  }, async () => ({ version: app.cases.categories.version, classes: app.cases.categories.classes as unknown[] }))

  app.get('/api/cases', {
    schema: { tags: ['cases'], summary: 'The case board: cases in my territory, filtered', querystring: CaseListQuery, response: { 200: Page(CaseSummary), ...errors } },
  }, async request => app.cases.list(request.query, callerOf(request), app.now()))

  app.get('/api/cases/duplicates', {
    schema: {
      tags: ['cases'],
      summary: 'Possible duplicates (same category within 50 m and 7 days, or open in the same building), and apart the other open requests in that building',
      querystring: Type.Object({
        categoryCode: Type.Optional(Type.String({ pattern: CODE_CATEGORY })),
        lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
        lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
        buildingCode: Type.Optional(Type.String({ pattern: '^[0-9]{18}$' })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          items: Type.Array(CaseSummary, { description: 'possible duplicates: the same category' }),
          sameBuilding: Type.Array(CaseSummary, { description: 'other open requests in the same building (other categories): not duplicates' }),
        }, { additionalProperties: false }),
        ...errors,
      },
    },
  }, async request => app.cases.duplicates(request.scope, request.query, app.now()))

  app.get('/api/cases/:id', {
    schema: { tags: ['cases'], summary: 'A case with its timeline and what I may do next', params: IdParams, response: { 200: CaseDetail, ...errors } },
  }, async (request, reply) => {
    const found = app.cases.get(request.params.id, callerOf(request), app.now())
    if (!found)
      throw notFound('case', 'params.id', request.params.id)
    reply.header('etag', `"${found.version}"`)
    return found
  })

  app.post('/api/cases', {
    // the answer is a summary under the compression threshold, and bodies come uncompressed:
    // skip @fastify/compress's three hooks on the hottest write
    config: { roles: ['community', 'grid_leader', 'grid_member'], compress: false, decompress: false },
    schema: {
      tags: ['cases'],
      summary: 'File a request: phone, walk-in, 12345 transfer, or a grid member\'s patrol report',
      description: 'Answers the new case\'s summary once it is durable. Possible duplicates: GET /api/cases/duplicates.',
      body: CreateCaseBody,
      response: { 201: IntakeResult, ...errors },
    },
  }, async (request, reply) => {
    const key = idempotencyKey(request)
    const caller = callerOf(request)
    const now = app.now()
    // everything that needs no write is decided before the request joins a write batch
    const placed = app.cases.intake.place(request.body, request.body.channel, caller, app.caseLocator)
    const stored = await app.writes.run(() => app.idempotency.once(key, principalOf(request), routeKeyOf(request), request.body, now, () => {
      const created = app.cases.intake.write(placed, now, null, app.writes)
      request.audit('case.create', `case:${created.id}`, `filed ${created.number} (${created.channel}, ${created.categoryCode})`)
      return { status: 201, body: { case: created } }
    }))
    return sendStored(reply, stored)
  })

  app.post('/api/cases/:id/actions', {
    schema: {
      tags: ['cases'],
      summary: 'One step of the loop (立案, 派遣, 接单, 办结, 核查结案, 返工, 延期, 督办, 改派, 重开)',
      description: 'Send the version you saw as `If-Match: "<version>"` or `body.version`: a stale one answers 412 with the current case; an illegal step answers 409 with the current case.',
      params: IdParams,
      body: CaseActionBody,
      response: { 200: CaseDetail, 409: CaseConflict, 412: CaseConflict, ...errors },
    },
  }, async (request, reply) => {
    const version = expectedVersion(request, request.body.version)
    return once(request, reply, () => {
      const updated = app.cases.act(request.params.id, request.body, version, callerOf(request), app.now())
      request.audit('case.action', `case:${updated.id}`, `${request.body.action} → ${updated.status} (v${updated.version})`)
      return { status: 200, body: updated }
    })
  })
}
export default routes
