/** Shared helpers for API tests: a fresh copy of the seeded template database per call. */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '@gridgov/db'
import { inject } from 'vitest'
import { type BuildAppOptions, buildApp } from '../src/app'

/** Builds the app on its own copy of the seeded demo district. Close it with `app.close()`. */
export async function buildTestApp(options: BuildAppOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gridgov-test-'))
  const file = join(dir, 'gridgov.sqlite')
  copyFileSync(inject('templateDb'), file)
  const database = openDatabase(file)
  const app = await buildApp({ database, seed: false, ...options })
  app.addHook('onClose', async () => {
    database.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return app
}

/** The parsed JSON body of an inject response. */
export const json = <T = any>(res: { body: string }): T => JSON.parse(res.body) as T
