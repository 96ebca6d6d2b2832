import type { Role } from '@gridgov/domain'
import type { Database } from '../database'
/**
 * Demo accounts, one per role, on the demo district (listed in the README). Created only in a
 * database that has no users; real deployments create accounts with `pnpm user:create`.
 */
import { hashSync } from '@node-rs/argon2'

export const DEMO_PASSWORD = 'Demo@2026'
/** 市场街社区第1网格 — a model grid of 岱庙街道 named in the source documents */
export const DEMO_GRID = '370902001002001'

export interface DemoAccount { username: string, displayName: string, role: Role, scopeCode: string | null, staff?: 'leader' | 'member' }

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', scopeCode: null },
  { username: 'daimiao', displayName: '岱庙街道指挥中心', role: 'street', scopeCode: '370902001' },
  { username: 'shichangjie', displayName: '市场街社区工作者', role: 'community', scopeCode: '370902001002' },
  { username: 'wgz001', displayName: '', role: 'grid_leader', scopeCode: null, staff: 'leader' },
  { username: 'wgy001', displayName: '', role: 'grid_member', scopeCode: null, staff: 'member' },
]

/** Creates the demo accounts when the users table is empty and the demo grid exists. */
export function seedDemoAccounts(database: Database, now = Date.now()): boolean {
  const { sqlite } = database
  if ((sqlite.prepare('SELECT count(*) FROM users').pluck().get() as number) > 0)
    return false
  const team = sqlite.prepare(`SELECT s.id, s.name, a.role FROM grid_assignments a JOIN staff s ON s.id = a.staff_id WHERE a.grid_code = ? ORDER BY a.role, s.id`).all(DEMO_GRID) as { id: number, name: string, role: string }[]
  if (team.length === 0)
    return false
  const hash = hashSync(DEMO_PASSWORD)
  const insert = sqlite.prepare('INSERT INTO users (username, display_name, password_hash, role, scope_code, staff_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
  sqlite.transaction(() => {
    for (const a of DEMO_ACCOUNTS) {
      const person = a.staff ? team.find(t => t.role === a.staff) : undefined
      insert.run(a.username, person?.name ?? a.displayName, hash, a.role, a.scopeCode, person?.id ?? null, now)
    }
  }).immediate()
  return true
}
