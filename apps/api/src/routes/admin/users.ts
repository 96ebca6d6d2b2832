import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { badRequest, CreateUserBody, ErrorResponse, Offset, Page, Refusal, RoleSchema, UpdateUserBody, User } from '@gridgov/domain'
import { Type } from 'typebox'
import { IdParams, window } from '../../http/schemas'
import { once } from '../../http/writes'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse, 422: ErrorResponse } as const
const adminOnly = { roles: ['admin'] } as const

/** Account administration (admin only). Password changes, role/scope changes and disabling end the user's sessions. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/admin/users', {
    config: adminOnly,
    schema: {
      tags: ['admin'],
      summary: 'List accounts',
      querystring: Type.Object({
        q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
        role: Type.Optional(RoleSchema),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
        offset: Type.Optional(Offset),
      }, { additionalProperties: false }),
      response: { 200: Page(User), ...errors },
    },
  }, async ({ query }) => app.accounts.list({ q: query.q, role: query.role }, window(query)))

  app.post('/api/admin/users', {
    config: adminOnly,
    schema: { tags: ['admin'], summary: 'Create an account', description: 'Accepts an Idempotency-Key: a retry answers the first account.', body: CreateUserBody, response: { 201: User, ...errors } },
  }, async (request, reply) => {
    const { password, ...input } = request.body
    // the slow hash first, then one transaction for the account, its audit entry and the key
    const passwordHash = await app.accounts.hashPassword(password)
    return once(request, reply, () => {
      const user = app.accounts.insert({ ...input, passwordHash }, app.now())
      request.audit('user.create', `user:${user.id}`, `created ${user.username} as ${user.role}${user.scopeCode ? ` of ${user.scopeCode}` : ''}${user.staffId ? ` (staff ${user.staffId})` : ''}`)
      return { status: 201, body: user }
    })
  })

  app.patch('/api/admin/users/:id', {
    config: adminOnly,
    schema: {
      tags: ['admin'],
      summary: 'Change an account (name, password, role and scope, disabled)',
      description: 'Accepts an Idempotency-Key. A password, role or scope change, or disabling, ends the account\'s sessions.',
      params: IdParams,
      body: UpdateUserBody,
      response: { 200: User, ...errors },
    },
  }, async (request, reply) => {
    if (request.params.id === request.user!.id && (request.body.disabled === true || (request.body.role && request.body.role !== 'admin')))
      throw badRequest(request.body.disabled ? 'body.disabled' : 'body.role', 'An administrator cannot disable or demote their own account', 'not on your own account')
    const { password, ...patch } = request.body
    const passwordHash = password === undefined ? undefined : await app.accounts.hashPassword(password)
    return once(request, reply, () => {
      const result = app.accounts.applyUpdate(request.params.id, passwordHash === undefined ? patch : { ...patch, passwordHash }, app.now())
      if (!result)
        throw new Refusal(404, 'not_found', `user ${request.params.id} not found`, { field: 'params.id', detail: 'no such user' })
      app.sessionCache.clear()
      request.audit('user.update', `user:${result.user.id}`, `changed ${result.changed.join(', ') || 'nothing'} of ${result.user.username}`)
      return { status: 200, body: result.user }
    })
  })
}
export default routes
