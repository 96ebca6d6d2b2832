import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AccountError } from '@gridgov/db'
import { CreateUserBody, ErrorResponse, Page, RoleSchema, UpdateUserBody, User } from '@gridgov/domain'
import { Type } from 'typebox'
import { HttpError } from '../../plugins/errors'
import { window } from '../common'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse } as const
const adminOnly = { roles: ['admin'] } as const

function asHttp(err: unknown): never {
  if (err instanceof AccountError)
    throw new HttpError(err.code === 'conflict' ? 409 : 400, err.code, `${err.field} ${err.message}`, [{ field: err.field, message: err.message }])
  throw err
}

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
        offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
      }, { additionalProperties: false }),
      response: { 200: Page(User), ...errors },
    },
  }, async ({ query }) => app.accounts.list({ q: query.q, role: query.role }, window(query)))

  app.post('/api/admin/users', {
    config: adminOnly,
    schema: { tags: ['admin'], summary: 'Create an account', body: CreateUserBody, response: { 201: User, ...errors } },
  }, async (request, reply) => {
    const user = await app.accounts.create({ ...request.body, username: request.body.username }, app.now()).catch(asHttp)
    request.audit('user.create', `user:${user.id}`, `created ${user.username} as ${user.role}${user.scopeCode ? ` of ${user.scopeCode}` : ''}${user.staffId ? ` (staff ${user.staffId})` : ''}`)
    return reply.status(201).send(user)
  })

  app.patch('/api/admin/users/:id', {
    config: adminOnly,
    schema: {
      tags: ['admin'],
      summary: 'Change an account (name, password, role and scope, disabled)',
      params: Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
      body: UpdateUserBody,
      response: { 200: User, ...errors },
    },
  }, async (request) => {
    if (request.params.id === request.user!.id && (request.body.disabled === true || (request.body.role && request.body.role !== 'admin')))
      throw new HttpError(400, 'bad_request', 'An administrator cannot disable or demote their own account', [{ field: request.body.disabled ? 'body.disabled' : 'body.role', message: 'not on your own account' }])
    const result = await app.accounts.update(request.params.id, request.body).catch(asHttp)
    if (!result)
      throw new HttpError(404, 'not_found', `user ${request.params.id} not found`, [{ field: 'params.id', message: 'no such user' }])
    request.audit('user.update', `user:${result.user.id}`, `changed ${result.changed.join(', ') || 'nothing'} of ${result.user.username}`)
    return result.user
  })
}
export default routes
