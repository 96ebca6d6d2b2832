/**
 * Login, logout, the current session and the user's own sessions.
 * One generic answer for unknown user and wrong password; a temporary lock after repeated
 * failures; a per-address rate limit on attempts; a new session id at every login.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { SessionRow, UserRow } from '@gridgov/db'
import type { FastifyReply } from 'fastify'
import { ErrorResponse, LoginBody, Session, SessionInfo } from '@gridgov/domain'
import { Type } from 'typebox'
import { SESSION_COOKIE } from '../../plugins/auth'
import { HttpError } from '../../plugins/errors'

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

  app.post('/api/auth/login', {
    config: { public: true, rateLimit: { max: options.loginRatePerMinute, timeWindow: 60_000 } },
    schema: { tags: ['auth'], summary: 'Sign in with username and password', body: LoginBody, response: { 200: Session, ...authErrors } },
  }, async (request, reply) => {
    const now = app.now()
    const { username, password } = request.body
    const user = app.accounts.findByUsername(username.trim().toLowerCase())
    const actor = { userId: user?.id ?? null, username: user?.username ?? null, role: user?.role ?? null, ip: request.ip }
    if (user && user.lockedUntil !== null && user.lockedUntil > now) {
      app.audit.append(actor, 'login.locked', `user:${user.id}`, 'attempt while locked', now)
      const minutes = Math.ceil((user.lockedUntil - now) / 60_000)
      reply.header('retry-after', String(Math.ceil((user.lockedUntil - now) / 1000)))
      throw new HttpError(423, 'account_locked', `Too many failed attempts; the account is locked for ${minutes} more minute(s)`, [{ field: 'body.username', message: `locked for ${minutes} min` }])
    }
    const ok = await app.accounts.verifyPassword(user, password)
    if (!ok || !user || user.disabled) {
      // the same answer for unknown user, wrong password and disabled account
      const locked = user && !user.disabled ? app.accounts.recordFailure(user.id, now, options.lockThreshold, options.lockMs).locked : false
      app.audit.append(actor, 'login.failure', user ? `user:${user.id}` : null, user ? (user.disabled ? 'disabled account' : locked ? 'wrong password; account locked' : 'wrong password') : `unknown username "${username.slice(0, 32)}"`, now)
      throw new HttpError(401, 'invalid_credentials', 'Wrong username or password')
    }
    app.accounts.recordSuccess(user.id, now)
    // a fresh session id at every login (no fixation); an old cookie's session ends
    const old = request.cookies[SESSION_COOKIE]
    if (request.session && old)
      app.sessions.revoke(request.session.tokenHash, now)
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
      throw new HttpError(404, 'not_found', 'No such session of yours', [{ field: 'params.id', message: 'no live session with this id' }])
    request.audit('session.revoke', `session:${request.params.id}`, 'ended one of own sessions')
    return reply.status(204).send(null)
  })
}
export default routes
