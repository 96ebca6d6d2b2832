import type { CaseCaller } from '@gridgov/db'
import type { FastifyReply, FastifyRequest } from 'fastify'
/** Glue between the case layer and HTTP: the caller, error mapping, If-Match, idempotency. */
import { CaseError, IdempotencyConflict } from '@gridgov/db'
import { HttpError } from '../../plugins/errors'

export function callerOf(request: FastifyRequest): CaseCaller {
  const u = request.user!
  return { userId: u.id, name: u.displayName, role: u.role, staffId: u.staffId, scope: request.scope }
}

export function asHttpError(err: unknown): never {
  if (err instanceof CaseError)
    throw new HttpError(err.status, err.code, err.message, err.field ? [{ field: err.field, message: err.message }] : [], err.current ? { current: err.current } : {})
  if (err instanceof IdempotencyConflict)
    throw new HttpError(422, 'idempotency_key_reused', err.message, [{ field: 'headers.idempotency-key', message: 'already used for a different request' }])
  throw err
}

/** The version from `If-Match: "3"` (or `3`), else the body's `version`. */
export function expectedVersion(request: FastifyRequest, bodyVersion: number | undefined): number | undefined {
  const header = request.headers['if-match']
  if (typeof header === 'string' && header.trim() !== '') {
    const m = header.trim().match(/^(?:W\/)?"?(\d+)"?$/)
    if (!m)
      throw new HttpError(400, 'bad_request', 'If-Match must be the case version, e.g. "3"', [{ field: 'headers.if-match', message: 'not a version' }])
    return Number(m[1])
  }
  return bodyVersion
}

export function idempotencyKey(request: FastifyRequest): string | undefined {
  const key = request.headers['idempotency-key']
  if (key === undefined)
    return undefined
  if (typeof key !== 'string' || !/^[\w-]{8,100}$/.test(key))
    throw new HttpError(400, 'bad_request', 'Idempotency-Key must be 8–100 letters, digits, - or _', [{ field: 'headers.idempotency-key', message: 'malformed' }])
  return key
}

/** Sends a stored or fresh reply, marking replays. */
export function sendStored(reply: FastifyReply, stored: { status: number, body: unknown, replayed: boolean }) {
  if (stored.replayed)
    reply.header('idempotent-replayed', 'true')
  return reply.status(stored.status).send(stored.body)
}
