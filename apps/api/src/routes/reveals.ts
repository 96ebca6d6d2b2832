/**
 * Explicit reveals of masked phone numbers (DESIGN.md §8): a grid staff member's, a unit
 * contact's or a registered Party member's, and a resident's for a call-back. Each is a POST (the
 * intent is recorded), answered `no-store`, and written to the audit log with who, whose and why —
 * the number itself never goes into the log, and a reveal is never stored for an idempotent replay.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { CAN_REVEAL_CONTACT_PHONE, CAN_REVEAL_RESIDENT_PHONE, CAN_REVEAL_STAFF_PHONE, ErrorResponse, maskPhone, notFound, Refusal, RevealBody } from '@gridgov/domain'
import { Type } from 'typebox'
import { callerOf } from '../http/caller'
import { IdParams } from '../http/schemas'

const Revealed = Type.Object({ phone: Type.String() }, { additionalProperties: false })
const response = { 200: Revealed, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse }
const why = (body: { reason?: string }) => (body.reason ? ` — ${body.reason}` : '')

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/staff/:id/reveal', {
    config: { roles: CAN_REVEAL_STAFF_PHONE },
    schema: { tags: ['territory'], summary: 'Reveal a grid staff member\'s full phone number (audited)', params: IdParams, body: RevealBody, response },
  }, async (request) => {
    const person = app.territory.staffPhone(request.scope, request.params.id)
    if (!person)
      throw new Refusal(404, 'not_found', `staff ${request.params.id} not found`, { field: 'params.id', detail: 'no such staff member in your territory' })
    request.audit('reveal', `staff:${request.params.id}`, `revealed phone ${maskPhone(person.phone)}${why(request.body)}`)
    return { phone: person.phone }
  })

  for (const kind of ['unit', 'member'] as const) {
    app.post(kind === 'unit' ? '/api/units/:id/reveal' : '/api/party-members/:id/reveal', {
      config: { roles: CAN_REVEAL_CONTACT_PHONE },
      schema: { tags: ['lists'], summary: kind === 'unit' ? 'Reveal a unit contact\'s full phone number (audited)' : 'Reveal a registered Party member\'s full phone number (audited)', params: IdParams, body: RevealBody, response },
    }, async (request) => {
      const phone = app.registrations.phoneOf(kind, request.params.id, callerOf(request))
      if (phone === undefined)
        throw notFound(kind === 'unit' ? 'unit' : 'Party member', 'params.id', request.params.id)
      request.audit('reveal', `${kind}:${request.params.id}`, `revealed phone ${maskPhone(phone)}${why(request.body)}`)
      return { phone }
    })
  }

  app.post('/api/cases/:id/reveal', {
    config: { roles: CAN_REVEAL_RESIDENT_PHONE },
    schema: {
      tags: ['cases'],
      summary: '回电: reveal the reporter\'s full phone number to call them back (audited)',
      description: 'For the desk and the street over the case\'s territory, and the grid staff member the case is assigned to.',
      params: IdParams,
      body: RevealBody,
      response,
    },
  }, async (request) => {
    const found = app.cases.reporterPhone(request.params.id, callerOf(request))
    if (!found)
      throw notFound('case', 'params.id', request.params.id)
    if (!found.phone)
      throw new Refusal(404, 'not_found', `case ${found.number} has no reporter phone`, { field: 'params.id', detail: 'no phone recorded' })
    request.audit('reveal', `case:${request.params.id}`, `revealed the reporter's phone ${maskPhone(found.phone)} of ${found.number}${why(request.body)}`)
    return { phone: found.phone }
  })
}
export default routes
