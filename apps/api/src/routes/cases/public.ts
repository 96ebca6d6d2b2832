/**
 * The resident's side, no login: report (rate-limited per address), track with the code, rate.
 * The tracking code is shown once and stored hashed; it is the only key to the case's public view.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorResponse, PublicCaseBody, PublicCaseView, PublicIntakeResult, Refusal } from '@gridgov/domain'
import { Type } from 'typebox'
import { once } from '../../http/writes'

const errors = { 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse, 429: ErrorResponse } as const
const Token = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{20,40}$' }) }, { additionalProperties: false })
const noCase = () => new Refusal(404, 'not_found', 'no case with this tracking code', { field: 'params.token', detail: 'unknown tracking code' })

const routes: FastifyPluginAsyncTypebox<{ reportsPerHour?: number }> = async (app, opts) => {
  app.post('/api/public/cases', {
    config: { public: true, rateLimit: { max: opts.reportsPerHour ?? 20, timeWindow: 3_600_000 } },
    schema: { tags: ['public'], summary: 'A resident reports a problem; answers a tracking token', body: PublicCaseBody, response: { 201: PublicIntakeResult, ...errors } },
  }, async (request, reply) => once(request, reply, () => ({ status: 201, body: app.cases.createPublic(request.body, app.caseLocator, app.now()) })))

  app.get('/api/public/cases/:token', {
    config: { public: true },
    schema: { tags: ['public'], summary: 'Track a case with its token', params: Token, response: { 200: PublicCaseView, ...errors } },
  }, async request => app.cases.track(request.params.token) ?? Promise.reject(noCase()))

  app.post('/api/public/cases/:token/rating', {
    config: { public: true, rateLimit: { max: 30, timeWindow: 3_600_000 } },
    schema: {
      tags: ['public'],
      summary: 'Rate a closed case (满意度评价), once',
      params: Token,
      body: Type.Object({ rating: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      response: { 200: PublicCaseView, ...errors },
    },
  }, async (request, reply) => once(request, reply, () => {
    const view = app.cases.rate(request.params.token, request.body.rating, request.body.comment, app.now())
    if (!view)
      throw noCase()
    return { status: 200, body: view }
  }))
}
export default routes
