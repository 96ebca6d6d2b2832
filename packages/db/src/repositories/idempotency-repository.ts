import type { Database } from '../database'
/**
 * Idempotency-Key for POSTs (DESIGN.md §8): the first answer is stored in the same transaction as
 * the write it acknowledges, so a retried request — a tablet on a flaky link — gets that answer
 * back and never creates a second case or event.
 */
import { createHash } from 'node:crypto'
import { idempotencyKeyReused } from '@gridgov/domain'

export interface StoredReply { status: number, body: unknown, replayed: boolean }

export function createIdempotencyRepository({ sqlite }: Database) {
  const find = sqlite.prepare('SELECT route, request_hash AS requestHash, status, response FROM idempotency_keys WHERE principal = ? AND key = ?')
  const save = sqlite.prepare('INSERT INTO idempotency_keys (key, principal, route, request_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
  return {
    /**
     * Runs `write` once per (principal, key): inside one transaction it either replays the stored
     * reply or performs the write and stores its reply. Without a key it just runs `write`.
     */
    once(key: string | undefined, principal: string, route: string, request: unknown, now: number, write: () => { status: number, body: unknown }): StoredReply {
      if (!key)
        return { ...write(), replayed: false }
      const requestHash = createHash('sha256').update(`${route}\n${JSON.stringify(request)}`).digest('hex')
      return sqlite.transaction((): StoredReply => {
        const seen = find.get(principal, key) as { route: string, requestHash: string, status: number, response: string } | undefined
        if (seen) {
          if (seen.requestHash !== requestHash)
            throw idempotencyKeyReused()
          return { status: seen.status, body: JSON.parse(seen.response), replayed: true }
        }
        const reply = write()
        save.run(key, principal, route, requestHash, reply.status, JSON.stringify(reply.body), now)
        return { ...reply, replayed: false }
      }).immediate()
    },

    /**
     * The stored reply for a key already used (for writes that must do slow work, such as image
     * processing, before their transaction): undefined when the key is new.
     */
    replay(key: string | undefined, principal: string, route: string, request: unknown): StoredReply | undefined {
      if (!key)
        return undefined
      const seen = find.get(principal, key) as { requestHash: string, status: number, response: string } | undefined
      if (!seen)
        return undefined
      if (seen.requestHash !== createHash('sha256').update(`${route}\n${JSON.stringify(request)}`).digest('hex'))
        throw idempotencyKeyReused()
      return { status: seen.status, body: JSON.parse(seen.response), replayed: true }
    },

    /** Keys older than a day are forgotten (a retry comes within minutes). */
    purge(now: number) {
      sqlite.prepare('DELETE FROM idempotency_keys WHERE created_at < ?').run(now - 86_400_000)
    },
  }
}

export type IdempotencyRepository = ReturnType<typeof createIdempotencyRepository>
