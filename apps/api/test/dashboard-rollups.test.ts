/**
 * Property: after any series of intakes, imports of cases in any state, loop steps, resident ratings,
 * clock jumps, SLA sweeps and direct corrections of a case row, every dashboard rollup equals a
 * recount from `cases` — the triggers keep them current inside each write, whatever path writes.
 * (An intake takes the lean insert trigger, an import mostly the general one: migration 0011.)
 */
import type { CaseDetail, GridDetail } from '@gridgov/domain'
import type { App } from '../src/app'
import type { Client } from './helper'
import { recountRows, rollupRows, sweepSla } from '@gridgov/db'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, json, loginAs } from './helper'

const HOUR = 3_600_000
let clock = Date.parse('2026-11-02T09:00:00+08:00')
let app: App
let desk: Client
let leader: Client
let street: Client
const GRIDS = ['370902001002001', '370902001002002']
const staffOf: Record<string, number[]> = {}
const centre: Record<string, [number, number]> = {}
const buildingOf: Record<string, string> = {}
const tracked: { id: number, token: string }[] = []
const CATEGORIES = ['S0102', 'S0401', 'E0301', 'S0501', 'S0104']
const STATUSES = ['reported', 'filed', 'cancelled', 'dispatched', 'in_progress', 'resolved', 'closed'] as const
let imported = 0

beforeAll(async () => {
  app = await buildTestApp({ now: () => clock, slaSweepMs: 0, auth: { idleMs: 365 * 24 * HOUR, absoluteMs: 365 * 24 * HOUR } })
  ;[desk, leader, street] = await Promise.all(['shichangjie', 'wgz001', 'daimiao'].map(u => loginAs(app, u))) as [Client, Client, Client]
  for (const code of GRIDS) {
    const g = json<GridDetail & { centroid: [number, number] }>(await desk.get(`/api/grids/${code}`))
    staffOf[code] = g.staff.map(s => s.id)
    centre[code] = g.centroid
    buildingOf[code] = app.database.sqlite.prepare('SELECT code FROM buildings WHERE grid_code = ? LIMIT 1').pluck().get(code) as string
  }
})
afterAll(() => app.close())

type Op
  = | { kind: 'intake', grid: number, category: number, dx: number, dy: number, far: boolean }
    | { kind: 'public', grid: number, category: number }
    | { kind: 'import', grid: number, category: number, status: number, ago: number, due: number | null, stage: number, rating: number | null, closedAfter: number | null, handling: number | null, reworks: number, extensions: number, unassigned: boolean, building: boolean }
    | { kind: 'step', pick: number, who: number, action: number, hours: number }
    | { kind: 'rate', pick: number, stars: number }
    | { kind: 'wait', hours: number }
    | { kind: 'edit', pick: number, column: number, value: number }
    | { kind: 'sweep' }

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('intake' as const), grid: fc.nat(1), category: fc.nat(4), dx: fc.double({ min: -0.002, max: 0.002, noNaN: true }), dy: fc.double({ min: -0.002, max: 0.002, noNaN: true }), far: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('public' as const), grid: fc.nat(1), category: fc.nat(4) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('import' as const), grid: fc.nat(1), category: fc.nat(4), status: fc.nat(STATUSES.length - 1), ago: fc.integer({ min: 0, max: 2000 }), due: fc.option(fc.integer({ min: -200, max: 200 })), stage: fc.nat(2), rating: fc.option(fc.integer({ min: 1, max: 5 })), closedAfter: fc.option(fc.integer({ min: 0, max: 500 })), handling: fc.option(fc.nat(5000)), reworks: fc.nat(2), extensions: fc.nat(2), unassigned: fc.boolean(), building: fc.boolean() }) },
  { weight: 14, arbitrary: fc.record({ kind: fc.constant('step' as const), pick: fc.nat(), who: fc.nat(2), action: fc.nat(), hours: fc.integer({ min: 1, max: 60 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rate' as const), pick: fc.nat(), stars: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), hours: fc.integer({ min: 1, max: 200 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('edit' as const), pick: fc.nat(), column: fc.nat(4), value: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('sweep' as const) }) },
)

const caseIds = () => app.database.sqlite.prepare('SELECT id FROM cases ORDER BY id').pluck().all() as number[]

async function apply(o: Op) {
  switch (o.kind) {
    case 'intake': {
      const [lon, lat] = centre[GRIDS[o.grid]!]!
      // "far" points land outside every grid of the district: the community's unassigned queue (or a 400)
      const at = o.far ? { lon: lon + 0.02 + Math.abs(o.dx), lat: lat + 0.5 } : { lon: lon + o.dx / 10, lat: lat + o.dy / 10 }
      await desk.post('/api/cases', { channel: 'phone', categoryCode: CATEGORIES[o.category], description: '属性测试：居民诉求', ...at })
      break
    }
    case 'public': {
      const [lon, lat] = centre[GRIDS[o.grid]!]!
      const res = await app.inject({ method: 'POST', url: '/api/public/cases', payload: { categoryCode: CATEGORIES[o.category], description: '属性测试：居民上报', lon, lat, reporterPhone: '13805380000' } })
      if (res.statusCode === 201) {
        const { number, trackingCode } = json<{ number: string, trackingCode: string }>(res)
        tracked.push({ id: app.database.sqlite.prepare('SELECT id FROM cases WHERE number = ?').pluck().get(number) as number, token: trackingCode })
      }
      break
    }
    case 'import': {
      // a row written straight into `cases` in any state (an import from another system, a generator):
      // the columns vary independently, so every counter's condition meets both outcomes
      const grid = GRIDS[o.grid]!
      const [lon, lat] = centre[grid]!
      const status = STATUSES[o.status]!
      const reportedAt = clock - o.ago * HOUR
      const deadline = o.due === null ? null : clock + o.due * HOUR
      const clocked = status === 'dispatched' || status === 'in_progress' || status === 'resolved' || status === 'closed'
      app.database.sqlite.prepare(`INSERT INTO cases (number, channel, category_code, description, lon, lat, building_code, grid_code, suggested_grid_code, community_code,
          status, version, assignee_id, deadline, rework_count, extension_count, rating, reported_at, closed_at, updated_at, dispatched_at, due_soon_at, on_time, handling_minutes, sla_stage)
        VALUES (?, 'hotline_12345', ?, '属性测试：导入的诉求', ?, ?, ?, ?, ?, ?, ?, 3, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        `IMPORT-${++imported}`,
        CATEGORIES[o.category],
        o.building ? null : lon,
        o.building ? null : lat,
        o.building ? buildingOf[grid] : null,
        o.unassigned ? null : grid,
        o.unassigned ? grid : null,
        grid.slice(0, 12),
        status,
        clocked && !o.unassigned ? staffOf[grid]![0] ?? null : null,
        deadline,
        o.reworks,
        o.extensions,
        o.rating,
        reportedAt,
        o.closedAfter === null ? null : reportedAt + o.closedAfter * HOUR,
        clock,
        deadline === null ? null : reportedAt,
        deadline === null ? null : deadline - 4 * HOUR,
        status === 'closed' ? Number((o.due ?? 0) >= 0) : null,
        o.handling,
        o.stage,
      )
      break
    }
    case 'step': {
      // mostly cases still in the loop, so that series reach resolution and closing
      const ids = o.pick % 4 === 0 ? caseIds() : app.database.sqlite.prepare(`SELECT id FROM cases WHERE status NOT IN ('cancelled', 'closed') ORDER BY id`).pluck().all() as number[]
      if (ids.length === 0)
        return
      const id = ids[Math.floor(o.pick / 4) % ids.length]!
      const client = [desk, leader, street][o.who]!
      const res = await client.get(`/api/cases/${id}`)
      if (res.statusCode !== 200)
        return
      const c = json<CaseDetail>(res)
      if (c.allowedActions.length === 0)
        return
      // 作废 ends a case's story: take it rarely; the forward steps first (fast-check favours small
      // picks), so that series reach resolution and closing
      const forward = ['file', 'dispatch', 'accept', 'resolve', 'verify']
      const ordered = [...c.allowedActions].sort((a, b) => Number(!forward.includes(a)) - Number(!forward.includes(b)))
      const choices = o.action % 10 === 0 ? ordered : ordered.filter(a => a !== 'cancel')
      if (choices.length === 0)
        return
      const action = choices[o.action % choices.length]!
      const staff = c.gridCode ? staffOf[c.gridCode] ?? [] : []
      await client.post(`/api/cases/${id}/actions`, {
        action,
        version: c.version,
        note: '属性测试',
        // mostly the first staff member (wgz001 leads the first grid), so the leader's client can go on
        ...(action === 'dispatch' || action === 'reassign' ? { assigneeId: staff[o.action % 3 === 0 ? o.action % Math.max(staff.length, 1) : 0] ?? 1 } : {}),
        ...(action === 'request_extension' || action === 'reopen' ? { deadline: new Date(clock + o.hours * HOUR).toISOString() } : {}),
      })
      break
    }
    case 'rate': {
      if (tracked.length === 0)
        return
      const t = tracked[o.pick % tracked.length]!
      await app.inject({ method: 'POST', url: `/api/public/cases/${t.token}/rating`, payload: { rating: o.stars } })
      break
    }
    case 'wait':
      clock += o.hours * HOUR
      break
    case 'sweep':
      sweepSla(app.database, clock)
      break
    case 'edit': {
      // a direct correction of the row (what a data fix or a future admin tool would do)
      const ids = caseIds()
      if (ids.length === 0)
        return
      const id = ids[o.pick % ids.length]!
      const grid = GRIDS[o.value % 2]!
      const edits = [
        ['UPDATE cases SET grid_code = ?, community_code = ? WHERE id = ?', grid, grid.slice(0, 12)],
        ['UPDATE cases SET category_code = ? WHERE id = ?', CATEGORIES[o.value % CATEGORIES.length]],
        ['UPDATE cases SET lon = lon + ?, lat = lat - ? WHERE id = ?', (o.value % 7) / 500, (o.value % 5) / 500],
        ['UPDATE cases SET reported_at = reported_at - ? WHERE id = ?', (o.value % 90) * 24 * HOUR],
        ['UPDATE cases SET grid_code = NULL, suggested_grid_code = ? WHERE id = ?', grid],
      ] as const
      const [sql, ...args] = edits[o.column]!
      app.database.sqlite.prepare(sql).run(...args, id)
      break
    }
  }
}

describe('dashboard rollups', () => {
  it('equal a direct recount after any series of writes (property)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 60 }), async (ops) => {
      for (const o of ops)
        await apply(o)
      for (const table of ['case_rollups', 'case_category_rollups', 'case_daily', 'case_heat'] as const)
        expect(rollupRows(app.database, table), table).toEqual(recountRows(app.database, table))
    }), { numRuns: 60, seed: 20261122 })
    // the series really exercised the loop
    const actions = app.database.sqlite.prepare('SELECT DISTINCT action FROM case_events').pluck().all()
    expect(actions).toEqual(expect.arrayContaining(['file', 'dispatch', 'accept', 'resolve', 'verify', 'rework']))
    expect(app.database.sqlite.prepare('SELECT count(*) FROM cases').pluck().get()).toBeGreaterThan(50)
    // both insert triggers ran: fresh intakes, and imports past the lean one's condition
    const imports = app.database.sqlite.prepare(`SELECT count(*) FROM cases WHERE number LIKE 'IMPORT-%' AND (status != 'reported' OR rating IS NOT NULL)`).pluck().get() as number
    expect(imports).toBeGreaterThan(20)
  })
})
