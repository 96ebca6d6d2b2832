import type { Database } from '../database'
import type { GenerateOptions } from './generate-district'
import { insertDistrict } from '../repositories/territory-writer'
import { seedDemoAccounts } from './demo-accounts'
import { generateDistrict } from './generate-district'

/**
 * Seeds the demo district into an empty database; leaves a database that has data alone.
 * Also creates the demo accounts (README → Demo accounts). Returns whether it seeded. Runs at server start, so a fresh install shows 泰山区 at once.
 */
export function seedIfEmpty(database: Database, options: GenerateOptions = {}): boolean {
  const row = database.sqlite.prepare('SELECT count(*) AS n FROM districts').get() as { n: number }
  if (row.n > 0)
    return false
  insertDistrict(database, generateDistrict(options))
  seedDemoAccounts(database)
  return true
}
