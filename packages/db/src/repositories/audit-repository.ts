/**
 * The append-only audit log (triggers in migration 0002 refuse updates and early deletes).
 * Entries never hold passwords, session tokens or unmasked phone numbers: callers pass summaries.
 */
import type { AuditAction, AuditEntry } from '@gridgov/domain'
import type { Database } from '../database'

export interface AuditActor { userId: number | null, username: string | null, role: string | null, ip: string | null }

/** Day boundaries are China Standard Time (UTC+8, no DST): a "day" is what the office calls one. */
const CST_OFFSET_MS = 8 * 3_600_000
export const cstDayStart = (date: string) => Date.parse(`${date}T00:00:00Z`) - CST_OFFSET_MS

export function createAuditRepository({ sqlite }: Database) {
  const insert = sqlite.prepare('INSERT INTO audit_log (at, user_id, username, role, action, target, summary, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
  return {
    append(actor: AuditActor, action: AuditAction, target: string | null, summary: string, at = Date.now()) {
      insert.run(at, actor.userId, actor.username, actor.role, action, target, summary, actor.ip)
    },

    search(f: { username?: string, action?: string, from?: string, to?: string }, w: { limit: number, offset: number }) {
      const where: string[] = []
      const args: unknown[] = []
      if (f.username) {
        where.push('username = ?')
        args.push(f.username)
      }
      if (f.action) {
        where.push('action = ?')
        args.push(f.action)
      }
      if (f.from) {
        where.push('at >= ?')
        args.push(cstDayStart(f.from))
      }
      if (f.to) {
        where.push('at < ?')
        args.push(cstDayStart(f.to) + 86_400_000)
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : ''
      const rows = sqlite.prepare(`SELECT id, at, user_id AS userId, username, role, action, target, summary, ip FROM audit_log ${clause} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`)
        .all(...args, w.limit, w.offset) as (Omit<AuditEntry, 'at'> & { at: number })[]
      const total = sqlite.prepare(`SELECT count(*) FROM audit_log ${clause}`).pluck().get(...args) as number
      return { items: rows.map(r => ({ ...r, at: new Date(r.at).toISOString() })), total, limit: w.limit, offset: w.offset }
    },

    /** Deletes entries older than `retentionDays` (the database refuses anything under 180). */
    purge(retentionDays: number, now = Date.now()): number {
      if (retentionDays < 180)
        throw new RangeError('audit log entries are kept at least 180 days')
      return sqlite.prepare('DELETE FROM audit_log WHERE at < ?').run(now - retentionDays * 86_400_000).changes
    },
  }
}

export type AuditRepository = ReturnType<typeof createAuditRepository>
