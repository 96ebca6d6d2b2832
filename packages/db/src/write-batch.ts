import type BetterSqlite3 from 'better-sqlite3'
/**
 * Micro-batched writes, the other half of group commit (DESIGN.md §7/§8): the writes that arrive
 * while the event loop is busy run together in ONE transaction at the next turn of the loop,
 * each inside its own SAVEPOINT — so each is still all-or-nothing, and one refused write (bad
 * input found inside the transaction) rolls back alone and fails alone while the others commit.
 * One COMMIT instead of one per request; the API then waits for one WAL fsync for the batch
 * before it acknowledges any of them (apps/api/src/plugins/durability.ts).
 *
 * Without batching (`batch: false`) every write is its own transaction, run at once.
 *
 * Transactions begin IMMEDIATE (as every write transaction of the data layer does): they hold the
 * write lock from their first statement, so a write that reads first cannot find its snapshot
 * stale when another process (the user CLI, a second server) committed in between — it waits for
 * the lock (busy_timeout) instead of failing with SQLITE_BUSY.
 */

/** a batch this large is committed without waiting for the next turn of the loop */
const MAX_BATCH = 512

interface Pending { work: () => unknown, resolve: (value: unknown) => void, reject: (error: unknown) => void }

export interface WriteBatchStats {
  /** transactions committed by the batcher */
  batches: number
  /** writes that ran in them (committed or rolled back to their savepoint) */
  writes: number
  /** the most writes one transaction carried */
  largest: number
}

export function createWriteBatcher(sqlite: BetterSqlite3.Database, options: { batch: boolean }) {
  let queue: Pending[] = []
  const stats: WriteBatchStats = { batches: 0, writes: 0, largest: 0 }
  // better-sqlite3 runs a transaction function called inside another one as a SAVEPOINT, and
  // rolls back to it when the function throws
  const one = sqlite.transaction((work: () => unknown) => work())
  // work to finish inside the open transaction just before it commits, by key (first one wins)
  let hooks = new Map<string, () => void>()
  const finish = () => {
    const due = hooks
    hooks = new Map()
    for (const hook of due.values())
      hook()
  }
  const single = sqlite.transaction((work: () => unknown) => {
    hooks = new Map()
    const value = work()
    finish()
    return value
  })
  const all = sqlite.transaction((jobs: Pending[]) => {
    hooks = new Map()
    const results = jobs.map((job) => {
      try {
        return { ok: true as const, value: one(job.work) }
      }
      catch (error) {
        return { ok: false as const, error }
      }
    })
    finish()
    return results
  })

  function flush() {
    const jobs = queue
    queue = []
    if (!jobs.length)
      return
    let results: ReturnType<typeof all>
    try {
      results = all.immediate(jobs)
    }
    catch (error) {
      // the COMMIT itself failed (disk full, I/O error), or a before-commit hook did: nothing of
      // the batch was written
      for (const job of jobs)
        job.reject(error)
      return
    }
    stats.batches++
    stats.writes += jobs.length
    stats.largest = Math.max(stats.largest, jobs.length)
    results.forEach((r, i) => (r.ok ? jobs[i]!.resolve(r.value) : jobs[i]!.reject(r.error)))
  }

  return {
    stats,
    /**
     * From inside `run`'s work: runs `hook` in the same transaction just before it commits, after
     * every write of the batch — once per transaction and key (the first registration wins), even
     * if the write that registered it rolled back to its savepoint. A hook that throws fails the
     * whole transaction.
     */
    beforeCommit(key: string, hook: () => void): void {
      if (!hooks.has(key))
        hooks.set(key, hook)
    },
    /**
     * Runs `work` (synchronous SQL) in a transaction — batched with the writes of the same turn
     * of the event loop — and resolves with its result once committed; rejects with what it threw,
     * in which case none of its rows were written.
     */
    run<T>(work: () => T): Promise<T> {
      if (!options.batch) {
        try {
          return Promise.resolve(single.immediate(work) as T)
        }
        catch (error) {
          return Promise.reject(error)
        }
      }
      return new Promise<T>((resolve, reject) => {
        const n = queue.push({ work, resolve: resolve as (value: unknown) => void, reject })
        if (n === 1)
          setImmediate(flush)
        else if (n >= MAX_BATCH)
          flush()
      })
    },
  }
}

export type WriteBatcher = ReturnType<typeof createWriteBatcher>
