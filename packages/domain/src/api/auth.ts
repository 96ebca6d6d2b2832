import type { Static } from 'typebox'
/** Shapes of the accounts, sessions and audit API. */
import { Type } from 'typebox'
import { AUDIT_ACTIONS, ROLES } from '../access'
import { CODE_PATTERN } from '../codes'
import { Id, Offset } from './common'

const closed = { additionalProperties: false } as const

export const RoleSchema = Type.Enum(ROLES, { description: 'admin 系统管理员 | street 街道 | community 社区工作者 | grid_leader 网格长 | grid_member 网格员' })

export const Username = Type.String({ pattern: '^[a-z][a-z0-9_.-]{2,31}$', description: '3–32 characters: lower-case letters, digits, _ . -; starts with a letter' })
/** At least 8 characters; the server also requires letters and digits. */
export const Password = Type.String({ minLength: 8, maxLength: 128, description: 'at least 8 characters with letters and digits' })

/** A refused sign-in: 401 with the tries left before a lock, or 423 with how long the lock lasts. */
export const LoginRefusal = Type.Object({
  error: Type.String(),
  message: Type.String(),
  details: Type.Array(Type.Object({ field: Type.String(), message: Type.String() }, closed)),
  attemptsLeft: Type.Optional(Type.Integer({ description: 'failures left from this address before a lock' })),
  lockMinutes: Type.Optional(Type.Integer({ description: 'how long the next lock lasts' })),
  retryAfterS: Type.Optional(Type.Integer({ description: 'seconds until a lock ends (also Retry-After)' })),
}, closed)

export const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 128 }),
}, closed)

export const Me = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  /** territory the user works in: null for admin (everything) */
  scopeCode: Type.Union([Type.String(), Type.Null()], { description: 'street or community code, or null (admin, grid roles)' }),
  scopeName: Type.String({ description: 'e.g. 岱庙街道, 市场街社区, 市场街社区第1网格' }),
  /** for grid roles: the grids the linked staff member is assigned to */
  gridCodes: Type.Array(Type.String()),
  staffId: Type.Union([Type.Integer(), Type.Null()]),
}, closed)

export const Session = Type.Object({
  me: Me,
  /** send as `x-csrf-token` on every POST, PUT, PATCH and DELETE */
  csrfToken: Type.String(),
  idleTimeoutS: Type.Integer(),
  expiresAt: Type.String({ format: 'date-time', description: 'absolute expiry' }),
}, closed)

export const SessionInfo = Type.Object({
  id: Type.String({ description: 'public id of the session (not the cookie value)' }),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  ip: Type.String(),
  userAgent: Type.String(),
  current: Type.Boolean(),
}, closed)

export const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  scopeCode: Type.Union([Type.String(), Type.Null()]),
  scopeName: Type.String(),
  staffId: Type.Union([Type.Integer(), Type.Null()]),
  disabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  lastLoginAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
}, closed)

const scopeFields = {
  scopeCode: Type.Optional(Type.Union([
    Type.String({ pattern: CODE_PATTERN.street }),
    Type.String({ pattern: CODE_PATTERN.community }),
    Type.Null(),
  ], { description: 'street code for role street, community code for role community' })),
  staffId: Type.Optional(Type.Union([Id(), Type.Null()], { description: 'grid staff record for grid roles' })),
}

export const CreateUserBody = Type.Object({
  username: Username,
  displayName: Type.String({ minLength: 1, maxLength: 40 }),
  password: Password,
  role: RoleSchema,
  ...scopeFields,
}, closed)

export const UpdateUserBody = Type.Object({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  password: Type.Optional(Password),
  role: Type.Optional(RoleSchema),
  ...scopeFields,
  disabled: Type.Optional(Type.Boolean()),
}, closed)

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  userId: Type.Union([Type.Integer(), Type.Null()]),
  username: Type.Union([Type.String(), Type.Null()]),
  role: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  target: Type.Union([Type.String(), Type.Null()]),
  summary: Type.String(),
  ip: Type.Union([Type.String(), Type.Null()]),
}, closed)

export const AuditQuery = Type.Object({
  username: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  action: Type.Optional(Type.Enum(AUDIT_ACTIONS)),
  from: Type.Optional(Type.String({ format: 'date', description: 'YYYY-MM-DD, inclusive (UTC+8 day)' })),
  to: Type.Optional(Type.String({ format: 'date', description: 'YYYY-MM-DD, inclusive' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Offset),
}, closed)

export const RevealBody = Type.Object({
  field: Type.Literal('phone'),
  reason: Type.Optional(Type.String({ maxLength: 200, description: '为何查看 — recorded in the audit log' })),
}, closed)

export type Me = Static<typeof Me>
export type Session = Static<typeof Session>
export type SessionInfo = Static<typeof SessionInfo>
export type User = Static<typeof User>
export type CreateUserBody = Static<typeof CreateUserBody>
export type UpdateUserBody = Static<typeof UpdateUserBody>
export type AuditEntry = Static<typeof AuditEntry>
