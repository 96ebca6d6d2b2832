/**
 * Group commit (DESIGN.md §7/§8): writes commit with synchronous=NORMAL — WAL frames reach the
 * OS at COMMIT but are not fsynced — and every acknowledged write (a 2xx answer to POST, PUT,
 * PATCH or DELETE) waits, before its reply is sent, for an fsync of the WAL file that STARTED
 * AFTER its commit. Concurrent requests share one fsync, so durability costs one disk flush per
 * batch instead of one per request, and nothing acknowledged can be lost in a power cut.
 * Without group commit (or for ':memory:'), the database keeps synchronous=FULL.
 *
 * With group commit, routes that write through `app.writes` also share transactions: the writes of
 * one turn of the event loop commit together (one SAVEPOINT each), then share the fsync.
 */
import type { WriteBatcher } from '@gridgov/db'
import type { FastifyInstance } from 'fastify'
import { fsync, openSync } from 'node:fs'
import { createWriteBatcher } from '@gridgov/db'
import fp from 'fastify-plugin'

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Returns `durable()`: resolves once an fsync of `file` that started after the call has finished. */
export function createGroupSync(file: string) {
  let fd: number | undefined
  let current: Promise<void> | undefined
  let next: Promise<void> | undefined
  const sync = () => {
    fd ??= openSync(file, 'r')
    const started = new Promise<void>((resolve, reject) => fsync(fd!, err => (err ? reject(err) : resolve())))
    current = started.finally(() => {
      current = undefined
    })
    return current
  }
  return {
    durable(): Promise<void> {
      if (!current)
        return sync()
      // a flush is in flight and may have started before our commit: wait for the one after it
      next ??= current.then(() => {
        next = undefined
        return sync()
      })
      return next
    },
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** batched write transactions (packages/db/src/write-batch.ts): on with group commit */
    writes: WriteBatcher
  }
}

export default fp<{ enabled: boolean }>(async (app: FastifyInstance, { enabled }) => {
  const { database } = app
  // Writes that arrive together share a transaction only when their acknowledgement waits for the
  // shared fsync below; the one-fsync-per-commit mode (FULL) keeps one transaction per write.
  app.decorate('writes', createWriteBatcher(database.sqlite, { batch: enabled }))
  if (!enabled || database.file === ':memory:')
    return
  database.sqlite.pragma('synchronous = NORMAL')
  const group = createGroupSync(`${database.file}-wal`)
  app.addHook('onSend', async (request, reply, payload) => {
    if (MUTATING.has(request.method) && reply.statusCode < 400)
      await group.durable()
    return payload
  })
}, { name: 'durability', dependencies: ['database'] })
