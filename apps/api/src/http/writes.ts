import type { FastifyReply, FastifyRequest } from 'fastify'
/**
 * The two promises every state-changing request keeps (README → Cases; DESIGN.md §8): it names the
 * version it saw (`If-Match: "3"` or `body.version`; a stale one answers 412 with the current
 * record), and it may carry an `Idempotency-Key` (a retry gets the first answer back, marked
 * `idempotent-replayed: true`, and changes nothing; the same key with another body answers 422).
 */
import { badRequest } from '@gridgov/domain'

/** The version from `If-Match: "3"` (or `3`, `W/"3"`), else the body's `version`. */
export function expectedVersion(request: FastifyRequest, bodyVersion?: number): number | undefined {
  const header = request.headers['if-match']
  if (typeof header === 'string' && header.trim() !== '') {
    const m = header.trim().match(/^(?:W\/)?"?(\d{1,15})"?$/)
    if (!m)
      throw badRequest('headers.if-match', 'If-Match must be the record version, e.g. "3"', 'not a version')
    return Number(m[1])
  }
  return bodyVersion
}

export function idempotencyKey(request: FastifyRequest): string | undefined {
  const key = request.headers['idempotency-key']
  if (key === undefined)
    return undefined
  if (typeof key !== 'string' || !/^[\w-]{8,100}$/.test(key))
    throw badRequest('headers.idempotency-key', 'Idempotency-Key must be 8–100 letters, digits, - or _', 'malformed')
  return key
}

/** Whose keys these are: a signed-in user's, or (public routes) the client address's. */
export const principalOf = (request: FastifyRequest) => (request.user ? `user:${request.user.id}` : `public:${request.ip}`)

/** The route a key belongs to: method and path (`POST /api/needs/7/close`). */
export const routeKeyOf = (request: FastifyRequest) => `${request.method} ${request.url.split('?')[0]}`

export interface StoredReply { status: number, body: unknown, replayed: boolean }

/** Sends a stored or fresh reply, marking replays; a record's version goes out as its ETag. */
export function sendStored(reply: FastifyReply, stored: StoredReply) {
  if (stored.replayed)
    reply.header('idempotent-replayed', 'true')
  const version = (stored.body as { version?: unknown } | null)?.version
  if (typeof version === 'number')
    reply.header('etag', `"${version}"`)
  return reply.status(stored.status).send(stored.body)
}

/**
 * Runs a state-changing request once per Idempotency-Key: `write` (synchronous, one transaction
 * with the stored answer) runs the first time; a retry replays its answer. Without a key it just
 * runs. The write's own refusals (400/404/409/412) are not stored: a retry tries again.
 */
export function once(request: FastifyRequest, reply: FastifyReply, write: () => { status: number, body: unknown }) {
  const app = request.server
  const stored = app.idempotency.once(idempotencyKey(request), principalOf(request), routeKeyOf(request), request.body ?? null, app.now(), write)
  return sendStored(reply, stored)
}
