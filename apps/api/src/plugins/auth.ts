import type { AuditActor, SessionRow, UserRow } from '@gridgov/db'
import type { AuditAction, Role, Scope } from '@gridgov/domain'
import type { FastifyInstance, FastifyRequest } from 'fastify'
/**
 * Who is asking: server-side sessions from an HttpOnly cookie, the caller's scope, role guards
 * and CSRF checks — all decided here, once, before any handler runs.
 *
 * Route config: `public: true` lets anonymous callers in; `roles: [...]` restricts by role.
 * Every other /api route needs a live session; every POST/PUT/PATCH/DELETE on such a route needs
 * the session's CSRF token in `x-csrf-token` (synchronizer token; cookies are SameSite=Lax too).
 */
import { timingSafeEqual } from 'node:crypto'
import cookie from '@fastify/cookie'
import { Refusal } from '@gridgov/domain'
import fp from 'fastify-plugin'

export const SESSION_COOKIE = 'gg_session'

export interface AuthOptions {
  /** idle timeout, default 30 min */
  idleMs: number
  /** absolute session lifetime, default 12 h */
  absoluteMs: number
  /** failed sign-ins in a row (per username and address) before a temporary lock, default 5 */
  lockThreshold: number
  /** the first lock's duration, default 15 min; each further lock in a row doubles it */
  lockMs: number
  /** the longest lock, default 24 h */
  maxLockMs: number
  /** sign-in attempts per address per minute, default 20 (LOGIN_RATE_PER_MINUTE: an office behind one address needs more) */
  loginRatePerMinute: number
  /** send the cookie with `Secure` (behind HTTPS) */
  secureCookie: boolean
  /** audit log retention in days, ≥ 180 */
  auditRetentionDays: number
  /**
   * how long a looked-up session (with its user and scope) is reused before it is read again, in
   * ms of real time, default 1 s; 0 = read every request. Revocations in this process apply at once.
   */
  cacheMs: number
}

export const DEFAULT_AUTH: AuthOptions = {
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 3_600_000,
  lockThreshold: 5,
  lockMs: 15 * 60_000,
  maxLockMs: 24 * 3_600_000,
  loginRatePerMinute: 20,
  secureCookie: false,
  auditRetentionDays: 180,
  cacheMs: 1000,
}

interface LiveSession { session: SessionRow, user: UserRow, scope: Scope }

/**
 * Sessions recently read from SQLite, by cookie token: the hot path (every API request) skips the
 * token hash and three lookups. Entries live `ttlMs` of real time, so a revocation or user change
 * made by another process is seen within that; a cleared cache is just read again.
 */
function createSessionCache(ttlMs: number) {
  const entries = new Map<string, { live: LiveSession, until: number }>()
  return {
    get(token: string): LiveSession | undefined {
      const e = entries.get(token)
      if (e && e.until > performance.now())
        return e.live
      if (e)
        entries.delete(token)
      return undefined
    },
    set(token: string, live: LiveSession) {
      if (ttlMs <= 0)
        return
      // bounded: a flood of distinct tokens only ever costs a re-read
      if (entries.size >= 10_000)
        entries.clear()
      entries.set(token, { live, until: performance.now() + ttlMs })
    },
    delete: (token: string) => void entries.delete(token),
    clear: () => entries.clear(),
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** reachable without a session */
    public?: boolean
    /** only these roles; others get 403 (and an audit entry) */
    roles?: readonly Role[]
  }
  interface FastifyInstance {
    authOptions: AuthOptions
    /** sessions read recently; clear it after ending sessions or changing an account */
    sessionCache: { clear: () => void, delete: (token: string) => void }
    /** current time in ms; injectable so tests can move past expiries */
    now: () => number
  }
  interface FastifyRequest {
    user: UserRow | null
    session: SessionRow | null
    /** what this caller may see; `{ kind: 'territory', prefixes: [] }` (nothing) when anonymous */
    scope: Scope
    /** who to record in the audit log for this request */
    actor: () => AuditActor
    /** appends an audit entry for this request's caller */
    audit: (action: AuditAction, target: string | null, summary: string) => void
  }
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const NOTHING: Scope = { kind: 'territory', prefixes: [] }

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export default fp<{ auth?: Partial<AuthOptions>, now?: () => number }>(async (app: FastifyInstance, opts) => {
  const options = { ...DEFAULT_AUTH, ...opts.auth }
  if (options.auditRetentionDays < 180)
    throw new Error('audit retention must be at least 180 days')
  await app.register(cookie)
  app.decorate('authOptions', options)
  app.decorate('now', opts.now ?? Date.now)

  app.decorateRequest('user', null)
  app.decorateRequest('session', null)
  app.decorateRequest('scope', null as never)
  app.decorateRequest('actor', function (this: FastifyRequest) {
    const u = this.user
    return { userId: u?.id ?? null, username: u?.username ?? null, role: u?.role ?? null, ip: this.ip }
  })
  app.decorateRequest('audit', function (this: FastifyRequest, action: AuditAction, target: string | null, summary: string) {
    app.audit.append(this.actor(), action, target, summary, app.now())
  })

  // Sessions read recently, by cookie token. Whatever ends sessions or changes an account in this
  // process clears it (`app.sessionCache.clear()`); another process's change is seen within `cacheMs`.
  const cache = createSessionCache(options.cacheMs)
  app.decorate('sessionCache', cache)
  // last_seen_at is written when it is this much behind, so an active session's row stays within
  // 1/60 of the idle timeout of its last request (never idles out while used) without a write per read
  const touchEveryMs = Math.max(1000, Math.min(60_000, options.idleMs / 60))

  // Personal data must not linger in a shared browser's or proxy's cache (DESIGN.md §8): every API
  // answer that does not set its own policy (the map layers, with ETags) is `no-store`.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('cache-control') && request.url.startsWith('/api/'))
      reply.header('cache-control', 'no-store')
    return payload
  })

  app.addHook('onRequest', async (request) => {
    request.scope = NOTHING
    const token = request.cookies[SESSION_COOKIE]
    if (token) {
      const now = app.now()
      let live = cache.get(token)
      if (!live) {
        const session = app.sessions.findLive(token, now, options.idleMs)
        const user = session && app.accounts.findById(session.userId)
        live = session && user && !user.disabled ? { session, user, scope: app.accounts.scopeOf(user) } : undefined
        if (live)
          cache.set(token, live)
      }
      // expiry is checked on every request, cached or not (the touch below keeps lastSeenAt current)
      if (live && live.session.expiresAt > now && live.session.lastSeenAt + options.idleMs > now) {
        app.sessions.touch(live.session, now, touchEveryMs)
        request.user = live.user
        request.session = live.session
        request.scope = live.scope
      }
      else if (live) {
        cache.delete(token)
      }
    }

    const path = request.url.split('?')[0] ?? ''
    const config = request.routeOptions.config
    if (!path.startsWith('/api/') || request.is404 || config.public)
      return
    if (!request.user)
      throw new Refusal(401, 'unauthenticated', 'Sign in first (no session, or the session expired)')
    if (config.roles && !config.roles.includes(request.user.role)) {
      request.audit('access.denied', `${request.method} ${request.routeOptions.url}`, `role ${request.user.role} may not use this`)
      throw new Refusal(403, 'forbidden', 'Your role may not do this')
    }
    if (MUTATING.has(request.method)) {
      const sent = request.headers['x-csrf-token']
      if (typeof sent !== 'string' || !sameToken(sent, request.session!.csrfToken)) {
        request.audit('access.denied', `${request.method} ${request.routeOptions.url}`, 'missing or wrong CSRF token')
        throw new Refusal(403, 'csrf', 'Missing or invalid CSRF token (x-csrf-token header)', { field: 'headers.x-csrf-token', detail: 'must be the token from the session' })
      }
    }
  })
}, { name: 'auth', dependencies: ['repositories'] })
