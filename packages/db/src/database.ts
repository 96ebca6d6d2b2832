import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema'

export type Db = BetterSQLite3Database<typeof schema>

export interface Database {
  /** drizzle handle: every query in the data-access layer goes through it */
  db: Db
  /** the raw better-sqlite3 connection (pragmas, backups, transactions) */
  sqlite: Database.Database
  /** the file path, or ':memory:' */
  file: string
  close: () => void
  /**
   * A prepared statement for this SQL, prepared once per connection and reused: preparing costs
   * more than running most of our queries. (A statement's pluck/raw mode sticks to it, so use one
   * SQL text one way.)
   */
  statement: (sql: string) => Database.Statement
}

export const MIGRATIONS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), '..', 'migrations')

/**
 * Opens (creating if needed) the SQLite file and applies pending migrations.
 * WAL lets readers run beside the single writer; synchronous=FULL fsyncs the WAL on every commit
 * so an acknowledged write survives a power cut (DESIGN.md §8 "nothing acknowledged is lost").
 */
export function openDatabase(file: string): Database {
  if (file !== ':memory:')
    mkdirSync(dirname(file), { recursive: true })
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  // Statement journals (the rollup triggers' multi-row upserts) and savepoints (batched writes) in
  // memory: as temp files they spill to disk past 64 KiB, a write syscall per page. Not the WAL.
  sqlite.pragma('temp_store = MEMORY')
  const db = drizzle(sqlite, { schema })
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER })
  const statements = new Map<string, Database.Statement>()
  const statement = (sql: string) => {
    let stmt = statements.get(sql)
    if (!stmt) {
      stmt = sqlite.prepare(sql)
      statements.set(sql, stmt)
    }
    return stmt
  }
  return { db, sqlite, file, close: () => sqlite.close(), statement }
}

/** The id of the newest applied migration, for health checks. */
export function schemaVersion(database: Database): string {
  const row = database.sqlite
    .prepare('SELECT hash, created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1')
    .get() as { hash: string, created_at: number } | undefined
  return row ? String(row.created_at) : 'none'
}
