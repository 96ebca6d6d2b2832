/**
 * Street dashboard queries (DESIGN.md §4 KPIs, §7 ≤ 50 ms at 10 million cases). Counters come
 * from the rollup tables the triggers of migration 0008 keep current; only "past the deadline now"
 * is live, read from the small partial index `cases_clock` over open cases with a running clock.
 * Scope is applied here, as territory-code ranges over the rollup keys (index-friendly, unlike LIKE).
 */
import type { CaseCounts, Scope } from '@gridgov/domain'
import type { Database } from '../database'
import { ALL_TIME_KEY, dayOf } from '@gridgov/domain'
import { HEAT_CELL_DEGREES } from './dashboard-rollups'
import { TERRITORY_VERSION } from './territory-repository'

/** Territory levels by code length. */
export const LEVEL_LENGTH = { district: 6, street: 9, community: 12, grid: 15 } as const
export type UnitLevel = keyof typeof LEVEL_LENGTH

const UNIT_TABLE: Record<Exclude<UnitLevel, 'district'>, string> = { street: 'streets', community: 'communities', grid: 'grids' }

/** The code prefixes a query covers: every territory (null) or these. */
export type Prefixes = readonly string[] | null

/** Narrows the caller's scope to a drill-down code; undefined when the code is outside the scope. */
export function narrowScope(scope: Scope, within: string | undefined): Prefixes | undefined {
  if (within === undefined)
    return scope.kind === 'all' ? null : scope.prefixes
  if (scope.kind === 'all' || scope.prefixes.some(p => within.startsWith(p)))
    return [within]
  // an ancestor of the caller's own territory (a community worker looking at "their street")
  const inner = scope.prefixes.filter(p => p.startsWith(within))
  return inner.length > 0 ? inner : undefined
}

/** `expr` lies under one of the prefixes, as index-usable ranges ('9' < ':'). */
function rangeSql(prefixes: Prefixes, expr: string): { sql: string, args: string[] } {
  if (prefixes === null)
    return { sql: '1', args: [] }
  if (prefixes.length === 0)
    return { sql: '0', args: [] }
  return { sql: `(${prefixes.map(() => `(${expr} >= ? AND ${expr} < ?)`).join(' OR ')})`, args: prefixes.flatMap(p => [p, `${p}:`]) }
}

/** The rollup counters: CaseCounts field → column. */
const COUNTER_COLUMN = {
  reported: 'reported',
  filed: 'filed',
  cancelled: 'cancelled',
  open: 'open',
  closed: 'closed',
  closedOnTime: 'closed_on_time',
  closedReworked: 'closed_reworked',
  closedExtended: 'closed_extended',
  handled: 'handled',
  handlingMinutes: 'handling_minutes',
  rated: 'rated',
  satisfied: 'satisfied',
  // swept into the rollups by SLA stage; the cases not yet swept are added live (overdueDelta)
  overdueOpen: 'overdue_open',
  overdueReworked: 'overdue_reworked',
  overdueExtended: 'overdue_extended',
} as const
export type RollupCounter = keyof typeof COUNTER_COLUMN

/** A fresh zeroed counter set, written out so every one shares a shape (25,000 of them per map). */
function emptyCounts(): { -readonly [K in keyof CaseCounts]: number } {
  return { reported: 0, filed: 0, cancelled: 0, open: 0, closed: 0, closedOnTime: 0, closedReworked: 0, closedExtended: 0, handled: 0, handlingMinutes: 0, rated: 0, satisfied: 0, overdueOpen: 0, overdueReworked: 0, overdueExtended: 0 }
}
export const ALL_COUNTERS = Object.keys(COUNTER_COLUMN) as RollupCounter[]

/**
 * Cases whose SLA stage the sweeper has yet to move on: the partial indexes `cases_sla_overdue` and
 * `cases_sla_due_soon` hold exactly these (named with INDEXED BY: the planner would otherwise walk
 * `cases_reported`, and a lost index fails loudly). The conditions repeat the indexes' own.
 */
const UNSWEPT_OVERDUE = `status IN ('dispatched', 'in_progress', 'resolved') AND deadline IS NOT NULL AND sla_stage < 2`
const UNSWEPT_DUE_SOON = `status IN ('dispatched', 'in_progress') AND deadline IS NOT NULL AND sla_stage = 0`
const TERRITORY = 'coalesce(grid_code, community_code)'
/** Every reporting date: the all-time rollup key. */
const ALL_TIME: PeriodFilter = { keys: [ALL_TIME_KEY], start: 0, end: Number.MAX_SAFE_INTEGER }

export interface PeriodFilter {
  /** rollup keys covering the period */
  readonly keys: readonly string[]
  /** [start, end) of the reporting period, for the live part */
  readonly start: number
  readonly end: number
}

/**
 * Values per territory, as two aligned arrays sorted by code: 25,000 grids as a Map or an object
 * cost more to build and serialize than the query that reads them.
 */
export interface Column<T> { readonly codes: readonly string[], readonly values: readonly T[] }

/** The row of `code` in sorted `codes`, or -1. */
export function rowOf(codes: readonly string[], code: string): number {
  let lo = 0
  let hi = codes.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const c = codes[mid]!
    if (c === code)
      return mid
    if (c < code)
      lo = mid + 1
    else hi = mid - 1
  }
  return -1
}

export interface SlaCounts { readonly onTime: number, readonly dueSoon: number, readonly overdue: number }
/** 在办 now by where the cases wait: total = atDesk + handling + awaitingCheck. */
export interface OpenNowCounts { readonly total: number, readonly atDesk: number, readonly handling: number, readonly awaitingCheck: number, readonly overdue: number }
export interface DayCount { readonly day: string, readonly reported: number, readonly closed: number }
export interface HeatResult { readonly level: 1 | 2, readonly cellDegrees: number, readonly bins: number[], readonly count: number, readonly max: number, readonly truncated: boolean }

/** At most this many heat cells in one answer (DESIGN.md §7: ≤ 100,000 weighted points). */
export const HEAT_MAX_BINS = 100_000

/** A period key's territories as its query hands them over, in code order, and each one's place there. */
interface Layout { readonly id: number, readonly rows: number, readonly codes: readonly string[], readonly sorted: readonly string[], readonly position: Int32Array }
interface Union { readonly codes: readonly string[], readonly positions: readonly Int32Array[] }

/** layouts and figures kept: a few scopes × the keys of a year (weeks, months, years, all time) */
const MAX_LAYOUTS = 128
let layoutIds = 0

function layoutOf(rows: number, codes: readonly string[]): Layout {
  const order = codes.map((_, r) => r).sort((a, b) => (codes[a]! < codes[b]! ? -1 : codes[a]! > codes[b]! ? 1 : 0))
  const position = new Int32Array(codes.length)
  order.forEach((r, i) => {
    position[r] = i
  })
  return { id: ++layoutIds, rows, codes, sorted: order.map(r => codes[r]!), position }
}

/** Map.set, forgetting the oldest entry past MAX_LAYOUTS. */
function keep<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key)
  if (map.size >= MAX_LAYOUTS)
    map.delete(map.keys().next().value!)
  map.set(key, value)
}

export function createDashboardRepository({ statement }: Database) {
  // What was read of a period key, good while its counters in rollup_versions stand (bumped by
  // triggers in every write of its rows, whichever process writes): its territories while `rows`
  // stands (no row added or removed), its figures while `version` does — a past month's stay in
  // memory while this month's keep moving.
  const layouts = new Map<string, Layout>()
  const unions = new Map<string, { layouts: readonly Layout[], union: Union }>()
  const figures = new Map<string, { version: number, layout: Layout | null, values: readonly number[] }>()
  const unitNames = new Map<string, readonly { code: string, name: string }[]>()

  /**
   * Counters for the period grouped by the first `groupLength` digits of the territory (null: one
   * total under the code ''), sorted by code. For grid grouping the unassigned queues
   * (community-level rows) are left out. Only `counters` are read; the others stay 0.
   */
  function countsTable(prefixes: Prefixes, period: PeriodFilter, groupLength: number | null, now: number, counters: readonly RollupCounter[] = ALL_COUNTERS): Column<CaseCounts> {
    return countsEach(prefixes, period, groupLength, now, counters, c => ({ ...c }))
  }

  /**
   * `countsTable` handing each territory's counters to `each` in one reused object (which `each`
   * must not keep), answering what `each` returns: no 25,000 counter objects for one figure each.
   */
  function countsEach<T>(prefixes: Prefixes, period: PeriodFilter, groupLength: number | null, now: number, counters: readonly RollupCounter[], each: (counts: CaseCounts, code: string) => T): Column<T> {
    const width = counters.length
    const table = readRollups(prefixes, period.keys, groupLength, counters.map(c => COUNTER_COLUMN[c]))
    // open cases past their deadline the sweeper has not reached yet, live (a few)
    const late = new Map(counters.includes('overdueOpen') ? overdueDelta(prefixes, period, groupLength, now).map(o => [o.code, o]) : [])
    const extra = [...late.keys()].filter(code => rowOf(table.codes, code) < 0).sort()
    const codes = extra.length > 0 ? mergeSorted(table.codes, [], extra, [], 0).codes : table.codes
    const c = emptyCounts()
    let row = 0
    const values = codes.map((code) => {
      const has = table.codes[row] === code
      c.overdueOpen = c.overdueReworked = c.overdueExtended = 0
      for (let i = 0; i < width; i++)
        c[counters[i]!] = has ? table.values[row * width + i]! : 0
      if (has)
        row++
      const o = late.get(code)
      if (o) {
        c.overdueOpen += o.n
        c.overdueReworked += o.reworked
        c.overdueExtended += o.extended
      }
      return each(c, code)
    })
    return { codes, values }
  }

  /**
   * Sums rollup columns over the period keys, grouped by the first `groupLength` digits of the
   * territory (null: one total under ''), sorted by code; `values` holds `columns.length` numbers
   * per code. The city, a district or streets read the street rows (a handful); communities and
   * grids read the grid rows. Grid grouping leaves out the unassigned queues (community rows).
   *
   * A key's numbers come as one JSON array in one string: materialising 25,000 row objects through
   * the driver costs ~4× more than the query. Its territories — as costly to read as the numbers —
   * are read once and kept (`layouts`) while no row of the key is added or removed, and its numbers
   * (`figures`) while none is written (rollup_versions).
   */
  function readRollups(prefixes: Prefixes, keys: readonly string[], groupLength: number | null, columns: readonly string[]): { codes: readonly string[], values: ArrayLike<number> } {
    // a ranking's page of grids (a community's figures also hold its unassigned queue: not so)
    if (prefixes !== null && prefixes.length > 1 && groupLength === LEVEL_LENGTH.grid && prefixes.every(p => p.length === groupLength))
      return readExact(prefixes, keys, columns)
    if (prefixes !== null && prefixes.length > 1 && groupLength !== null) {
      // one range scan per prefix (an OR of many ranges would scan the period's every row); a
      // prefix inside another is read with it
      const outer = prefixes.filter(p => !prefixes.some(q => q !== p && p.startsWith(q)))
      return [...new Set(outer)].sort().map(p => readRollups([p], keys, groupLength, columns)).reduce((a, b) => mergeSorted(a.codes, a.values, b.codes, b.values, columns.length))
    }
    const streets = (groupLength === null || groupLength <= LEVEL_LENGTH.street) && (prefixes === null || streetRows(prefixes))
    const scope = rangeSql(prefixes, 'territory')
    const level = streets ? 'length(territory) = 9' : groupLength === LEVEL_LENGTH.grid ? 'length(territory) = 15' : 'length(territory) > 9'
    const where = `FROM case_rollups WHERE period = ? AND ${scope.sql} AND ${level}`
    const numbers = `'[' || group_concat(${columns.join(` || ',' || `)}) || ']'`
    const readNumbers = statement(`SELECT ${numbers} ${where}`).pluck()
    const readAll = statement(`SELECT ${numbers}, group_concat(territory) ${where}`).raw()
    const width = columns.length
    const parts: { layout: Layout, values: readonly number[] }[] = []
    for (const key of keys) {
      const id = `${key}|${level}|${scope.args.join(',')}`
      // the versions first: a write between them and the numbers only makes the copy look older
      const { version, rows } = (statement('SELECT version, rows FROM rollup_versions WHERE period = ?').get(key) as { version: number, rows: number } | undefined) ?? { version: 0, rows: 0 }
      const kept = figures.get(`${id}|${columns.join(',')}`)
      if (kept?.version === version) {
        if (kept.layout)
          parts.push({ layout: kept.layout, values: kept.values })
        continue
      }
      let json = readNumbers.get(key, ...scope.args) as string | null
      let layout: Layout | null = null
      let values: number[] = []
      if (json !== null) {
        layout = layouts.get(id) ?? null
        if (layout?.rows !== rows) {
          const [again, joined] = readAll.get(key, ...scope.args) as [string, string]
          layout = layoutOf(rows, joined.split(','))
          json = again
          keep(layouts, id, layout)
        }
        values = JSON.parse(json) as number[]
        parts.push({ layout, values })
      }
      keep(figures, `${id}|${columns.join(',')}`, { version, layout, values })
    }
    // the keys' rows summed per territory, in code order
    const union = unionOf(parts.map(p => p.layout))
    const totals = new Float64Array(union.codes.length * width)
    parts.forEach(({ values }, k) => {
      const at = union.positions[k]!
      for (let r = 0; r < at.length; r++) {
        const base = at[r]! * width
        for (let i = 0; i < width; i++)
          totals[base + i]! += values[r * width + i]!
      }
    })
    const territories = union.codes
    if (groupLength === null)
      return { codes: territories.length ? [''] : [], values: sumRows(totals, width) }
    if (territories.every(t => t.length === groupLength))
      return { codes: territories, values: totals }
    // sorted codes keep a group's rows together
    const codes: string[] = []
    const values: number[] = []
    for (let r = 0; r < territories.length; r++) {
      const code = territories[r]!.slice(0, groupLength)
      if (codes[codes.length - 1] !== code) {
        codes.push(code)
        for (let i = 0; i < width; i++)
          values.push(0)
      }
      const base = (codes.length - 1) * width
      for (let i = 0; i < width; i++)
        values[base + i]! += totals[r * width + i]!
    }
    return { codes, values }
  }

  /** The rows of these territories themselves (a ranking's page): a lookup each, per key. */
  function readExact(territories: readonly string[], keys: readonly string[], columns: readonly string[]): { codes: readonly string[], values: ArrayLike<number> } {
    const codes = [...new Set(territories)].sort()
    const read = statement(`SELECT territory, ${columns.join(', ')} FROM case_rollups WHERE period = ? AND territory IN (${codes.map(() => '?').join(', ')})`).raw()
    const sums = new Map<string, number[]>()
    for (const key of keys) {
      for (const [territory, ...row] of read.all(key, ...codes) as [string, ...number[]][]) {
        const sum = sums.get(territory)
        if (sum)
          row.forEach((v, i) => sum[i]! += v)
        else sums.set(territory, row)
      }
    }
    const found = codes.filter(code => sums.has(code))
    return { codes: found, values: found.flatMap(code => sums.get(code)!) }
  }

  /** The union of the layouts' territories, sorted, and where each layout's rows go in it. */
  function unionOf(parts: readonly Layout[]): Union {
    if (parts.length === 1)
      return { codes: parts[0]!.sorted, positions: [parts[0]!.position] }
    const id = parts.map(l => l.id).join(',')
    const cached = unions.get(id)
    if (cached && cached.layouts.every((l, i) => l === parts[i]))
      return cached.union
    const codes = [...new Set(parts.flatMap(l => l.sorted))].sort()
    const index = new Map(codes.map((c, i) => [c, i]))
    const union = { codes, positions: parts.map(l => Int32Array.from(l.codes, c => index.get(c)!)) }
    keep(unions, id, { layouts: parts, union })
    return union
  }

  /**
   * Open cases past their deadline that the sweeper has not yet moved to stage 2: read live
   * through the small partial index `cases_sla_overdue`, so overdue figures are exact at `now`.
   */
  function overdueDelta(prefixes: Prefixes, period: PeriodFilter | null, groupLength: number | null, now: number) {
    // a ranking's page of grids: a set lookup per case instead of a range test per grid
    const exact = prefixes !== null && prefixes.length > 1 && prefixes.every(p => p.length === LEVEL_LENGTH.grid)
    const scope = exact ? { sql: `grid_code IN (${prefixes.map(() => '?').join(', ')})`, args: [...prefixes] } : rangeSql(prefixes, TERRITORY)
    const group = groupLength === null ? `''` : `substr(${TERRITORY}, 1, ${groupLength})`
    const gridOnly = groupLength === LEVEL_LENGTH.grid ? 'AND grid_code IS NOT NULL' : ''
    const inPeriod = period ? 'AND reported_at >= ? AND reported_at < ?' : ''
    return statement(`SELECT ${group} AS code, count(*) AS n, sum(rework_count > 0) AS reworked, sum(extension_count > 0) AS extended
      FROM cases INDEXED BY cases_sla_overdue WHERE ${UNSWEPT_OVERDUE} AND deadline < ? ${inPeriod} AND ${scope.sql} ${gridOnly} GROUP BY code`)
      .all(now, ...(period ? [period.start, period.end] : []), ...scope.args) as { code: string, n: number, reworked: number, extended: number }[]
  }

  /** One category in one week: a few thousand cases even city-wide, binned from their index. */
  function liveHeat(period: { start: number, end: number }, category: string, streets: readonly string[], size: number, box: readonly number[]) {
    return statement(`SELECT CAST((lon + 180) / ? AS INTEGER) AS cx, CAST((lat + 90) / ? AS INTEGER) AS cy, count(*) AS w FROM cases INDEXED BY cases_category_reported
        WHERE category_code = ? AND reported_at >= ? AND reported_at < ? AND substr(community_code, 1, 9) IN (${streets.map(() => '?').join(', ')}) AND lon IS NOT NULL
        GROUP BY cx, cy HAVING cx BETWEEN ? AND ? AND cy BETWEEN ? AND ? ORDER BY w DESC LIMIT ${HEAT_MAX_BINS + 1}`)
      .raw()
      .all(size, size, category, period.start, period.end, ...streets, ...box)
  }

  function sla(prefixes: Prefixes, now: number): SlaCounts {
    const [running = 0, dueSoon = 0, overdue = 0] = Array.from(readRollups(prefixes, [ALL_TIME_KEY], null, ['running', 'running_due_soon', 'running_overdue']).values)
    // stages the sweeper has not moved on yet, live through the two small partial indexes
    const scope = rangeSql(prefixes, TERRITORY)
    const late = statement(`SELECT coalesce(sum(sla_stage = 0), 0) AS fromOnTime, coalesce(sum(sla_stage = 1), 0) AS fromDueSoon FROM cases INDEXED BY cases_sla_overdue
      WHERE ${UNSWEPT_OVERDUE} AND deadline < ? AND status != 'resolved' AND ${scope.sql}`).get(now, ...scope.args) as { fromOnTime: number, fromDueSoon: number }
    const soon = statement(`SELECT count(*) FROM cases INDEXED BY cases_sla_due_soon
      WHERE ${UNSWEPT_DUE_SOON} AND due_soon_at <= ? AND deadline >= ? AND ${scope.sql}`).pluck().get(now, now, ...scope.args) as number
    const o = overdue + late.fromOnTime + late.fromDueSoon
    const d = dueSoon - late.fromDueSoon + soon
    return { onTime: running - o - d, dueSoon: d, overdue: o }
  }

  return {
    countsTable,
    countsEach,

    /** `countsTable` as a Map (a few territories). */
    counts(prefixes: Prefixes, period: PeriodFilter, groupLength: number | null, now: number, counters?: readonly RollupCounter[]): Map<string, CaseCounts> {
      const { codes, values } = countsTable(prefixes, period, groupLength, now, counters)
      return new Map(codes.map((code, r) => [code, values[r]!]))
    },

    /** One rollup column summed over the keys, per grid (the count choropleths). */
    gridSums(prefixes: Prefixes, keys: readonly string[], column: 'open' | 'reported'): Column<number> {
      const { codes, values } = readRollups(prefixes, keys, LEVEL_LENGTH.grid, [column])
      return { codes, values: Array.from(values) }
    },

    /** Open cases past their deadline now, per grid (any reporting date): the "overdue" choropleth. */
    overdueByGrid(prefixes: Prefixes, now: number): Column<number> {
      const { codes, values } = countsTable(prefixes, ALL_TIME, LEVEL_LENGTH.grid, now, ['overdueOpen'])
      return { codes, values: values.map(c => c.overdueOpen) }
    },

    /** Running cases (dispatched, in progress) by SLA status now: on time / due soon / overdue. */
    sla,

    /**
     * 在办 now, any reporting date, by where the cases wait — and the SLA status of those being
     * handled, so that the card and the ring come from one reading. Open and overdue are rollups,
     * 处置中 the ring's total, 待核查 a count of the small partial index `cases_awaiting_check`
     * (migration 0018); 待立案/待派遣 is the rest.
     */
    openNow(prefixes: Prefixes, now: number): { open: OpenNowCounts, sla: SlaCounts } {
      const all = countsTable(prefixes, ALL_TIME, null, now, ['open', 'overdueOpen']).values[0]
      const scope = rangeSql(prefixes, TERRITORY)
      const awaitingCheck = statement(`SELECT count(*) FROM cases INDEXED BY cases_awaiting_check WHERE status = 'resolved' AND ${scope.sql}`).pluck().get(...scope.args) as number
      const s = sla(prefixes, now)
      const handling = s.onTime + s.dueSoon + s.overdue
      const total = all?.open ?? 0
      return { open: { total, atDesk: total - handling - awaitingCheck, handling, awaitingCheck, overdue: all?.overdueOpen ?? 0 }, sla: s }
    },

    /** Needs not yet fulfilled or closed (需求清单), per grid: the "open needs" choropleth. */
    openNeedsByGrid(prefixes: Prefixes): Column<number> {
      const scope = rangeSql(prefixes, 'grid_code')
      const rows = statement(`SELECT grid_code AS code, count(*) AS n FROM needs
        WHERE status IN ('open', 'matched', 'in_project') AND grid_code IS NOT NULL AND ${scope.sql} GROUP BY grid_code ORDER BY grid_code`).raw().all(...scope.args) as [string, number][]
      return { codes: rows.map(r => r[0]), values: rows.map(r => r[1]) }
    },

    /** Streets (9 digits) whose extent meets the box and that hold some of the prefixes' territory. */
    streetsIn(prefixes: Prefixes, bbox: readonly [number, number, number, number]): string[] {
      const [minLon, minLat, maxLon, maxLat] = bbox
      const streets = statement('SELECT code FROM streets WHERE max_lon >= ? AND min_lon <= ? AND max_lat >= ? AND min_lat <= ? ORDER BY code')
        .pluck()
        .all(minLon, maxLon, minLat, maxLat) as string[]
      return prefixes === null ? streets : streets.filter(s => prefixes.some(p => s.startsWith(p) || p.startsWith(s)))
    },

    /** Territorial units of a level inside the prefixes, with names (the ranking's rows). */
    units(prefixes: Prefixes, level: Exclude<UnitLevel, 'district'>): readonly { code: string, name: string }[] {
      // names change only with the territory (data_versions): keep the last few lists, 25,000 grids each
      const version = statement('SELECT version FROM data_versions WHERE name = ?').pluck().get(TERRITORY_VERSION) as number | undefined
      const key = `${level}:${version ?? 0}:${prefixes?.join(',') ?? '*'}`
      let list = unitNames.get(key)
      if (!list) {
        const scope = rangeSql(prefixes, 'code')
        list = statement(`SELECT code, name FROM ${UNIT_TABLE[level]} WHERE ${scope.sql} ORDER BY code`).all(...scope.args) as { code: string, name: string }[]
        if (unitNames.size >= 16)
          unitNames.delete(unitNames.keys().next().value!)
        unitNames.set(key, list)
      }
      return list
    },

    /**
     * Cases reported and closed per Beijing day in [start, end). Streets, districts and the city
     * read the daily rollup (kept per street); a community's or grid's handful of cases is counted
     * live through their indexes.
     */
    trend(prefixes: Prefixes, start: number, end: number): DayCount[] {
      const from = dayOf(start)
      const to = dayOf(end - 1)
      if (prefixes === null || streetRows(prefixes)) {
        const scope = rangeSql(prefixes, 'territory')
        return statement(`SELECT day, sum(reported) AS reported, sum(closed) AS closed FROM case_daily
          WHERE day >= ? AND day <= ? AND ${scope.sql} GROUP BY day ORDER BY day`).all(from, to, ...scope.args) as DayCount[]
      }
      const live = liveScope(prefixes)
      const local = (col: string) => `date(${col} / 1000 + 28800, 'unixepoch')`
      return statement(`SELECT day, sum(reported) AS reported, sum(closed) AS closed FROM (
          SELECT ${local('reported_at')} AS day, 1 AS reported, 0 AS closed FROM cases WHERE ${live.sql} AND reported_at >= ? AND reported_at < ?
          UNION ALL SELECT ${local('closed_at')}, 0, 1 FROM cases WHERE ${live.sql} AND status = 'closed' AND closed_at >= ? AND closed_at < ?
        ) GROUP BY day ORDER BY day`).all(...live.args, start, end, ...live.args, start, end) as DayCount[]
    },

    /** Cases reported per category in the period (rollup for streets and districts, live below). */
    categories(prefixes: Prefixes, period: PeriodFilter): { code: string, reported: number }[] {
      if (prefixes === null || streetRows(prefixes)) {
        const scope = rangeSql(prefixes, 'territory')
        return statement(`SELECT category_code AS code, sum(reported) AS reported FROM case_category_rollups
          WHERE period IN (${period.keys.map(() => '?').join(', ')}) AND ${scope.sql} GROUP BY category_code HAVING sum(reported) > 0 ORDER BY reported DESC, code`)
          .all(...period.keys, ...scope.args) as { code: string, reported: number }[]
      }
      const live = liveScope(prefixes)
      return statement(`SELECT category_code AS code, count(*) AS reported FROM cases WHERE ${live.sql} AND reported_at >= ? AND reported_at < ?
        GROUP BY category_code ORDER BY reported DESC, code`).all(...live.args, period.start, period.end) as { code: string, reported: number }[]
    },

    /**
     * Heat cells in the box: `bins` is flat [lon, lat, weight, …] at cell centres. `streets` limits
     * the rows read to the streets the box and the scope touch (the heat rows are kept per street).
     * Week cells are kept for all categories only: `live` bins one category's week from `cases`.
     */
    heat(q: { level: 1 | 2, periodKeys: readonly string[], category: string, streets: readonly string[], bbox: readonly [number, number, number, number], keep?: (lon: number, lat: number) => boolean, live?: { start: number, end: number } }): HeatResult {
      const size = HEAT_CELL_DEGREES[q.level]
      const [minLon, minLat, maxLon, maxLat] = q.bbox
      const cell = (v: number, offset: number) => Math.floor((v + offset) / size)
      const empty = { level: q.level, cellDegrees: size, bins: [], count: 0, max: 0, truncated: false }
      if (q.streets.length === 0 || q.periodKeys.length === 0)
        return empty
      const box = [cell(minLon, 180), cell(maxLon, 180), cell(minLat, 90), cell(maxLat, 90)]
      const rows = (q.live
        ? liveHeat(q.live, q.category, q.streets, size, box)
        : statement(`SELECT cx, cy, sum(weight) AS w FROM case_heat
            WHERE level = ? AND period IN (${q.periodKeys.map(() => '?').join(', ')}) AND category = ? AND territory IN (${q.streets.map(() => '?').join(', ')})
              AND cx BETWEEN ? AND ? AND cy BETWEEN ? AND ?
            GROUP BY cx, cy HAVING w > 0 ORDER BY w DESC LIMIT ${HEAT_MAX_BINS + 1}`)
            .raw()
            .all(q.level, ...q.periodKeys, q.category, ...q.streets, ...box)) as [number, number, number][]
      const truncated = rows.length > HEAT_MAX_BINS
      const bins: number[] = []
      let max = 0
      for (const [cx, cy, w] of truncated ? rows.slice(0, HEAT_MAX_BINS) : rows) {
        const lon = Math.round(((cx + 0.5) * size - 180) * 1e5) / 1e5
        const lat = Math.round(((cy + 0.5) * size - 90) * 1e5) / 1e5
        if (q.keep && !q.keep(lon, lat))
          continue
        bins.push(lon, lat, w)
        max = Math.max(max, w)
      }
      return { ...empty, bins, count: bins.length / 3, max, truncated }
    },
  }
}

export type DashboardRepository = ReturnType<typeof createDashboardRepository>

/** Rollups kept per street answer the city, a district or streets. */
function streetRows(prefixes: readonly string[]): boolean {
  return prefixes.every(p => p.length <= LEVEL_LENGTH.street)
}

/** Community and grid prefixes as equality on the indexed columns (cases_community_status, cases_grid_status). */
function liveScope(prefixes: readonly string[]): { sql: string, args: string[] } {
  const parts: string[] = []
  const args: string[] = []
  for (const p of prefixes) {
    if (p.length === LEVEL_LENGTH.community)
      parts.push('community_code = ?')
    else if (p.length === LEVEL_LENGTH.grid)
      parts.push('grid_code = ?')
    else
      parts.push(`substr(community_code, 1, ${p.length}) = ?`)
    args.push(p)
  }
  return { sql: parts.length ? `(${parts.join(' OR ')})` : '0', args }
}

/** Two sorted code lists with `width` numbers per code, merged (numbers of equal codes added). */
function mergeSorted(a: readonly string[], av: ArrayLike<number>, b: readonly string[], bv: ArrayLike<number>, width: number): { codes: string[], values: number[] } {
  const codes: string[] = []
  const values: number[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a[i]!
    const y = b[j]!
    if (x === y) {
      codes.push(x)
      for (let k = 0; k < width; k++)
        values.push(av[i * width + k]! + bv[j * width + k]!)
      i++
      j++
    }
    else if (x < y) {
      codes.push(x)
      for (let k = 0; k < width; k++)
        values.push(av[i * width + k]!)
      i++
    }
    else {
      codes.push(y)
      for (let k = 0; k < width; k++)
        values.push(bv[j * width + k]!)
      j++
    }
  }
  for (; i < a.length; i++) {
    codes.push(a[i]!)
    for (let k = 0; k < width; k++)
      values.push(av[i * width + k]!)
  }
  for (; j < b.length; j++) {
    codes.push(b[j]!)
    for (let k = 0; k < width; k++)
      values.push(bv[j * width + k]!)
  }
  return { codes, values }
}

/** Column totals of rows with `width` numbers each. */
function sumRows(values: ArrayLike<number>, width: number): number[] {
  const sum = Array.from({ length: width }, () => 0)
  for (let i = 0; i < values.length; i++)
    sum[i % width]! += values[i]!
  return sum
}
