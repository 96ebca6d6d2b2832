import type { Me, Role, Scope, User } from '@gridgov/domain'
import type { Database } from '../database'
/**
 * Accounts: users, their scope, login bookkeeping. Passwords are argon2id (@node-rs/argon2);
 * only the hash is stored, and nothing here ever logs a password or returns its hash.
 */
import { Refusal } from '@gridgov/domain'
import { hash, hashSync, verify } from '@node-rs/argon2'

export interface UserRow {
  id: number
  username: string
  displayName: string
  passwordHash: string
  role: Role
  scopeCode: string | null
  staffId: number | null
  disabled: number
  failedLogins: number
  lockedUntil: number | null
  createdAt: number
  lastLoginAt: number | null
}

/** What an administrator may change on an account (the password separately, hashed first). */
export interface AccountPatch { displayName?: string, role?: Role, scopeCode?: string | null, staffId?: number | null, disabled?: boolean }

export interface NewUser {
  username: string
  displayName: string
  password: string
  role: Role
  scopeCode?: string | null
  staffId?: number | null
}

/** A request that breaks an account rule: 400 naming the field (409 for a taken username). */
function accountRefusal(field: string, message: string, code: 'bad_request' | 'conflict' = 'bad_request') {
  return new Refusal(code === 'conflict' ? 409 : 400, code, `${field} ${message}`, { field, detail: message })
}

/** ≥ 8 characters with at least one letter and one digit. */
export function checkPasswordStrength(password: string): string | undefined {
  if (password.length < 8)
    return 'must be at least 8 characters'
  if (!/[a-z]/i.test(password) || !/\d/.test(password))
    return 'must contain letters and digits'
  return undefined
}

// A real hash to verify against when the user does not exist, so both paths cost the same time.
const DUMMY_HASH = hashSync('not-a-real-password-0')

const USER_COLUMNS = `id, username, display_name AS displayName, password_hash AS passwordHash, role,
  scope_code AS scopeCode, staff_id AS staffId, disabled, failed_logins AS failedLogins,
  locked_until AS lockedUntil, created_at AS createdAt, last_login_at AS lastLoginAt`

export function createAccountRepository(database: Database) {
  const { sqlite } = database
  const byName = sqlite.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE username = ?`)
  const byId = sqlite.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`)
  const gridsOfStaff = sqlite.prepare('SELECT grid_code AS code FROM grid_assignments WHERE staff_id = ? ORDER BY grid_code').pluck()
  const streetName = sqlite.prepare('SELECT name FROM streets WHERE code = ?').pluck()
  const communityName = sqlite.prepare('SELECT name FROM communities WHERE code = ?').pluck()
  const gridName = sqlite.prepare('SELECT name FROM grids WHERE code = ?').pluck()
  const staffExists = sqlite.prepare('SELECT 1 FROM staff WHERE id = ?').pluck()

  function gridCodes(row: UserRow): string[] {
    return row.staffId !== null && (row.role === 'grid_leader' || row.role === 'grid_member')
      ? gridsOfStaff.all(row.staffId) as string[]
      : []
  }

  function scopeName(row: UserRow): string {
    switch (row.role) {
      case 'admin': return '全区'
      case 'street': return (streetName.get(row.scopeCode) as string | undefined) ?? row.scopeCode ?? ''
      case 'community': return (communityName.get(row.scopeCode) as string | undefined) ?? row.scopeCode ?? ''
      default: {
        const names = gridCodes(row).map(c => gridName.get(c) as string)
        return names.length ? names.join('、') : '未分配网格'
      }
    }
  }

  /** Checks that the scope fits the role; returns the normalized values. */
  function checkScope(role: Role, scopeCode: string | null | undefined, staffId: number | null | undefined) {
    if (role === 'admin')
      return { scopeCode: null, staffId: null }
    if (role === 'street' || role === 'community') {
      const lookup = role === 'street' ? streetName : communityName
      if (!scopeCode || !lookup.get(scopeCode))
        throw accountRefusal('body.scopeCode', role === 'street' ? 'must be the code of an existing street' : 'must be the code of an existing community')
      return { scopeCode, staffId: null }
    }
    if (!staffId || !staffExists.get(staffId))
      throw accountRefusal('body.staffId', 'must be the id of an existing grid staff member')
    return { scopeCode: null, staffId }
  }

  function toUser(row: UserRow): User {
    return {
      id: row.id,
      username: row.username,
      displayName: row.displayName,
      role: row.role,
      scopeCode: row.scopeCode,
      scopeName: scopeName(row),
      staffId: row.staffId,
      disabled: row.disabled === 1,
      createdAt: new Date(row.createdAt).toISOString(),
      lastLoginAt: row.lastLoginAt === null ? null : new Date(row.lastLoginAt).toISOString(),
    }
  }

  return {
    findByUsername: (username: string) => byName.get(username) as UserRow | undefined,
    findById: (id: number) => byId.get(id) as UserRow | undefined,
    toUser,

    /** What the signed-in user may see: computed per request from role, scope and assignments. */
    scopeOf(row: UserRow): Scope {
      if (row.role === 'admin')
        return { kind: 'all' }
      if (row.role === 'street' || row.role === 'community')
        return { kind: 'territory', prefixes: row.scopeCode ? [row.scopeCode] : [] }
      return { kind: 'territory', prefixes: gridCodes(row) }
    },

    /** The signed-in user as the dashboard sees them: the account plus their grids. */
    me(row: UserRow): Me {
      const { disabled: _d, createdAt: _c, lastLoginAt: _l, ...user } = toUser(row)
      return { ...user, gridCodes: gridCodes(row) }
    },

    /**
     * Verifies a password in constant-ish time whether or not the user exists. Returns the row
     * only on success; the caller gives one generic answer for every failure.
     */
    async verifyPassword(row: UserRow | undefined, password: string): Promise<boolean> {
      const ok = await verify(row?.passwordHash ?? DUMMY_HASH, password).catch(() => false)
      return row !== undefined && ok
    },

    recordSuccess(id: number, now: number) {
      sqlite.prepare('UPDATE users SET last_login_at = ? WHERE id = ?').run(now, id)
    },

    /** Checks a password's strength and hashes it (slow, async): done before the write's transaction. */
    async hashPassword(password: string): Promise<string> {
      const weak = checkPasswordStrength(password)
      if (weak)
        throw accountRefusal('body.password', weak)
      return hash(password)
    },

    /** Inserts an account whose password is already hashed (synchronous: one transaction with its audit entry). */
    insert(input: Omit<NewUser, 'password'> & { passwordHash: string }, now: number): User {
      if (byName.get(input.username))
        throw accountRefusal('body.username', 'is already taken', 'conflict')
      const scope = checkScope(input.role, input.scopeCode, input.staffId)
      const row = sqlite.prepare(`INSERT INTO users (username, display_name, password_hash, role, scope_code, staff_id, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${USER_COLUMNS}`)
        .get(input.username, input.displayName, input.passwordHash, input.role, scope.scopeCode, scope.staffId, now) as UserRow
      return toUser(row)
    },

    async create(input: NewUser, now: number): Promise<User> {
      const { password, ...rest } = input
      return this.insert({ ...rest, passwordHash: await this.hashPassword(password) }, now)
    },

    /**
     * Applies a change to an account (the password, if any, already hashed); a password change,
     * role or scope change, or disabling ends all their sessions. Undefined when there is no such user.
     */
    applyUpdate(id: number, patch: AccountPatch & { passwordHash?: string }, now: number): { user: User, changed: string[] } | undefined {
      return sqlite.transaction(() => {
        const current = byId.get(id) as UserRow | undefined
        if (!current)
          return undefined
        const role = patch.role ?? current.role
        const scope = checkScope(role, patch.scopeCode !== undefined ? patch.scopeCode : current.scopeCode, patch.staffId !== undefined ? patch.staffId : current.staffId)
        const newPassword = patch.passwordHash !== undefined
        const changed = Object.keys(patch).filter(k => k !== 'password' && k !== 'passwordHash').concat(newPassword ? ['password'] : [])
        const row = sqlite.prepare(`UPDATE users SET display_name = ?, password_hash = ?, role = ?, scope_code = ?, staff_id = ?, disabled = ?,
            failed_logins = CASE WHEN ? THEN 0 ELSE failed_logins END, locked_until = CASE WHEN ? THEN NULL ELSE locked_until END
          WHERE id = ? RETURNING ${USER_COLUMNS}`)
          .get(patch.displayName ?? current.displayName, patch.passwordHash ?? current.passwordHash, role, scope.scopeCode, scope.staffId, (patch.disabled ?? current.disabled === 1) ? 1 : 0, newPassword ? 1 : 0, newPassword ? 1 : 0, id) as UserRow
        if (newPassword || patch.role !== undefined || patch.scopeCode !== undefined || patch.staffId !== undefined || patch.disabled === true)
          sqlite.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(now, id)
        return { user: toUser(row), changed }
      }).immediate()
    },

    async update(id: number, patch: AccountPatch & { password?: string }, now = Date.now()): Promise<{ user: User, changed: string[] } | undefined> {
      const { password, ...rest } = patch
      const passwordHash = password === undefined ? undefined : await this.hashPassword(password)
      return this.applyUpdate(id, passwordHash === undefined ? rest : { ...rest, passwordHash }, now)
    },

    list(filter: { q?: string, role?: Role }, w: { limit: number, offset: number }) {
      const where: string[] = []
      const args: unknown[] = []
      if (filter.q) {
        where.push(`(username LIKE ? ESCAPE '\\' OR display_name LIKE ? ESCAPE '\\')`)
        const like = `%${filter.q.replace(/[\\%_]/g, c => `\\${c}`)}%`
        args.push(like, like)
      }
      if (filter.role) {
        where.push('role = ?')
        args.push(filter.role)
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : ''
      const rows = sqlite.prepare(`SELECT ${USER_COLUMNS} FROM users ${clause} ORDER BY id LIMIT ? OFFSET ?`).all(...args, w.limit, w.offset) as UserRow[]
      const total = sqlite.prepare(`SELECT count(*) FROM users ${clause}`).pluck().get(...args) as number
      return { items: rows.map(toUser), total, limit: w.limit, offset: w.offset }
    },
  }
}

export type AccountRepository = ReturnType<typeof createAccountRepository>
