import type { TestProject } from 'vitest/node'
/**
 * Generates and seeds the demo district once per test run into a template SQLite file; each test
 * file then works on its own copy (a fresh database per file, without regenerating per file).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, seedIfEmpty } from '@gridgov/db'

declare module 'vitest' {
  export interface ProvidedContext {
    templateDb: string
  }
}

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'gridgov-template-'))
  const file = join(dir, 'template.sqlite')
  const database = openDatabase(file)
  seedIfEmpty(database)
  database.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  database.close()
  project.provide('templateDb', file)
  return () => rmSync(dir, { recursive: true, force: true })
}
