/**
 * The dashboard benchmark's case load (issue 5: ≥ 10 million cases on the city dataset): a copy of
 * the city database with N synthetic cases, made once and reused. Cases are statistically shaped —
 * two years with a weekday and seasonal rhythm, hot-spot buildings, the category mix, realistic
 * shares of closed, late, reworked, extended, rated and still-open cases — and written straight as
 * rows (not replayed through the state machine like the demo history: at this size that would take
 * hours). For speed the rollup triggers are set aside during the bulk load and the rollups are
 * then built by `rebuildRollups` — the recount the property test holds the triggers equal to — and
 * the triggers are restored, so later writes (the benchmark's) maintain them as in production.
 * Usage: pnpm gen:city-cases [--cases 10000000] [--force]
 */
import { existsSync, renameSync, rmSync } from 'node:fs'
import { loadCategories } from '@gridgov/domain'
import { openDatabase } from '../database'
import { rebuildRollups, sweepSla } from '../repositories/dashboard-rollups'
import { createRand } from '../seed/prng'
import { cityDatabaseFile, ensureCityDatabase } from './generate-city'

/** "Now" of the generated history; the benchmark server runs on this clock. */
export const CITY_CASES_NOW = Date.parse('2026-11-20T10:00:00+08:00')
export const CITY_CASES_DEFAULT = 10_000_000
const DAYS = 730
const HOUR = 3_600_000
const DAY = 24 * HOUR

export function cityCasesFile(cases: number): string {
  return cityDatabaseFile().replace(/\.sqlite$/, `-cases-${cases / 1_000_000}m.sqlite`)
}

/** Makes (unless present) the city database with `cases` synthetic cases; returns its path. */
export function ensureCityCasesDatabase({ cases = CITY_CASES_DEFAULT, force = false, log = console.log } = {}): string {
  const file = cityCasesFile(cases)
  if (existsSync(file) && !force)
    return file
  const city = ensureCityDatabase({ log })
  const partial = `${file}.partial`
  for (const f of [partial, `${partial}-wal`, `${partial}-shm`])
    rmSync(f, { force: true })
  const source = openDatabase(city)
  source.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  source.sqlite.prepare('VACUUM INTO ?').run(partial)
  source.close()

  const database = openDatabase(partial)
  const { sqlite } = database
  sqlite.pragma('synchronous = OFF')
  sqlite.pragma('foreign_keys = OFF') // rows are consistent by construction; checking 10M FKs costs minutes
  sqlite.pragma('cache_size = -1000000')
  const started = performance.now()
  const triggers = sqlite.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'cases'`).all() as { name: string, sql: string }[]
  for (const t of triggers)
    sqlite.exec(`DROP TRIGGER "${t.name}"`)
  insertCases(database, cases, log)
  log(`inserted ${cases.toLocaleString('en-US')} cases in ${((performance.now() - started) / 1000).toFixed(0)} s`)
  const rollupsStarted = performance.now()
  rebuildRollups(database)
  for (const t of triggers)
    sqlite.exec(t.sql)
  sweepSla(database, CITY_CASES_NOW)
  log(`built the rollups in ${((performance.now() - rollupsStarted) / 1000).toFixed(0)} s`)
  sqlite.pragma('wal_checkpoint(TRUNCATE)')
  sqlite.exec('ANALYZE')
  database.close()
  rmSync(file, { force: true })
  renameSync(partial, file)
  rmSync(`${partial}-wal`, { force: true })
  rmSync(`${partial}-shm`, { force: true })
  log(`wrote ${file} in ${((performance.now() - started) / 1000).toFixed(0)} s`)
  return file
}

function insertCases({ sqlite }: ReturnType<typeof openDatabase>, total: number, log: (s: string) => void) {
  const rand = createRand(`city-cases-${total}`)
  const buildings = sqlite.prepare('SELECT b.lon, b.lat, b.grid_code, g.community_code FROM buildings b JOIN grids g ON g.code = b.grid_code').raw().all() as [number, number, string, string][]
  // a twentieth of the buildings draw a third of the cases: the hot spots a heatmap should show
  const hot = buildings.filter((_, i) => i % 20 === 0)
  const categories = loadCategories().categories
  // the demo history's mix, roughly: services and events far more often than broken parts
  const weights = categories.map(c => (c.kind === 'service' ? 3 : c.kind === 'event' ? 2 : 1) * (c.priority === 'urgent' ? 0.2 : 1))
  const cumulative = weights.map((sum => w => (sum += w))(0))
  const weightTotal = cumulative.at(-1)!
  const category = () => {
    const x = rand() * weightTotal
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid]! < x)
        lo = mid + 1
      else
        hi = mid
    }
    return categories[lo]!
  }
  // cases per day: weekdays busier than weekends, a summer peak
  const start = CITY_CASES_NOW - DAYS * DAY
  const dayWeight = Array.from({ length: DAYS }, (_, d) => {
    const t = new Date(start + d * DAY + 8 * HOUR)
    const weekend = t.getUTCDay() === 0 || t.getUTCDay() === 6
    return (weekend ? 0.6 : 1) * (1 + 0.25 * Math.sin(((t.getUTCMonth() + 0.5) / 12) * 2 * Math.PI - Math.PI / 2))
  })
  const perWeight = total / dayWeight.reduce((a, b) => a + b)
  // many rows per statement: each statement execution on a table with triggers has a fixed cost
  const ROWS = 100
  const insertSql = (rows: number) => `INSERT INTO cases (number, channel, category_code, description, lon, lat, grid_code, community_code, status, version, deadline,
      rework_count, reopen_count, extension_count, escalated, rating, reported_at, closed_at, updated_at, dispatched_at, resolved_at, due_soon_at, on_time, handling_minutes)
    VALUES ${Array.from({ length: rows }, () => `(?, ?, ?, '基准测试：居民诉求', ?, ?, ?, ?, ?, 1, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).join(', ')}`
  const insertMany = sqlite.prepare(insertSql(ROWS))
  let pending: unknown[] = []
  let pendingRows = 0
  const flush = () => {
    if (pendingRows === ROWS)
      insertMany.run(pending)
    else if (pendingRows > 0)
      sqlite.prepare(insertSql(pendingRows)).run(pending)
    pending = []
    pendingRows = 0
  }
  const insert = {
    run: (...values: unknown[]) => {
      pending.push(...values)
      if (++pendingRows === ROWS)
        flush()
    },
  }
  const channels = ['phone', 'phone', 'walk_in', 'hotline_12345', 'patrol', 'patrol', 'resident_web'] as const
  let n = 0
  let carry = 0
  const batch = sqlite.transaction((day: number, count: number) => {
    for (let k = 0; k < count; k++) {
      const [lon, lat, grid, community] = rand() < 0.33 ? hot[Math.floor(rand() * hot.length)]! : buildings[Math.floor(rand() * buildings.length)]!
      const c = category()
      const reportedAt = start + day * DAY + Math.floor((7.5 + rand() * 12) * HOUR) - 8 * HOUR
      const age = (CITY_CASES_NOW - reportedAt) / DAY
      if (reportedAt >= CITY_CASES_NOW)
        continue
      // ~2.2 wall-clock hours per working hour
      const allowance = c.limit.mode === 'working' ? c.limit.hours * 2.2 * HOUR : c.limit.hours * HOUR
      const dispatchedAt = reportedAt + Math.floor(rand() * 2 * HOUR)
      const deadline = dispatchedAt + allowance
      const dueSoonAt = deadline - Math.floor(0.2 * allowance)
      const closedShare = age > 20 ? 0.955 : 0.9 * (age / 20)
      const x = rand()
      const status = x < 0.04
        ? (age > 1 ? 'cancelled' : 'reported')
        : x < 0.04 + closedShare
          ? 'closed'
          : age < 0.2 ? 'filed' : pickOpen(rand())
      const dispatched = status !== 'cancelled' && status !== 'reported' && status !== 'filed'
      const reworked = dispatched && rand() < 0.05 ? 1 : 0
      const extended = dispatched && rand() < 0.03 ? 1 : 0
      const late = rand() < 0.08
      const resolvedAt = status === 'closed' || status === 'resolved' ? Math.min(CITY_CASES_NOW, late ? deadline + rand() * allowance : dispatchedAt + rand() * allowance) : null
      const closedAt = status === 'closed' ? Math.min(CITY_CASES_NOW, resolvedAt! + Math.floor(rand() * 8 * HOUR)) : null
      const rating = status === 'closed' && rand() < 0.6 ? (rand() < (late ? 0.7 : 0.9) ? 4 + (rand() < 0.7 ? 1 : 0) : 1 + Math.floor(rand() * 3)) : null
      n++
      insert.run(`B${String(n).padStart(9, '0')}`, channels[Math.floor(rand() * channels.length)], c.code, lon, lat, grid, community, status, dispatched ? deadline : null, reworked, extended, rand() < 0.02 ? 1 : 0, rating, reportedAt, closedAt, closedAt ?? reportedAt, dispatched ? dispatchedAt : null, resolvedAt, dispatched ? dueSoonAt : null, status === 'closed' ? (resolvedAt! <= deadline ? 1 : 0) : null, status === 'closed' ? Math.round((resolvedAt! - dispatchedAt) / 2.2 / 60_000) : null)
    }
    flush()
  })
  let lastPct = -1
  for (let day = 0; day < DAYS; day++) {
    const want = dayWeight[day]! * perWeight + carry
    const count = Math.floor(want)
    carry = want - count
    batch(day, count)
    const pct = Math.floor((day / DAYS) * 20) * 5
    if (pct !== lastPct) {
      lastPct = pct
      log(`  cases: ${pct}% (${n.toLocaleString('en-US')})`)
    }
  }
}

function pickOpen(x: number): string {
  return x < 0.35 ? 'dispatched' : x < 0.8 ? 'in_progress' : x < 0.95 ? 'resolved' : 'filed'
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--cases')
  ensureCityCasesDatabase({ cases: i > 0 ? Number(process.argv[i + 1]) : CITY_CASES_DEFAULT, force: process.argv.includes('--force') })
}
