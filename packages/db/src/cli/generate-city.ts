/**
 * Generates the city-scale benchmark dataset (≥ 20,000 grids, ≥ 500,000 buildings) into
 * DATA_DIR/city.sqlite with the same generator as the demo district, at a larger scale.
 * Usage: pnpm gen:city [--force]
 */
import { existsSync, renameSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { openDatabase } from '../database'
import { insertDistrict } from '../repositories/territory-writer'
import { DATA_ROOT } from '../seed/divisions'
import { generateDistrict } from '../seed/generate-district'

/** Scale chosen so the dataset clears both floors; checked below. */
export const CITY_OPTIONS = { seed: 'city-bench-v1', scale: 16, relaxRounds: 1, footprints: false, buildingDensity: 2 } as const
export const CITY_MIN = { grids: 20_000, buildings: 500_000 }

export function cityDatabaseFile(dataDir = process.env.DATA_DIR ?? join(DATA_ROOT, '.local')): string {
  return resolve(dataDir, 'city.sqlite')
}

/** Makes the city database unless it exists (or `force`); returns its path. */
export function ensureCityDatabase({ force = false, log = console.log } = {}): string {
  const file = cityDatabaseFile()
  if (existsSync(file) && !force)
    return file
  for (const suffix of ['', '-wal', '-shm'])
    rmSync(file + suffix, { force: true })
  const started = performance.now()
  let lastPct = -1
  const data = generateDistrict({
    ...CITY_OPTIONS,
    onProgress(done, total) {
      const pct = Math.floor((done / total) * 10) * 10
      if (pct !== lastPct) {
        lastPct = pct
        log(`  generating: ${pct}% (${done}/${total} communities)`)
      }
    },
  })
  log(`generated ${data.grids.length} grids, ${data.buildings.length} buildings in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  if (data.grids.length < CITY_MIN.grids || data.buildings.length < CITY_MIN.buildings)
    throw new Error(`city dataset too small: ${data.grids.length} grids, ${data.buildings.length} buildings`)
  const database = openDatabase(`${file}.partial`)
  insertDistrict(database, data)
  database.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  database.close()
  // only a complete file takes the final name
  rmSync(file, { force: true })
  rmSync(`${file}.partial-wal`, { force: true })
  rmSync(`${file}.partial-shm`, { force: true })
  renameSync(`${file}.partial`, file)
  log(`wrote ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s total`)
  return file
}

if (import.meta.url === `file://${process.argv[1]}`)
  ensureCityDatabase({ force: process.argv.includes('--force') })
