/**
 * One error shape for every failure: `{ error, message, details: [{ field, message }] }`, whoever
 * produced it — a `Refusal` from the data layer or the rules, schema validation, Fastify itself
 * (malformed JSON, body too large, bad URL, a route param past its length), the HTTP parser (header
 * block too large) or a multipart parser that was handed something that is not multipart. Anything
 * unexpected is logged and answers a generic 500 without internals.
 */
import type { ErrorResponse } from '@gridgov/domain'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifySchemaValidationError, FastifyServerOptions } from 'fastify'
import type { Socket } from 'node:net'
import { STATUS_CODES } from 'node:http'
import { badRequest, Refusal } from '@gridgov/domain'
import fp from 'fastify-plugin'

const CONTEXT_NAMES: Record<string, string> = { querystring: 'query', params: 'params', body: 'body', headers: 'headers' }

/** Longer request targets answer 414 (up to Node's header limit, past which the parser answers 431). */
export const MAX_URL_LENGTH = 8192

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

/** Fastify's and its plugins' own 4xx codes, as our `error` kinds with the field they concern. */
const FASTIFY_CODES: Record<string, { error: string, field?: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { error: 'unsupported_media_type', field: 'headers.content-type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { error: 'bad_request', field: 'headers.content-length' },
  FST_ERR_CTP_BODY_TOO_LARGE: { error: 'too_large', field: 'body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { error: 'bad_request', field: 'body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { error: 'bad_request', field: 'body' },
  FST_ERR_BAD_URL: { error: 'bad_request', field: 'url' },
  FST_ERR_MAX_PARAM_LENGTH: { error: 'uri_too_long', field: 'url' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { error: 'unsupported_media_type', field: 'headers.content-type' },
  FST_REQ_FILE_TOO_LARGE: { error: 'too_large', field: 'body.file' },
  FST_PARTS_LIMIT: { error: 'too_large', field: 'body' },
  FST_FILES_LIMIT: { error: 'too_large', field: 'body' },
  FST_FIELDS_LIMIT: { error: 'too_large', field: 'body' },
}

/**
 * busboy (under @fastify/multipart) throws plain errors for a body that is not the multipart it was
 * promised — no boundary, a truncated part: the client's fault, so 400 naming the body.
 */
const MULTIPART_FAULT = /^(?:Multipart: |Malformed part header|Unexpected end of (?:form|file)|Part terminated early)/

export function errorBody(error: string, message: string, details: ErrorResponse['details'] = []): ErrorResponse {
  return { error, message, details }
}

function sendError(reply: FastifyReply, status: number, body: ErrorResponse & Record<string, unknown>) {
  return reply.status(status).type('application/json; charset=utf-8').send(body)
}

/** Errors Fastify raises before a route is found (bad URL, a param past its length). */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (err, _request, reply) => {
  const known = FASTIFY_CODES[err.code]
  const status = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : (err.statusCode ?? 400)
  void sendError(reply, status, errorBody(known?.error ?? 'bad_request', err.message, known?.field ? [{ field: known.field, message: err.message }] : []))
}

/**
 * What the HTTP parser refuses before Fastify sees a request (a header block over the limit, a
 * malformed request line, a timeout), written straight to the socket in the same shape.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed || !socket.writable)
    return
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400
  const body = JSON.stringify(status === 431
    ? errorBody('headers_too_large', 'the request line and headers are larger than the server accepts', [{ field: 'headers', message: 'too large' }])
    : status === 408
      ? errorBody('timeout', 'the request took too long to arrive')
      : errorBody('bad_request', 'malformed HTTP request'))
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
}

/**
 * The path of the first number that is not finite, if any. Ajv coerces `"1e400"` (query) and JSON
 * parses `1e400` (body) to Infinity, and then skips its range checks for non-finite values — so
 * `lon=1e400` would pass `maximum: 180`. Walks at most a few hundred values of a request.
 */
export function nonFinitePath(value: unknown, path: string, budget = { left: 2000 }): string | undefined {
  if (--budget.left < 0)
    return undefined
  if (typeof value === 'number')
    return Number.isFinite(value) ? undefined : path
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [k, v] of Object.entries(value)) {
      const found = nonFinitePath(v, `${path}.${k}`, budget)
      if (found)
        return found
    }
  }
  return undefined
}

export default fp(async (app: FastifyInstance) => {
  // 414 for a request target past MAX_URL_LENGTH, before any other work
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (request.url.length > MAX_URL_LENGTH)
      throw new Refusal(414, 'uri_too_long', `the URL is longer than ${MAX_URL_LENGTH} characters`, { field: 'url' })
  })
  // after validation: no NaN or ±Infinity anywhere in what the route receives
  app.addHook('preHandler', async (request: FastifyRequest) => {
    const field = nonFinitePath(request.query, 'query') ?? nonFinitePath(request.params, 'params') ?? nonFinitePath(request.body, 'body')
    if (field)
      throw badRequest(field, `${field} must be a finite number`, 'must be a finite number')
  })

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof Refusal) {
      if (err.options.headers)
        reply.headers(err.options.headers)
      const current = err.options.current === undefined ? {} : { current: err.options.current }
      return sendError(reply, err.status, { ...errorBody(err.code, err.message, err.details), ...current, ...err.options.extra })
    }
    if (err.validation) {
      const context = err.validationContext ?? 'request'
      const details = err.validation.map(e => ({ field: fieldOf(context, e), message: messageOf(e) }))
      const first = details[0]
      return sendError(reply, 400, errorBody('bad_request', first ? `${first.field} ${first.message}` : 'invalid request', details))
    }
    const known = err.code ? FASTIFY_CODES[err.code] : undefined
    if (known || (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500)) {
      // Fastify's own 4xx (malformed JSON, unsupported media type, body too large, …)
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400
      return sendError(reply, status, errorBody(known?.error ?? 'bad_request', err.message, known?.field ? [{ field: known.field, message: err.message }] : []))
    }
    if (MULTIPART_FAULT.test(err.message ?? '') || err.code === 'ERR_STREAM_PREMATURE_CLOSE')
      return sendError(reply, 400, errorBody('bad_request', `not a valid multipart/form-data body: ${err.message}`, [{ field: 'body', message: 'malformed multipart body' }]))
    request.log.error({ err }, 'unhandled error')
    return sendError(reply, 500, errorBody('internal_error', 'Internal server error'))
  })
}, { name: 'errors' })
