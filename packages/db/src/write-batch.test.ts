import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createWriteBatcher } from './write-batch'

function table() {
  const sqlite = new Database(':memory:')
  sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)')
  const insert = sqlite.prepare('INSERT INTO t (name) VALUES (?)')
  const names = () => sqlite.prepare('SELECT name FROM t ORDER BY id').pluck().all()
  return { sqlite, insert, names }
}

describe('write batches', () => {
  it('commits the writes of one turn together, and a refused one alone rolls back and fails', async () => {
    const { sqlite, insert, names } = table()
    const writes = createWriteBatcher(sqlite, { batch: true })
    const results = await Promise.allSettled([
      writes.run(() => insert.run('a').lastInsertRowid),
      writes.run(() => {
        insert.run('half') // written, then undone with its savepoint
        throw new Error('refused')
      }),
      writes.run(() => insert.run('c').lastInsertRowid),
    ])
    expect(results.map(r => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('refused')
    expect(names()).toEqual(['a', 'c'])
    expect(writes.stats).toEqual({ batches: 1, writes: 3, largest: 3 })
    // the next turn is the next transaction
    await writes.run(() => insert.run('d'))
    expect(writes.stats.batches).toBe(2)
    expect(names()).toEqual(['a', 'c', 'd'])
  })

  it('fails every write of a batch whose commit fails, and writes none of them', async () => {
    const { sqlite, insert, names } = table()
    sqlite.exec('CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)')
    sqlite.pragma('foreign_keys = ON')
    const writes = createWriteBatcher(sqlite, { batch: true })
    const results = await Promise.allSettled([
      writes.run(() => insert.run('a')),
      writes.run(() => sqlite.prepare('INSERT INTO child (p) VALUES (42)').run()), // checked only at COMMIT
    ])
    expect(results.map(r => r.status)).toEqual(['rejected', 'rejected'])
    expect(names()).toEqual([])
    expect(sqlite.inTransaction).toBe(false)
  })

  it('runs before-commit hooks once per transaction and key, inside it, after every write of the batch', async () => {
    const { sqlite, insert, names } = table()
    const writes = createWriteBatcher(sqlite, { batch: true })
    const seen: string[] = []
    const hook = (tag: string) => () => {
      expect(sqlite.inTransaction).toBe(true)
      seen.push(`${tag}:${names().join('')}`)
      insert.run('z') // a hook's writes commit with the batch
    }
    const results = await Promise.allSettled([
      writes.run(() => {
        writes.beforeCommit('k', hook('first')) // registered, then its write rolls back: still runs
        insert.run('x')
        throw new Error('refused')
      }),
      writes.run(() => {
        writes.beforeCommit('k', hook('second')) // the same key: the first registration wins
        return insert.run('a')
      }),
      writes.run(() => insert.run('b')),
    ])
    expect(results.map(r => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled'])
    expect(seen).toEqual(['first:ab'])
    expect(names()).toEqual(['a', 'b', 'z'])
    // the next transaction starts without hooks
    await writes.run(() => insert.run('c'))
    expect(seen).toHaveLength(1)
  })

  it('fails the whole batch when a before-commit hook throws, and without batching runs hooks per write', async () => {
    const { sqlite, insert, names } = table()
    const batched = createWriteBatcher(sqlite, { batch: true })
    const results = await Promise.allSettled([
      batched.run(() => insert.run('a')),
      batched.run(() => {
        batched.beforeCommit('k', () => {
          throw new Error('rollups refused')
        })
        return insert.run('b')
      }),
    ])
    expect(results.map(r => r.status)).toEqual(['rejected', 'rejected'])
    expect(names()).toEqual([])
    const single = createWriteBatcher(sqlite, { batch: false })
    await expect(single.run(() => {
      single.beforeCommit('k', () => insert.run('never')) // its write throws: the hook is dropped with it
      insert.run('c')
      throw new Error('refused')
    })).rejects.toThrow('refused')
    await single.run(() => {
      single.beforeCommit('k', () => insert.run(`hook after ${names().join('')}`))
      return insert.run('d')
    })
    expect(names()).toEqual(['d', 'hook after d'])
  })

  it('without batching runs each write at once in its own transaction', async () => {
    const { sqlite, insert, names } = table()
    const writes = createWriteBatcher(sqlite, { batch: false })
    const a = writes.run(() => insert.run('a'))
    expect(names()).toEqual(['a']) // already committed, before any await
    await a
    await expect(writes.run(() => {
      insert.run('b')
      throw new Error('refused')
    })).rejects.toThrow('refused')
    expect(names()).toEqual(['a'])
    expect(writes.stats.batches).toBe(0)
  })
})

describe('write batches beside another writer (a second process on the same file)', () => {
  // A write that reads first and writes after another connection committed would fail with
  // SQLITE_BUSY_SNAPSHOT if its transaction began deferred: batches take the write lock up front.
  for (const batch of [true, false]) {
    it(`hold the write lock from their first statement (${batch ? 'batched' : 'one per write'})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gridgov-batch-'))
      try {
        const file = join(dir, 't.sqlite')
        const sqlite = new Database(file)
        sqlite.pragma('journal_mode = WAL')
        sqlite.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)')
        const other = new Database(file)
        other.pragma('busy_timeout = 0')
        const writes = createWriteBatcher(sqlite, { batch })
        let refused: unknown
        const written = await writes.run(() => {
          const before = sqlite.prepare('SELECT count(*) FROM t').pluck().get() as number
          try {
            other.prepare('INSERT INTO t (name) VALUES (?)').run('other')
          }
          catch (error) {
            refused = error
          }
          sqlite.prepare('INSERT INTO t (name) VALUES (?)').run(`after ${before}`)
          return before
        })
        expect(written).toBe(0)
        expect((refused as { code?: string } | undefined)?.code).toBe('SQLITE_BUSY')
        expect(sqlite.prepare('SELECT name FROM t').pluck().all()).toEqual(['after 0'])
        other.close()
        sqlite.close()
      }
      finally {
        rmSync(dir, { recursive: true, force: true })
      }
    })
  }
})
