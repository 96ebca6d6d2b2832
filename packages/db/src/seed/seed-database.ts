import type { Database } from '../database'
import type { CaseHistoryOptions } from './generate-cases'
import type { GenerateOptions } from './generate-district'
import { insertDistrict } from '../repositories/territory-writer'
import { seedDemoAccounts } from './demo-accounts'
import { generateCaseHistory } from './generate-cases'
import { generateDistrict } from './generate-district'
import { generateLists } from './generate-lists'

export interface SeedOptions extends GenerateOptions {
  /**
   * The server's photo folder (DATA_DIR/uploads). When given, about two years of simulated cases
   * are seeded too; their resolve photos are placeholder images written there.
   */
  uploadsDir?: string
  /** Tuning for the simulated cases (seed, now, days, perDay); `false` skips them. */
  cases?: Omit<CaseHistoryOptions, 'uploadsDir'> | false
}

/**
 * Seeds the demo district into an empty database; leaves a database that has data alone.
 * Also creates the demo accounts (README → Demo accounts) and, given `uploadsDir`, the simulated
 * case history — all in one transaction, so a failed seed leaves an empty database that the next
 * start seeds again. Returns whether it seeded. Runs at server start, so a fresh install shows
 * 泰山区 at once.
 */
export function seedIfEmpty(database: Database, options: SeedOptions = {}): boolean {
  const row = database.sqlite.prepare('SELECT count(*) AS n FROM districts').get() as { n: number }
  if (row.n > 0)
    return false
  const { uploadsDir, cases, ...district } = options
  const dataset = generateDistrict(district)
  database.sqlite.transaction(() => {
    insertDistrict(database, dataset)
    // accounts first: the demo community worker and grid staff then appear in the cases' history
    seedDemoAccounts(database)
    if (uploadsDir !== undefined && cases !== false)
      generateCaseHistory(database, { ...cases, uploadsDir })
    generateLists(database, { now: cases === false ? undefined : cases?.now })
  }).immediate()
  return true
}
