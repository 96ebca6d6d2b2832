/**
 * One error shape for every failure: `{ error, message, details: [{ field, message }] }`.
 * Validation errors name the offending field (`query.limit`, `body.name`); unknown routes and
 * ids answer 404; anything unexpected is logged and answers a generic 500 without internals.
 */
import type { ErrorResponse } from '@gridgov/domain'
import type { FastifyError, FastifyInstance, FastifySchemaValidationError } from 'fastify'
import fp from 'fastify-plugin'

const CONTEXT_NAMES: Record<string, string> = { querystring: 'query', params: 'params', body: 'body', headers: 'headers' }

/** An error a route throws on purpose; it reaches the client as-is. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: ErrorResponse['details'] = [],
    /** more fields for the body, e.g. the current record with 409/412 */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

export function notFound(what: string, field: string, value: string) {
  return new HttpError(404, 'not_found', `${what} ${value} not found`, [{ field, message: `no ${what} with this code` }])
}

function fieldOf(context: string, e: FastifySchemaValidationError): string {
  const path = e.instancePath.split('/').filter(Boolean)
  const params = e.params as Record<string, unknown>
  if (e.keyword === 'required' && typeof params.missingProperty === 'string')
    path.push(params.missingProperty)
  if (e.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string')
    path.push(params.additionalProperty)
  return [CONTEXT_NAMES[context] ?? context, ...path].join('.')
}

function messageOf(e: FastifySchemaValidationError): string {
  if (e.keyword === 'additionalProperties')
    return 'unknown property'
  if (e.keyword === 'required')
    return 'is required'
  return e.message ?? 'is invalid'
}

export default fp(async (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof HttpError)
      return reply.status(err.statusCode).send({ error: err.code, message: err.message, details: err.details, ...err.extra })
    if (err.validation) {
      const context = err.validationContext ?? 'request'
      const details = err.validation.map(e => ({ field: fieldOf(context, e), message: messageOf(e) }))
      const first = details[0]
      return reply.status(400).send({
        error: 'bad_request',
        message: first ? `${first.field} ${first.message}` : 'invalid request',
        details,
      } satisfies ErrorResponse)
    }
    const status = err.statusCode ?? 500
    if (status >= 400 && status < 500) {
      // Fastify's own 4xx (malformed JSON, unsupported media type, body too large, …)
      return reply.status(status).send({
        error: err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'bad_request',
        message: err.message,
        details: [],
      } satisfies ErrorResponse)
    }
    request.log.error({ err }, 'unhandled error')
    return reply.status(500).send({ error: 'internal_error', message: 'Internal server error', details: [] } satisfies ErrorResponse)
  })
})
