/**
 * The resident's side, no login: report (rate-limited per address), track with the code, rate.
 * The tracking code is shown once and stored hashed; it is the only key to the case's public view.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorResponse, PublicCaseBody, PublicCaseView, PublicIntakeResult, Refusal } from '@gridgov/domain'
import { Type } from 'typebox'
import { once } from '../../http/writes'

const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse, 429: ErrorResponse } as const
// Any text: a mistyped or short code is "not found" like a wrong one, never a format error that
// would tell a guesser what codes look like
const Code = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64, description: 'the tracking code, e.g. K7XM4-QPRT9 (case, spaces and dashes do not matter)' }) }, { additionalProperties: false })
const noCase = () => new Refusal(404, 'not_found', 'no case with this tracking code', { field: 'params.code', detail: 'unknown tracking code' })

const routes: FastifyPluginAsyncTypebox<{ reportsPerHour?: number, lookupsPerHour?: number }> = async (app, opts) => {
  app.post('/api/public/cases', {
    config: { public: true, rateLimit: { max: opts.reportsPerHour ?? 20, timeWindow: 3_600_000 } },
    schema: { tags: ['public'], summary: 'A resident reports a problem; answers a tracking code', body: PublicCaseBody, response: { 201: PublicIntakeResult, ...errors } },
  }, async (request, reply) => once(request, reply, () => ({ status: 201, body: app.cases.createPublic(request.body, app.caseLocator, app.now()) })))

  app.get('/api/public/cases/:code', {
    // lookups are limited per address: with ~49 bits per code, guessing one takes ~10^9 tries
    config: { public: true, rateLimit: { max: opts.lookupsPerHour ?? 300, timeWindow: 3_600_000 } },
    schema: { tags: ['public'], summary: 'Track a case with its tracking code: steps, deadline and what was done', params: Code, response: { 200: PublicCaseView, ...errors } },
  }, async request => app.cases.track(request.params.code) ?? Promise.reject(noCase()))

  app.post('/api/public/cases/:code/rating', {
    config: { public: true, rateLimit: { max: 30, timeWindow: 3_600_000 } },
    schema: {
      tags: ['public'],
      summary: 'Rate a closed case (满意度评价), once',
      params: Code,
      body: Type.Object({ rating: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      response: { 200: PublicCaseView, ...errors },
    },
  }, async (request, reply) => once(request, reply, () => {
    const view = app.cases.rate(request.params.code, request.body.rating, request.body.comment, app.now())
    if (!view)
      throw noCase()
    return { status: 200, body: view }
  }))
}
export default routes
