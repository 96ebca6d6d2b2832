import type { ListCaller } from '@gridgov/db'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TSchema } from 'typebox'
/** Glue between the lists' repositories and HTTP: the caller, error mapping, shared schema parts. */
import { createNeedRepository, createProjectRepository, createRegistrationRepository, createReportRepository, createResourceRepository, ListError } from '@gridgov/db'
import { ErrorResponse, LIST_WRITERS } from '@gridgov/domain'
import { Type } from 'typebox'
import { HttpError } from '../../plugins/errors'
import { asHttpError } from '../cases/case-http'

declare module 'fastify' {
  interface FastifyInstance {
    registrations: ReturnType<typeof createRegistrationRepository>
    needs: ReturnType<typeof createNeedRepository>
    resources: ReturnType<typeof createResourceRepository>
    projects: ReturnType<typeof createProjectRepository>
    reports: ReturnType<typeof createReportRepository>
  }
}

export function decorateLists(app: FastifyInstance) {
  app.decorate('registrations', createRegistrationRepository(app.database))
  app.decorate('needs', createNeedRepository(app.database))
  app.decorate('resources', createResourceRepository(app.database))
  app.decorate('projects', createProjectRepository(app.database))
  app.decorate('reports', createReportRepository(app.database))
}

export const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse } as const
/** 409 and 412 answers carry the record as it is now. */
export function conflict<T extends TSchema>(current: T) {
  return Type.Object({
    error: Type.String(),
    message: Type.String(),
    details: Type.Array(Type.Object({ field: Type.String(), message: Type.String() }, { additionalProperties: false })),
    current,
  }, { additionalProperties: false })
}

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false })
/** Route config of every write: the community desk and the street's Party-building office. */
export const writers = { roles: LIST_WRITERS }

export function callerOf(request: FastifyRequest): ListCaller {
  const u = request.user!
  return { userId: u.id, name: u.displayName, role: u.role, scope: request.scope }
}

/** Maps a repository refusal (and idempotency conflicts) to the one JSON error shape. */
export function asListHttpError(err: unknown): never {
  if (err instanceof ListError)
    throw new HttpError(err.status, err.code, err.message, err.field ? [{ field: err.field, message: err.message }] : [], err.current ? { current: err.current } : {})
  return asHttpError(err)
}

/** Runs a repository call, mapping its refusals to HTTP errors. */
export function run<T>(fn: () => T): T {
  try {
    return fn()
  }
  catch (err) {
    return asListHttpError(err)
  }
}

export function missing(what: string, id: number) {
  return new HttpError(404, 'not_found', `no ${what} ${id} in your area`, [{ field: 'params.id', message: `unknown ${what}` }])
}
