import type { Database } from '../database'
/**
 * Sign-in lockout per (username, client address) — DESIGN.md §8: "sign-in reveals nothing about
 * which usernames exist, and a lockout never lets a stranger lock out the owner".
 *
 * - Failures are counted per pair whether or not the username exists: unknown and known names get
 *   the same answers, warnings and locks.
 * - A lock stops that pair only: the owner signing in from their own address is not affected.
 * - `threshold` failures lock the pair for `lockMs`; each further lock in a row lasts twice as long
 *   (up to `maxLockMs`), so guessing costs the guesser ever more time. When a lock expires the
 *   failure count starts again; a day without failures forgets the pair's locks; a success clears it.
 */
import { createHash } from 'node:crypto'

export interface LoginGuardOptions {
  /** failures in a row before a lock (default 5) */
  threshold: number
  /** the first lock's length (default 15 min) */
  lockMs: number
  /** the longest lock (default 24 h) */
  maxLockMs: number
}

export type LoginState
  = { locked: false, attemptsLeft: number }
    | { locked: true, retryAfterMs: number }

interface Row { failures: number, locks: number, lockedUntil: number | null, lastFailureAt: number }

const DAY_MS = 86_400_000

export function createLoginGuard({ statement, sqlite }: Database, options: LoginGuardOptions) {
  const keyOf = (username: string, ip: string) => createHash('sha256').update(`${username.trim().toLowerCase()}\n${ip}`).digest('hex')
  const read = (key: string) => statement('SELECT failures, locks, locked_until AS lockedUntil, last_failure_at AS lastFailureAt FROM login_attempts WHERE key = ?').get(key) as Row | undefined

  /** The row as of `now`: an expired lock resets the failures, a quiet day the locks. */
  function current(row: Row | undefined, now: number): Row {
    if (!row)
      return { failures: 0, locks: 0, lockedUntil: null, lastFailureAt: now }
    const quiet = now - row.lastFailureAt >= DAY_MS
    const expired = row.lockedUntil !== null && row.lockedUntil <= now
    return {
      failures: expired || quiet ? 0 : row.failures,
      locks: quiet ? 0 : row.locks,
      lockedUntil: expired ? null : row.lockedUntil,
      lastFailureAt: row.lastFailureAt,
    }
  }

  const stateOf = (row: Row, now: number): LoginState => row.lockedUntil !== null && row.lockedUntil > now
    ? { locked: true, retryAfterMs: row.lockedUntil - now }
    : { locked: false, attemptsLeft: options.threshold - row.failures }

  return {
    options,

    /** Whether this pair may try now, and how many tries are left before a lock. */
    state(username: string, ip: string, now: number): LoginState {
      return stateOf(current(read(keyOf(username, ip)), now), now)
    },

    /** Counts a failure; returns the state after it (locked, or tries left) and the lock length if it locked. */
    fail(username: string, ip: string, now: number): LoginState & { lockMs?: number } {
      const key = keyOf(username, ip)
      return sqlite.transaction(() => {
        const row = current(read(key), now)
        let lockMs: number | undefined
        row.failures += 1
        row.lastFailureAt = now
        if (row.failures >= options.threshold) {
          lockMs = Math.min(options.maxLockMs, options.lockMs * 2 ** row.locks)
          row.lockedUntil = now + lockMs
          row.locks += 1
          row.failures = 0
        }
        statement(`INSERT INTO login_attempts (key, failures, locks, locked_until, last_failure_at) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, locks = excluded.locks, locked_until = excluded.locked_until, last_failure_at = excluded.last_failure_at`)
          .run(key, row.failures, row.locks, row.lockedUntil, row.lastFailureAt)
        return { ...stateOf(row, now), ...(lockMs === undefined ? {} : { lockMs }) }
      }).immediate()
    },

    /** The next lock's length for this pair (for the warning before the last try). */
    nextLockMs(username: string, ip: string, now: number): number {
      const row = current(read(keyOf(username, ip)), now)
      return Math.min(options.maxLockMs, options.lockMs * 2 ** row.locks)
    },

    /** A successful sign-in forgets the pair. */
    succeed(username: string, ip: string) {
      statement('DELETE FROM login_attempts WHERE key = ?').run(keyOf(username, ip))
    },

    /** Forgets pairs quiet for a day and not locked (housekeeping). */
    purge(now: number) {
      statement('DELETE FROM login_attempts WHERE last_failure_at < ? AND (locked_until IS NULL OR locked_until < ?)').run(now - DAY_MS, now)
    },
  }
}

export type LoginGuard = ReturnType<typeof createLoginGuard>
