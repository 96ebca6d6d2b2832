/**
 * Login, logout, the current session and the user's own sessions.
 * One generic answer for unknown user and wrong password; a temporary lock after repeated
 * failures; a per-address rate limit on attempts; a new session id at every login.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { SessionRow, UserRow } from '@gridgov/db'
import type { FastifyReply } from 'fastify'
import { ErrorResponse, LoginBody, LoginRefusal, Refusal, Session, SessionInfo } from '@gridgov/domain'
import { Type } from 'typebox'
import { SESSION_COOKIE } from '../../plugins/auth'

const authErrors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 423: ErrorResponse, 429: ErrorResponse } as const

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const { authOptions: options } = app

  const sessionReply = (user: UserRow, session: SessionRow) => ({
    me: app.accounts.me(user),
    csrfToken: session.csrfToken,
    idleTimeoutS: Math.round(options.idleMs / 1000),
    expiresAt: new Date(session.expiresAt).toISOString(),
  })

  const clearCookie = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, { path: '/' })

  const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000))
  const locked = (reply: FastifyReply, retryAfterMs: number) => {
    reply.header('retry-after', String(Math.ceil(retryAfterMs / 1000)))
    return new Refusal(423, 'account_locked', `Too many failed attempts from this address; try again in ${minutes(retryAfterMs)} minute(s)`, {
      field: 'body.username',
      detail: `locked for ${minutes(retryAfterMs)} min`,
      extra: { retryAfterS: Math.ceil(retryAfterMs / 1000) },
    })
  }

  app.post('/api/auth/login', {
    config: { public: true, rateLimit: { max: options.loginRatePerMinute, timeWindow: 60_000 } },
    schema: {
      tags: ['auth'],
      summary: 'Sign in with username and password',
      description: 'The same answers whether or not the username exists. Failures are counted per username and client address: the last try before a lock says so (`attemptsLeft: 1`, `lockMinutes`), a lock answers 423 with Retry-After and stops that address only.',
      body: LoginBody,
      response: { 200: Session, ...authErrors, 401: LoginRefusal, 423: LoginRefusal },
    },
  }, async (request, reply) => {
    const now = app.now()
    const { password } = request.body
    const username = request.body.username.trim().toLowerCase()
    const user = app.accounts.findByUsername(username)
    const actor = { userId: user?.id ?? null, username: user?.username ?? null, role: user?.role ?? null, ip: request.ip }
    const before = app.loginGuard.state(username, request.ip, now)
    if (before.locked) {
      app.audit.append(actor, 'login.locked', user ? `user:${user.id}` : null, user ? 'attempt while locked' : `attempt while locked, unknown username "${username.slice(0, 32)}"`, now)
      throw locked(reply, before.retryAfterMs)
    }
    // verified (or a dummy hash, for an unknown name) either way, so both take the same time
    const ok = await app.accounts.verifyPassword(user, password)
    if (!ok || !user || user.disabled) {
      // the same answer for unknown user, wrong password and disabled account
      const after = app.loginGuard.fail(username, request.ip, now)
      app.audit.append(actor, 'login.failure', user ? `user:${user.id}` : null, (user ? (user.disabled ? 'disabled account' : 'wrong password') : `unknown username "${username.slice(0, 32)}"`) + (after.locked ? '; locked from this address' : ''), now)
      if (after.locked)
        throw locked(reply, after.retryAfterMs)
      const lockMinutes = minutes(app.loginGuard.nextLockMs(username, request.ip, now))
      throw new Refusal(401, 'invalid_credentials', after.attemptsLeft === 1
        ? `Wrong username or password; one more failure locks sign-in from this address for ${lockMinutes} minute(s)`
        : 'Wrong username or password', {
        field: 'body.password',
        detail: `${after.attemptsLeft} attempt(s) left`,
        extra: { attemptsLeft: after.attemptsLeft, lockMinutes },
      })
    }
    app.loginGuard.succeed(username, request.ip)
    app.accounts.recordSuccess(user.id, now)
    // a fresh session id at every login (no fixation); an old cookie's session ends
    const old = request.cookies[SESSION_COOKIE]
    if (request.session && old) {
      app.sessions.revoke(request.session.tokenHash, now)
      app.sessionCache.clear()
    }
    const { token, session } = app.sessions.create(user.id, now, options.absoluteMs, request.ip, request.headers['user-agent'] ?? '')
    app.audit.append(actor, 'login.success', `user:${user.id}`, 'signed in', now)
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secureCookie,
      maxAge: Math.round(options.absoluteMs / 1000),
    })
    return sessionReply(user, session)
  })

  app.post('/api/auth/logout', {
    schema: { tags: ['auth'], summary: 'Sign out (ends this session)', response: { 204: Type.Null(), ...authErrors } },
  }, async (request, reply) => {
    app.sessions.revoke(request.session!.tokenHash, app.now())
    app.sessionCache.clear()
    request.audit('logout', `user:${request.user!.id}`, 'signed out')
    clearCookie(reply)
    return reply.status(204).send(null)
  })

  app.get('/api/auth/session', {
    schema: { tags: ['auth'], summary: 'The current user and CSRF token', response: { 200: Session, ...authErrors } },
  }, async request => sessionReply(request.user!, request.session!))

  app.get('/api/auth/sessions', {
    schema: { tags: ['auth'], summary: 'My live sessions', response: { 200: Type.Object({ items: Type.Array(SessionInfo) }, { additionalProperties: false }), ...authErrors } },
  }, async (request) => {
    const items = app.sessions.listLive(request.user!.id, app.now(), options.idleMs).map(s => ({
      id: s.publicId,
      createdAt: new Date(s.createdAt).toISOString(),
      lastSeenAt: new Date(s.lastSeenAt).toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
      current: s.tokenHash === request.session!.tokenHash,
    }))
    return { items }
  })

  app.delete('/api/auth/sessions/:id', {
    schema: {
      tags: ['auth'],
      summary: 'End one of my sessions',
      params: Type.Object({ id: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) }, { additionalProperties: false }),
      response: { 204: Type.Null(), 404: ErrorResponse, ...authErrors },
    },
  }, async (request, reply) => {
    if (!app.sessions.revokeOwn(request.user!.id, request.params.id, app.now()))
      throw new Refusal(404, 'not_found', 'No such session of yours', { field: 'params.id', detail: 'no live session with this id' })
    app.sessionCache.clear()
    request.audit('session.revoke', `session:${request.params.id}`, 'ended one of own sessions')
    return reply.status(204).send(null)
  })
}
export default routes
