import type { CaseCaller } from '@gridgov/db'
import type { Role } from '@gridgov/domain'
import type { FastifyRequest } from 'fastify'

/** A signed-in caller: a user id and a staff role (never the resident). */
export type SignedInCaller = CaseCaller & { userId: number, role: Role }

/** The signed-in caller as the data layer sees them: who, in which role, over which territory. */
export function callerOf(request: FastifyRequest): SignedInCaller {
  const u = request.user!
  return { userId: u.id, name: u.displayName, role: u.role, staffId: u.staffId, scope: request.scope }
}
