import type { Database, TerritoryRepository } from '@gridgov/db'
import type { FastifyInstance } from 'fastify'
/**
 * Opens the database (migrations run on open), seeds the demo district into an empty one, and
 * decorates the app with the data-access layer. Routes use `app.territory`, never tables.
 */
import { createTerritoryRepository, openDatabase, seedDemoAccounts, seedIfEmpty } from '@gridgov/db'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyInstance {
    database: Database
    territory: TerritoryRepository
  }
}

export interface DatabasePluginOptions {
  /** SQLite file path or ':memory:' */
  file: string
  /** seed the demo district when the database is empty (default true) */
  seed?: boolean
  /** an already-open database (tests, benchmarks); `file` is ignored then and it is not closed */
  database?: Database
  /** photo folder: given, the first start also seeds two years of simulated cases with photos */
  uploadsDir?: string
}

export default fp<DatabasePluginOptions>(async (app: FastifyInstance, opts) => {
  const database = opts.database ?? openDatabase(opts.file)
  if (opts.seed ?? true) {
    const started = performance.now()
    if (seedIfEmpty(database, { uploadsDir: opts.uploadsDir }))
      app.log.info({ ms: Math.round(performance.now() - started) }, 'seeded the demo district 泰山区 (simulated grids, staff and case history)')
    // a demo database from before accounts existed gets its demo accounts too
    else if (seedDemoAccounts(database))
      app.log.info('created the demo accounts (README → Demo accounts)')
  }
  app.decorate('database', database)
  app.decorate('territory', createTerritoryRepository(database))
  if (!opts.database)
    app.addHook('onClose', async () => database.close())
}, { name: 'database' })
