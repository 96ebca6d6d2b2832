/**
 * The dashboard's rollup reader: rows of several period keys and prefixes are read as packed
 * strings, their territories kept while a key's rows stay the same, and merged in code order
 * (dashboard-repository.ts `readRollups`). Property: for any rollup rows arriving between queries,
 * every grouping and scope answers what a plain SQL GROUP BY answers.
 */
import type { Database } from '../database'
import type { PeriodFilter, Prefixes, RollupCounter } from './dashboard-repository'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../database'
import { createDashboardRepository, rowOf } from './dashboard-repository'
import { rebuildRollups } from './dashboard-rollups'

const STREETS = ['370902001', '370902002']
const COMMUNITIES = STREETS.flatMap(s => [`${s}001`, `${s}002`])
const GRIDS = COMMUNITIES.flatMap(c => [`${c}001`, `${c}002`, `${c}010`])
const KEYS = ['A', 'Y2026', 'M2026-01', 'M2026-02', 'W2026-01-05']
const COUNTERS: RollupCounter[] = ['reported', 'open', 'closed', 'closedOnTime']
const COLUMNS = ['reported', 'open', 'closed', 'closed_on_time']

const row = fc.record({
  period: fc.constantFrom(...KEYS),
  // grids, unassigned queues (community rows) and street rows
  territory: fc.constantFrom(...GRIDS, ...COMMUNITIES, ...STREETS),
  counts: fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20), fc.nat(20)),
})

// several prefixes, one inside another included, and a ranking's page of grids or communities
const SCOPES: Prefixes[] = [null, [STREETS[0]!], [COMMUNITIES[1]!], [GRIDS[0]!, GRIDS[4]!, COMMUNITIES[3]!], [STREETS[1]!, GRIDS[1]!], [GRIDS[0]!, COMMUNITIES[0]!], [GRIDS[7]!, GRIDS[1]!, GRIDS[5]!], [COMMUNITIES[2]!, COMMUNITIES[0]!]]

/** The oracle: street rows answer totals over streets (or the city), grid rows a grid grouping, grid and unassigned-queue rows the rest. */
function groupBy(database: Database, keys: readonly string[], prefixes: Prefixes, groupLength: number | null) {
  const streetRows = groupLength === null && (prefixes === null || prefixes.every(p => p.length <= 9))
  const level = streetRows ? 'length(territory) = 9' : groupLength === 15 ? 'length(territory) = 15' : 'length(territory) > 9'
  const inScope = prefixes === null ? '1' : prefixes.map(p => `territory LIKE '${p}%'`).join(' OR ')
  const group = groupLength === null ? `''` : `substr(territory, 1, ${groupLength})`
  return database.sqlite.prepare(`SELECT ${group} AS code, ${COLUMNS.map(c => `sum(${c})`).join(', ')} FROM case_rollups
    WHERE period IN (${keys.map(() => '?').join(', ')}) AND (${inScope}) AND ${level} GROUP BY code ORDER BY code`).raw().all(...keys) as [string, ...number[]][]
}

describe('dashboard rollup reader', () => {
  // reverse_unordered_selects makes SQLite hand the rows over in the other order: the reader
  // must not depend on group_concat's order
  it.each([false, true])('sums several period keys and prefixes per grid, community or total exactly like GROUP BY, also after more rows arrive (rows reversed: %s)', (reverse) => {
    const database = openDatabase(':memory:')
    database.sqlite.pragma(`reverse_unordered_selects = ${reverse ? 'ON' : 'OFF'}`)
    const repo = createDashboardRepository(database)
    const insert = database.sqlite.prepare(`INSERT INTO case_rollups (period, territory, ${COLUMNS.join(', ')}) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (period, territory) DO UPDATE SET ${COLUMNS.map(c => `${c} = ${c} + excluded.${c}`).join(', ')}`)
    const query = fc.record({ keys: fc.subarray(KEYS, { minLength: 1 }), prefixes: fc.constantFrom(...SCOPES), groupLength: fc.constantFrom(15, 12, null) })
    fc.assert(fc.property(fc.array(fc.tuple(fc.array(row, { maxLength: 30 }), fc.array(query, { minLength: 1, maxLength: 4 })), { minLength: 1, maxLength: 4 }), (rounds) => {
      // rows only ever arrive, between queries that may have kept which territories a key holds;
      // the only way they go is a rebuild (here from no cases: empty tables)
      rebuildRollups(database)
      for (const [rows, queries] of rounds) {
        for (const r of rows)
          insert.run(r.period, r.territory, ...r.counts)
        for (const { keys, prefixes, groupLength } of queries) {
          const got = repo.countsTable(prefixes, { keys, start: 0, end: 1 }, groupLength, 1, COUNTERS)
          const expected = groupBy(database, keys, prefixes, groupLength)
          expect(got.codes).toEqual(expected.map(e => e[0]))
          expect(got.values.map(c => COUNTERS.map(k => c[k]))).toEqual(expected.map(e => e.slice(1)))
          for (const [r, code] of got.codes.entries())
            expect(rowOf(got.codes, code)).toBe(r)
        }
      }
    }), { seed: 20261122, numRuns: 250 })
    database.close()
  })

  it('reads the territories again when another process has written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridgov-rollup-reader-'))
    try {
      const file = join(dir, 'reader.sqlite')
      const ours = openDatabase(file)
      const theirs = openDatabase(file)
      const repo = createDashboardRepository(ours)
      const period: PeriodFilter = { keys: ['A'], start: 0, end: 1 }
      ours.sqlite.exec(`INSERT INTO case_rollups (period, territory, open) VALUES ('A', '${GRIDS[0]}', 1), ('A', '${GRIDS[1]}', 2)`)
      expect(repo.countsTable(null, period, 15, 1, ['open']).codes).toEqual([GRIDS[0], GRIDS[1]])
      // same number of rows, another territory: only the other connection's write tells
      theirs.sqlite.exec(`DELETE FROM case_rollups WHERE territory = '${GRIDS[1]}'; INSERT INTO case_rollups (period, territory, open) VALUES ('A', '${GRIDS[2]}', 5)`)
      const got = repo.countsTable(null, period, 15, 1, ['open'])
      expect(got.codes).toEqual([GRIDS[0], GRIDS[2]])
      expect(got.values.map(c => c.open)).toEqual([1, 5])
      theirs.close()
      ours.close()
    }
    finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reads one column per grid for the count choropleths', () => {
    const database = openDatabase(':memory:')
    const repo = createDashboardRepository(database)
    database.sqlite.exec(`INSERT INTO case_rollups (period, territory, open) VALUES
      ('A', '${GRIDS[2]}', 3), ('A', '${GRIDS[0]}', 1), ('A', '${COMMUNITIES[0]}', 7), ('A', '${STREETS[0]}', 11), ('Y2026', '${GRIDS[1]}', 5)`)
    expect(repo.gridSums(null, ['A'], 'open')).toEqual({ codes: [GRIDS[0], GRIDS[2]], values: [1, 3] })
    expect(repo.gridSums([COMMUNITIES[0]!], ['A', 'Y2026'], 'open')).toEqual({ codes: [GRIDS[0], GRIDS[1], GRIDS[2]], values: [1, 5, 3] })
    expect(repo.gridSums([STREETS[1]!], ['A'], 'open')).toEqual({ codes: [], values: [] })
    expect(rowOf([], GRIDS[0]!)).toBe(-1)
    database.close()
  })
})
