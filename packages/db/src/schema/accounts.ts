/**
 * Accounts, server-side sessions and the append-only audit log (DESIGN.md §8).
 * Times are epoch milliseconds (integers) so comparisons in SQL are cheap and exact.
 */
import { sql } from 'drizzle-orm'
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { staff } from './territory'

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull(),
  /** argon2id PHC string */
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ['admin', 'street', 'community', 'grid_leader', 'grid_member'] }).notNull(),
  /** street code (role street) or community code (role community); null otherwise */
  scopeCode: text('scope_code'),
  /** the grid staff record of a grid leader / member: their grids come from grid_assignments */
  staffId: integer('staff_id').references(() => staff.id),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: integer('locked_until'),
  createdAt: integer('created_at').notNull(),
  lastLoginAt: integer('last_login_at'),
}, t => [
  check('users_role', sql`${t.role} IN ('admin', 'street', 'community', 'grid_leader', 'grid_member')`),
  // the scope a role needs is present and of the right level
  check('users_scope', sql`CASE ${t.role}
    WHEN 'admin' THEN ${t.scopeCode} IS NULL
    WHEN 'street' THEN length(${t.scopeCode}) = 9
    WHEN 'community' THEN length(${t.scopeCode}) = 12
    ELSE ${t.staffId} IS NOT NULL END`),
])

/**
 * Failed sign-ins per (username, client address) — counted whether or not the username exists, so
 * the answers never tell which names do; a lock stops that pair only (the owner signs in from
 * elsewhere), and each lock in a row lasts twice as long as the one before.
 */
export const loginAttempts = sqliteTable('login_attempts', {
  /** SHA-256 of the lower-cased username and the address: no usernames typed in error kept in clear */
  key: text('key').primaryKey(),
  /** failures since the last lock expired (or the last success) */
  failures: integer('failures').notNull().default(0),
  /** locks in a row: the next lasts base × 2^locks */
  locks: integer('locks').notNull().default(0),
  lockedUntil: integer('locked_until'),
  lastFailureAt: integer('last_failure_at').notNull(),
}, t => [index('login_attempts_last').on(t.lastFailureAt)])

export const sessions = sqliteTable('sessions', {
  /** SHA-256 of the cookie token: a stolen database file yields no usable session */
  tokenHash: text('token_hash').primaryKey(),
  /** random id shown to the user for "end this session"; never the token */
  publicId: text('public_id').notNull().unique(),
  userId: integer('user_id').notNull().references(() => users.id),
  csrfToken: text('csrf_token').notNull(),
  createdAt: integer('created_at').notNull(),
  lastSeenAt: integer('last_seen_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  ip: text('ip').notNull(),
  userAgent: text('user_agent').notNull(),
  revokedAt: integer('revoked_at'),
}, t => [index('sessions_user').on(t.userId)])

export const auditLog = sqliteTable('audit_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: integer('at').notNull(),
  userId: integer('user_id'),
  username: text('username'),
  role: text('role'),
  action: text('action').notNull(),
  target: text('target'),
  summary: text('summary').notNull(),
  ip: text('ip'),
}, t => [
  index('audit_at').on(t.at),
  index('audit_user_at').on(t.username, t.at),
  index('audit_action_at').on(t.action, t.at),
])
