import type { Database } from '../database'
/**
 * Server-side sessions. The cookie carries a random 256-bit token; the table keeps only its
 * SHA-256, so the database alone never yields a usable session.
 */
import { createHash, randomBytes } from 'node:crypto'

export interface SessionRow {
  tokenHash: string
  publicId: string
  userId: number
  csrfToken: string
  createdAt: number
  lastSeenAt: number
  expiresAt: number
  ip: string
  userAgent: string
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')
const randomToken = (bytes: number) => randomBytes(bytes).toString('base64url')

const COLUMNS = `token_hash AS tokenHash, public_id AS publicId, user_id AS userId, csrf_token AS csrfToken,
  created_at AS createdAt, last_seen_at AS lastSeenAt, expires_at AS expiresAt, ip, user_agent AS userAgent`

export function createSessionRepository({ sqlite }: Database) {
  const find = sqlite.prepare(`SELECT ${COLUMNS} FROM sessions WHERE token_hash = ? AND revoked_at IS NULL`)
  const touch = sqlite.prepare('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?')

  return {
    /** Starts a session; returns the cookie token (shown once) and the row. */
    create(userId: number, now: number, absoluteMs: number, ip: string, userAgent: string): { token: string, session: SessionRow } {
      const token = randomToken(32)
      const session: SessionRow = {
        tokenHash: hashToken(token),
        publicId: randomToken(12),
        userId,
        csrfToken: randomToken(32),
        createdAt: now,
        lastSeenAt: now,
        expiresAt: now + absoluteMs,
        ip,
        userAgent: userAgent.slice(0, 300),
      }
      sqlite.prepare(`INSERT INTO sessions (token_hash, public_id, user_id, csrf_token, created_at, last_seen_at, expires_at, ip, user_agent)
        VALUES (@tokenHash, @publicId, @userId, @csrfToken, @createdAt, @lastSeenAt, @expiresAt, @ip, @userAgent)`).run(session)
      return { token, session }
    },

    /** The live session for a cookie token: not revoked, not idle too long, not past its absolute expiry. */
    findLive(token: string, now: number, idleMs: number): SessionRow | undefined {
      const row = find.get(hashToken(token)) as SessionRow | undefined
      if (!row || row.expiresAt <= now || row.lastSeenAt + idleMs <= now)
        return undefined
      return row
    },

    /**
     * Records activity when the stored time is `everyMs` or more behind (default a minute), to keep
     * reads from becoming writes. The row is updated too, so a caller that keeps it (the API's
     * session cache) stays current.
     */
    touch(row: SessionRow, now: number, everyMs = 60_000) {
      if (now - row.lastSeenAt >= everyMs) {
        touch.run(now, row.tokenHash)
        row.lastSeenAt = now
      }
    },

    revoke(tokenHash: string, now: number) {
      sqlite.prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(now, tokenHash)
    },

    /** Ends one of the user's own sessions by its public id; false when there is no such live session. */
    revokeOwn(userId: number, publicId: string, now: number): boolean {
      return sqlite.prepare('UPDATE sessions SET revoked_at = ? WHERE public_id = ? AND user_id = ? AND revoked_at IS NULL').run(now, publicId, userId).changes > 0
    },

    listLive(userId: number, now: number, idleMs: number): SessionRow[] {
      return sqlite.prepare(`SELECT ${COLUMNS} FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? AND last_seen_at > ? ORDER BY last_seen_at DESC`)
        .all(userId, now, now - idleMs) as SessionRow[]
    },

    /** Deletes sessions that ended more than a day ago (housekeeping). */
    purgeEnded(now: number) {
      sqlite.prepare('DELETE FROM sessions WHERE expires_at < ? OR revoked_at < ?').run(now - 86_400_000, now - 86_400_000)
    },
  }
}

export type SessionRepository = ReturnType<typeof createSessionRepository>
