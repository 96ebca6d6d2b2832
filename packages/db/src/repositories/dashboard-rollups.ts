/**
 * The dashboard rollups from scratch. The triggers (migrations 0008–0012) keep the rollup tables current on
 * every write; this module recounts them straight from `cases` — the oracle the property test
 * compares the triggers with — and rebuilds them once for a database that had cases before the
 * migration. The counter expressions mirror the triggers' (one column each, over alias `c`).
 */
import type { CaseStamps } from '@gridgov/domain'
import type { Database } from '../database'
import { dayOf, loadCategories, NO_STAMPS, rollupKeysOf, stampsAfter } from '@gridgov/domain'

const OPEN = `('reported', 'filed', 'dispatched', 'in_progress', 'resolved')`
/** open with an SLA clock (a resolved case still awaits verification) / running (being handled) */
const CLOCK = `('dispatched', 'in_progress', 'resolved')`
const RUNNING = `('dispatched', 'in_progress')`

/**
 * case_rollups counters: the vector each case adds to its keys (under its grid — or community when
 * unassigned — and its street). A fresh intake (status 'reported', no rating) adds 1 to `reported`
 * and `open` and 0 to the rest: the lean insert trigger of migration 0011 relies on it, so a new
 * counter that a fresh intake can move needs that trigger (and its WHEN) changed too.
 */
export const ROLLUP_COUNTERS: Readonly<Record<string, string>> = {
  reported: '1',
  filed: `c.status NOT IN ('reported', 'cancelled')`,
  cancelled: `c.status = 'cancelled'`,
  open: `c.status IN ${OPEN}`,
  closed: `c.status = 'closed'`,
  closed_on_time: `c.status = 'closed' AND c.on_time IS 1`,
  closed_reworked: `c.status = 'closed' AND c.rework_count > 0`,
  closed_extended: `c.status = 'closed' AND c.extension_count > 0`,
  handled: `c.status = 'closed' AND c.handling_minutes IS NOT NULL`,
  handling_minutes: `CASE WHEN c.status = 'closed' THEN coalesce(c.handling_minutes, 0) ELSE 0 END`,
  rated: 'c.rating IS NOT NULL',
  satisfied: 'coalesce(c.rating >= 4, 0)',
  overdue_open: `c.status IN ${CLOCK} AND c.deadline IS NOT NULL AND c.sla_stage = 2`,
  overdue_reworked: `c.status IN ${CLOCK} AND c.deadline IS NOT NULL AND c.sla_stage = 2 AND c.rework_count > 0`,
  overdue_extended: `c.status IN ${CLOCK} AND c.deadline IS NOT NULL AND c.sla_stage = 2 AND c.extension_count > 0`,
  running: `c.status IN ${RUNNING} AND c.deadline IS NOT NULL`,
  running_due_soon: `c.status IN ${RUNNING} AND c.deadline IS NOT NULL AND c.sla_stage = 1`,
  running_overdue: `c.status IN ${RUNNING} AND c.deadline IS NOT NULL AND c.sla_stage = 2`,
}

const LOCAL = 'c.reported_at / 1000 + 28800'
/** Period key expressions (Beijing time) — see period.ts in @gridgov/domain. */
export const PERIOD_SQL = {
  Y: `'Y' || strftime('%Y', ${LOCAL}, 'unixepoch')`,
  M: `'M' || strftime('%Y-%m', ${LOCAL}, 'unixepoch')`,
  W: `'W' || date(${LOCAL}, 'unixepoch', '-6 days', 'weekday 1')`,
  A: `'A'`,
} as const

/** Heatmap cell sizes in degrees, by level; a cell index is floor((lon + 180) / size). */
export const HEAT_CELL_DEGREES: Readonly<Record<1 | 2, number>> = { 1: 0.01, 2: 0.002 }
const HEAT_LEVELS = Object.entries(HEAT_CELL_DEGREES).map(([level, size]) => [Number(level), size] as const)

const COLS = Object.keys(ROLLUP_COUNTERS)
const STREET = 'substr(c.community_code, 1, 9)'

/**
 * Each rollup table counted from the cases matching `where` (over alias `c`), as `SELECT`
 * statements over the same columns as the table.
 */
function countSql(where: string) {
  const from = `FROM cases c WHERE ${where}`
  return {
    case_rollups: `SELECT period, territory, ${COLS.map(k => `sum(${k}) AS ${k}`).join(', ')} FROM (
    ${Object.values(PERIOD_SQL).flatMap(p => ['coalesce(c.grid_code, c.community_code)', STREET].map(t => `SELECT ${p} AS period, ${t} AS territory, ${COLS.map(k => `(${ROLLUP_COUNTERS[k]}) AS ${k}`).join(', ')} ${from}`)).join('\n    UNION ALL ')}
  ) GROUP BY period, territory`,
    case_category_rollups: `SELECT period, territory, category_code, count(*) AS reported FROM (
    ${(['Y', 'M', 'W'] as const).map(p => `SELECT ${PERIOD_SQL[p]} AS period, ${STREET} AS territory, c.category_code ${from}`).join('\n    UNION ALL ')}
  ) GROUP BY period, territory, category_code`,
    case_daily: `SELECT day, territory, sum(reported) AS reported, sum(closed) AS closed FROM (
    SELECT date(${LOCAL}, 'unixepoch') AS day, ${STREET} AS territory, 1 AS reported, 0 AS closed ${from}
    UNION ALL SELECT date(c.closed_at / 1000 + 28800, 'unixepoch'), ${STREET}, 0, 1 ${from} AND c.status = 'closed' AND c.closed_at IS NOT NULL
  ) GROUP BY day, territory`,
    // month cells by category and for all (`*`); week cells for all categories only
    case_heat: `SELECT level, period, category, territory, cx, cy, count(*) AS weight FROM (
    ${Object.entries(HEAT_CELL_DEGREES).flatMap(([level, size]) => ([['M', 'c.category_code'], ['M', `'*'`], ['W', `'*'`]] as const).map(([p, cat]) =>
      `SELECT ${level} AS level, ${PERIOD_SQL[p]} AS period, ${cat} AS category, ${STREET} AS territory, CAST((c.lon + 180) / ${size} AS INTEGER) AS cx, CAST((c.lat + 90) / ${size} AS INTEGER) AS cy ${from} AND c.lon IS NOT NULL AND c.lat IS NOT NULL`)).join('\n    UNION ALL ')}
  ) GROUP BY level, period, category, territory, cx, cy`,
  }
}

/** Each rollup table recounted from every case: the oracle, and the rebuild. */
export const RECOUNT_SQL = countSql('1')

export type RollupTable = keyof typeof RECOUNT_SQL

/** Each rollup table's key columns and counters. */
const TABLE_SHAPE: Record<RollupTable, { keys: string, counters: readonly string[] }> = {
  case_rollups: { keys: 'period, territory', counters: COLS },
  case_category_rollups: { keys: 'period, territory, category_code', counters: ['reported'] },
  case_daily: { keys: 'day, territory', counters: ['reported', 'closed'] },
  case_heat: { keys: 'level, period, category, territory, cx, cy', counters: ['weight'] },
}

/** The non-zero rows of a rollup table, in key order (a subtracted-to-zero row counts as absent). */
export function rollupRows(database: Database, table: RollupTable): Record<string, unknown>[] {
  const { counters, keys } = TABLE_SHAPE[table]
  return database.sqlite.prepare(`SELECT * FROM ${table} WHERE ${counters.map(k => `${k} != 0`).join(' OR ')} ORDER BY ${keys}`).all() as Record<string, unknown>[]
}

/** The same rows recounted from `cases`. */
export function recountRows(database: Database, table: RollupTable): Record<string, unknown>[] {
  return database.sqlite.prepare(`${RECOUNT_SQL[table]} ORDER BY ${TABLE_SHAPE[table].keys}`).all() as Record<string, unknown>[]
}

/** Empties every rollup table and fills it from `cases` (one transaction). */
export function rebuildRollups(database: Database): void {
  database.sqlite.transaction(() => {
    for (const table of Object.keys(RECOUNT_SQL) as RollupTable[]) {
      database.sqlite.prepare(`DELETE FROM ${table}`).run()
      database.sqlite.prepare(`INSERT INTO ${table} ${RECOUNT_SQL[table]}`).run()
    }
  }).immediate()
}

/**
 * Adds the intakes a write batch inserted with rollup_deferred = 1 (ids from `since` on) to every
 * rollup table, inside its transaction just before it commits — the insert triggers skip such rows
 * (migration 0012). The batch's rows are counted here and each key is written once: a fresh intake
 * adds 1 to `reported` and `open` (see ROLLUP_COUNTERS) under the same keys the triggers use, so
 * 100 intakes in a few grids cost a few dozen upserts instead of ~1,800. The property test compares
 * the result with the recount.
 *
 * Throws — failing the whole batch — if such a case is not a fresh intake any more: its UPDATE
 * triggers would then have counted a change of a row not yet counted. (No code path does this: a
 * case's id is known only to its own write until the batch commits.)
 */
export function applyDeferredRollups(database: Database, since: number): void {
  const { statement } = database
  const rows = statement(`SELECT reported_at, coalesce(grid_code, community_code), community_code, category_code, lon, lat,
      version = 1 AND status = 'reported' AND rating IS NULL FROM cases WHERE id >= ? AND rollup_deferred = 1`).raw().all(since) as [number, string, string, string, number | null, number | null, number][]
  // per table: the key's columns joined with '|' → count
  const rollups = new Map<string, number>()
  const categories = new Map<string, number>()
  const days = new Map<string, number>()
  const heat = new Map<string, number>()
  const add = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1)
  for (const [reportedAt, territory, community, category, lon, lat, fresh] of rows) {
    if (!fresh)
      throw new Error('a case with deferred rollups changed before its write batch committed')
    const street = community.slice(0, 9)
    const keys = rollupKeysOf(reportedAt)
    const [year, month, week] = keys as [string, string, string, string]
    for (const period of keys) {
      add(rollups, `${period}|${territory}`)
      add(rollups, `${period}|${street}`)
    }
    for (const period of [year, month, week])
      add(categories, `${period}|${street}|${category}`)
    add(days, `${dayOf(reportedAt)}|${street}`)
    if (lon !== null && lat !== null) {
      for (const [level, size] of HEAT_LEVELS) {
        // CAST(x AS INTEGER) in the triggers truncates like Math.trunc, on the same doubles
        const cell = `${street}|${Math.trunc((lon + 180) / size)}|${Math.trunc((lat + 90) / size)}`
        add(heat, `${level}|${month}|${category}|${cell}`)
        add(heat, `${level}|${month}|*|${cell}`)
        add(heat, `${level}|${week}|*|${cell}`)
      }
    }
  }
  const upsert = (table: RollupTable, keys: string, counters: readonly string[], counts: Map<string, number>) => {
    const write = statement(`INSERT INTO ${table} (${keys}, ${counters.join(', ')}) VALUES (${[...keys.split(','), ...counters].map(() => '?').join(', ')})
      ON CONFLICT (${keys}) DO UPDATE SET ${counters.map(k => `${k} = ${k} + excluded.${k}`).join(', ')}`)
    // numbers travel as text here: the INTEGER columns' affinity stores them as integers
    for (const [key, n] of counts)
      write.run(...key.split('|'), ...counters.map(() => n))
  }
  upsert('case_rollups', TABLE_SHAPE.case_rollups.keys, ['reported', 'open'], rollups)
  upsert('case_category_rollups', TABLE_SHAPE.case_category_rollups.keys, ['reported'], categories)
  upsert('case_daily', TABLE_SHAPE.case_daily.keys, ['reported'], days)
  upsert('case_heat', TABLE_SHAPE.case_heat.keys, ['weight'], heat)
}

/**
 * For a database that held cases before migration 0007: stamps the timing columns by replaying
 * each case's events through the same rule the live path uses, then builds the rollups. Does
 * nothing on a database whose rollups are in step (any case written since has fed them).
 */
export function ensureDashboardData(database: Database): void {
  const { sqlite } = database
  const hasCases = sqlite.prepare('SELECT 1 FROM cases LIMIT 1').get() !== undefined
  const hasRollups = sqlite.prepare('SELECT 1 FROM case_rollups LIMIT 1').get() !== undefined
  if (!hasCases || hasRollups)
    return
  const categories = loadCategories()
  const events = sqlite.prepare('SELECT action, at, deadline FROM case_events WHERE case_id = ? ORDER BY id')
  const update = sqlite.prepare('UPDATE cases SET dispatched_at = ?, resolved_at = ?, due_soon_at = ?, on_time = ?, handling_minutes = ? WHERE id = ?')
  sqlite.transaction(() => {
    const rows = sqlite.prepare(`SELECT id, category_code FROM cases WHERE status NOT IN ('reported', 'filed', 'cancelled') AND dispatched_at IS NULL`).all() as { id: number, category_code: string }[]
    for (const row of rows) {
      const mode = categories.byCode.get(row.category_code)?.limit.mode ?? 'working'
      let stamps: CaseStamps = NO_STAMPS
      let deadline: number | null = null
      for (const e of events.all(row.id) as { action: string, at: number, deadline: number | null }[]) {
        if (e.action === 'dispatch' || e.action === 'reopen' || e.action === 'approve_extension')
          deadline = e.deadline ?? deadline
        stamps = stampsAfter(e.action, stamps, deadline, e.at, mode)
      }
      update.run(stamps.dispatchedAt, stamps.resolvedAt, stamps.dueSoonAt, stamps.onTime === null ? null : Number(stamps.onTime), stamps.handlingMinutes, row.id)
    }
  }).immediate()
  rebuildRollups(database)
}

/**
 * Moves SLA stages on to `now` (one transaction): running → due soon → past the deadline. Reads
 * only the cases that crossed a threshold since the last sweep, through the partial indexes
 * `cases_sla_overdue` and `cases_sla_due_soon`; the rollup triggers carry the change into the
 * counters. Returns how many cases moved.
 */
export function sweepSla(database: Database, now: number): number {
  const { sqlite } = database
  return sqlite.transaction(() => {
    const overdue = sqlite.prepare(`UPDATE cases INDEXED BY cases_sla_overdue SET sla_stage = 2
      WHERE status IN ${CLOCK} AND deadline IS NOT NULL AND sla_stage < 2 AND deadline < ?`).run(now).changes
    const dueSoon = sqlite.prepare(`UPDATE cases INDEXED BY cases_sla_due_soon SET sla_stage = 1
      WHERE status IN ${RUNNING} AND deadline IS NOT NULL AND sla_stage = 0 AND due_soon_at <= ? AND deadline >= ?`).run(now, now).changes
    return overdue + dueSoon
  }).immediate()
}
