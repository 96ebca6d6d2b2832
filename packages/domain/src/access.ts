/**
 * Roles and territorial scope (DESIGN.md §8). Scope is expressed as territory-code prefixes:
 * codes nest (street 9 ⊂ community 12 ⊂ grid 15 ⊂ building 18 digits), so "inside my scope" is
 * "my code is a prefix of the record's code" — one rule for every table.
 */
export const ROLES = ['admin', 'street', 'community', 'grid_leader', 'grid_member'] as const
export type Role = typeof ROLES[number]

/** The roles of grid staff: their scope is the grids their staff record serves. */
export const GRID_STAFF_ROLES: readonly Role[] = ['grid_leader', 'grid_member']

/** 系统管理员, 街道, 社区工作者, 网格长, 网格员 — for labels. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: '系统管理员',
  street: '街道工作人员',
  community: '社区工作者',
  grid_leader: '网格长',
  grid_member: '网格员',
}

/** Who may see what: everything, or the territory under these code prefixes. */
export type Scope = { kind: 'all' } | { kind: 'territory', prefixes: string[] }

/** True when `code` (any level) lies inside the scope: a scope prefix is a prefix of it. */
export function inScope(scope: Scope, code: string): boolean {
  return scope.kind === 'all' || scope.prefixes.some(p => code.startsWith(p))
}

/**
 * True when `code` is inside the scope or is an ancestor of it (a grid member may read the name
 * and outline of their own community and street, not their siblings).
 */
export function visibleInScope(scope: Scope, code: string): boolean {
  return scope.kind === 'all' || scope.prefixes.some(p => code.startsWith(p) || p.startsWith(code))
}

/**
 * Personal data policy (DESIGN.md §8), applied server-side:
 * - grid staff names: shown in full to signed-in users whose scope holds the staff's grid — the
 *   people who dispatch to, escalate with or work beside them need them (and grids post them on
 *   their 公示牌); never in public endpoints (the map layers carry no names of people);
 * - grid staff phones: always masked (138****5678); the full number only through an explicit
 *   reveal by the roles below, recorded in the audit log without the number;
 * - residents' names, phones, ID numbers and addresses (with cases): masked (张*, 138****5678)
 *   except for the roles handling that case, same reveal mechanism;
 * - contacts of units and registered Party members (双报到): phones masked for everyone, revealed
 *   the same way.
 */

/** Roles allowed to reveal a masked phone number of grid staff in their scope. */
export const CAN_REVEAL_STAFF_PHONE: readonly Role[] = ['admin', 'street', 'community', 'grid_leader']

/** Roles allowed to reveal the phone of a unit's contact or a registered Party member in their area. */
export const CAN_REVEAL_CONTACT_PHONE: readonly Role[] = ['admin', 'street', 'community', 'grid_leader']

/**
 * Roles that may call a resident back: the desk and the street over the case's territory, and the
 * grid staff member the case is assigned to (checked per case). Not the system admin: running the
 * system is not handling residents' requests.
 */
export const CAN_REVEAL_RESIDENT_PHONE: readonly Role[] = ['street', 'community', 'grid_leader', 'grid_member']

/** What the audit log records (DESIGN.md §8): sign-ins, denials, reveals and every write. */
export const AUDIT_ACTIONS = [
  'login.success',
  'login.failure',
  'login.locked',
  'logout',
  'session.revoke',
  'access.denied',
  'reveal',
  'user.create',
  'user.update',
  'grid.staff',
  'case.create',
  'case.action',
  'unit.register',
  'member.register',
  'need.create',
  'need.close',
  'resource.create',
  'resource.withdraw',
  'project.create',
  'project.action',
  'project.hours',
] as const
export type AuditAction = typeof AUDIT_ACTIONS[number]
