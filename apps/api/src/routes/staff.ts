import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CAN_REVEAL_STAFF_PHONE, ErrorResponse, maskPhone, Refusal, RevealBody } from '@gridgov/domain'
import { Type } from 'typebox'
import { IdParams } from '../http/schemas'

/**
 * Explicit reveal of a masked phone number. Every reveal is recorded (who, whose, why) — the
 * number itself never goes into the log.
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/staff/:id/reveal', {
    config: { roles: CAN_REVEAL_STAFF_PHONE },
    schema: {
      tags: ['territory'],
      summary: 'Reveal a grid staff member\'s full phone number (audited)',
      params: IdParams,
      body: RevealBody,
      response: {
        200: Type.Object({ phone: Type.String() }, { additionalProperties: false }),
        400: ErrorResponse,
        401: ErrorResponse,
        403: ErrorResponse,
        404: ErrorResponse,
      },
    },
  }, async (request) => {
    const person = app.territory.staffPhone(request.scope, request.params.id)
    if (!person)
      throw new Refusal(404, 'not_found', `staff ${request.params.id} not found`, { field: 'params.id', detail: 'no such staff member in your territory' })
    request.audit('reveal', `staff:${request.params.id}`, `revealed phone ${maskPhone(person.phone)}${request.body.reason ? ` — ${request.body.reason}` : ''}`)
    return { phone: person.phone }
  })
}
export default routes
