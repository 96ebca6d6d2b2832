import type { Database } from '@gridgov/db'
import type { FastifyInstance } from 'fastify'
/**
 * Opens the database (migrations run on open), then brings it up to date for this version of the
 * product: seeds the demo district into an empty one, and fills the dashboard's timing columns and
 * rollups of a database that held cases before they existed. The repositories plugin wires the
 * data-access layer on top.
 */
import { ensureDashboardData, openDatabase, seedDemoAccounts, seedIfEmpty } from '@gridgov/db'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyInstance {
    database: Database
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
  ensureDashboardData(database)
  app.decorate('database', database)
  if (!opts.database)
    app.addHook('onClose', async () => database.close())
}, { name: 'database' })
