import type { CaseDetail, Choropleth, DashboardCategories, DashboardSummary, DashboardTrend, DashboardUnits, GridDetail, Heat, IntakeResult } from '@gridgov/domain'
import type { App } from '../src/app'
import type { Client } from './helper'
import { recountRows, rollupRows, sweepSla } from '@gridgov/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app'
import { buildTestApp, json, loginAs } from './helper'

const HOUR = 3_600_000
const at = (iso: string) => Date.parse(iso)
// Monday 7 December 2026, 09:00 in Beijing: after the seeded history ends, so the week is ours alone
let clock = at('2026-12-07T09:00:00+08:00')
let app: App
let community: Client
let leader: Client
let street: Client
let admin: Client
const GRID = '370902001002001'
const COMMUNITY = '370902001002'
const STREET = '370902001'
const WEEK = 'week=2026-12-07'
/** A choropleth's values by grid code. */
const byGrid = (c: Choropleth) => Object.fromEntries(c.grids.map((code, i) => [code, c.values[i]]))
let leaderStaffId: number

beforeAll(async () => {
  // no timed SLA sweeps: the test sweeps by hand, to see the figures agree before and after
  app = await buildTestApp({ now: () => clock, slaSweepMs: 0, auth: { idleMs: 60 * 24 * HOUR, absoluteMs: 90 * 24 * HOUR } })
  ;[community, leader, street, admin] = await Promise.all(['shichangjie', 'wgz001', 'daimiao', 'admin'].map(u => loginAs(app, u))) as [Client, Client, Client, Client]
  leaderStaffId = json<GridDetail>(await admin.get(`/api/grids/${GRID}`)).staff.find(s => s.role === 'leader')!.id
})
afterAll(() => app.close())

async function step(client: Client, id: number, body: Record<string, unknown>): Promise<CaseDetail> {
  const current = json<CaseDetail>(await client.get(`/api/cases/${id}`))
  const res = await client.post(`/api/cases/${id}/actions`, { ...body, version: current.version })
  expect(res.statusCode, res.body).toBe(200)
  return json<CaseDetail>(res)
}

describe('kPIs on hand-made cases', () => {
  const ids: number[] = []

  beforeAll(async () => {
    const building = json<{ items: { code: string }[] }>(await admin.get(`/api/grids/${GRID}/buildings?limit=1`)).items[0]!.code
    // 13 cases of 独居老人探访 (8 working hours) reported Monday 09:00; 12 dispatched at once
    for (let i = 0; i < 13; i++) {
      const res = await community.post('/api/cases', { channel: 'phone', categoryCode: 'S0102', description: `独居老人探访请求 第${i + 1}件`, buildingCode: building })
      expect(res.statusCode, res.body).toBe(201)
      const id = json<IntakeResult>(res).case.id
      ids.push(id)
      await step(community, id, { action: 'file' })
      if (i < 12)
        await step(community, id, { action: 'dispatch', assigneeId: leaderStaffId }) // deadline: Tuesday 09:00
    }
    for (const id of ids.slice(0, 12))
      await step(leader, id, { action: 'accept' })
    // Monday 11:00: eight resolved after 2 working hours, closed at 15:00 — on time
    clock = at('2026-12-07T11:00:00+08:00')
    for (const id of ids.slice(0, 9))
      await step(leader, id, { action: 'resolve', note: '已上门探访，老人身体状况良好' })
    await step(leader, ids[9]!, { action: 'request_extension', deadline: '2026-12-09T18:00:00+08:00', note: '老人住院，需协调家属' })
    clock = at('2026-12-07T15:00:00+08:00')
    for (const id of ids.slice(0, 8))
      await step(community, id, { action: 'verify', note: '电话回访属实' })
    await step(community, ids[8]!, { action: 'rework', note: '未留存探访记录，请补充' }) // 返工
    await step(community, ids[9]!, { action: 'approve_extension', note: '同意延期' })
    // Tuesday 10:00: the reworked case is resolved again — after its Tuesday 09:00 deadline
    clock = at('2026-12-08T10:00:00+08:00')
    await step(leader, ids[8]!, { action: 'resolve', note: '已补充探访记录' })
    // Wednesday 10:00: the extended case is resolved before its new deadline (Wednesday 18:00)
    clock = at('2026-12-09T10:00:00+08:00')
    await step(leader, ids[9]!, { action: 'resolve', note: '已协调家属照看' })
    clock = at('2026-12-09T11:00:00+08:00')
    for (const id of [ids[8]!, ids[9]!])
      await step(community, id, { action: 'verify', note: '核查属实' })
    // Wednesday 12:00: cases 11 and 12 are still in progress, past Tuesday 09:00
    clock = at('2026-12-09T12:00:00+08:00')
  })

  it('counts the week of one grid by the formulas, with samples', async () => {
    const s = json<DashboardSummary>(await community.get(`/api/dashboard/summary?${WEEK}&within=${GRID}`))
    expect(s.counts).toMatchObject({ reported: 13, filed: 13, open: 3, closed: 10, closedOnTime: 9, closedReworked: 1, closedExtended: 1, overdueOpen: 2, handled: 10 })
    // 应结案数 = 10 closed + 2 open past the deadline = 12
    expect(s.kpis.closeRate).toMatchObject({ numerator: 10, denominator: 12, sample: 12 })
    expect(s.kpis.closeRate.value).toBeCloseTo(10 / 12)
    expect(s.kpis.onTimeRate.value).toBeCloseTo(9 / 12)
    expect(s.kpis.reworkRate.value).toBeCloseTo(1 / 12)
    expect(s.kpis.extensionRate.value).toBeCloseTo(1 / 12)
    // working hours: 8 × 2 h; Mon 09:00 → Tue 10:00 = 7 h + 2 h; Mon 09:00 → Wed 10:00 = 7 + 8 + 2 h
    expect(s.counts.handlingMinutes).toBe(8 * 120 + 9 * 60 + 17 * 60)
    expect(s.kpis.avgHandlingHours.value).toBe(4.2)
    // nobody rated: no sample, no figure
    expect(s.kpis.satisfactionRate).toMatchObject({ value: null, sample: 0 })
    // SLA now: two running cases, both overdue
    expect(s.sla).toMatchObject({ overdue: 2, dueSoon: 0, onTime: 0 })
    expect(s.period).toMatchObject({ kind: 'week', from: '2026-12-07', to: '2026-12-13' })
  })

  it('gives the same figures whether or not the SLA sweeper has run since the deadlines passed', async () => {
    const url = `/api/dashboard/summary?${WEEK}&within=${GRID}`
    const before = json<DashboardSummary>(await community.get(url))
    const overdueBefore = byGrid(json<Choropleth>(await community.get('/api/dashboard/choropleth?metric=overdue')))[GRID]
    expect(app.database.sqlite.prepare(`SELECT count(*) FROM cases WHERE grid_code = ? AND status = 'in_progress' AND sla_stage = 2`).pluck().get(GRID)).toBe(0)
    expect(sweepSla(app.database, clock)).toBeGreaterThanOrEqual(2)
    const after = json<DashboardSummary>(await community.get(url))
    expect(after.counts).toEqual(before.counts)
    expect(after.sla).toEqual(before.sla)
    expect(byGrid(json<Choropleth>(await community.get('/api/dashboard/choropleth?metric=overdue')))[GRID]).toBe(overdueBefore)
  })

  it('shows "—" below the minimum sample and leaves it out of the ranking', async () => {
    // the same database with a minimum sample of 13: the 12 due cases no longer make a figure
    const strict = await buildApp({ database: app.database, seed: false, now: () => clock, kpiMinSample: 13 })
    try {
      const c = await loginAs(strict, 'shichangjie')
      const s = json<DashboardSummary>(await c.get(`/api/dashboard/summary?${WEEK}&within=${GRID}`))
      expect(s.minSample).toBe(13)
      expect(s.kpis.closeRate).toMatchObject({ value: null, sample: 12, numerator: 10 })
      expect(s.kpis.filed).toMatchObject({ value: 13 })
      const units = json<DashboardUnits>(await c.get(`/api/dashboard/units?level=grid&${WEEK}&within=${COMMUNITY}&sort=closeRate`))
      expect(units.items.every(u => u.rank === null)).toBe(true)
    }
    finally {
      await strict.close()
    }
    const units = json<DashboardUnits>(await community.get(`/api/dashboard/units?level=grid&${WEEK}&within=${COMMUNITY}&sort=closeRate`))
    expect(units.items[0]).toMatchObject({ code: GRID, rank: 1 })
    expect(units.items.slice(1).every(u => u.rank === null && u.kpis.closeRate.value === null)).toBe(true)
    expect(units.total).toBe(units.items.length)
  })

  it('colours grids by metric with a legend, and counts categories and days', async () => {
    const overdue = json<Choropleth>(await community.get(`/api/dashboard/choropleth?metric=overdue`))
    expect(byGrid(overdue)[GRID]).toBeGreaterThanOrEqual(2)
    // grids sorted by code, one value each
    expect(overdue.grids).toEqual([...overdue.grids].sort())
    expect(overdue.values).toHaveLength(overdue.grids.length)
    expect(overdue.breaks[0]).toBe(1)
    const week = json<Choropleth>(await community.get(`/api/dashboard/choropleth?metric=new_this_week`))
    expect(byGrid(week)[GRID]).toBe(13)
    const onTime = json<Choropleth>(await community.get(`/api/dashboard/choropleth?metric=on_time_rate&${WEEK}`))
    expect(byGrid(onTime)[GRID]).toBeCloseTo(9 / 12)
    expect(onTime).toMatchObject({ unit: 'percent', higherIsBetter: true, breaks: [0.6, 0.8, 0.9, 0.95] })
    // a community worker's map holds only their community's grids
    expect(overdue.grids.every(code => code.startsWith(COMMUNITY))).toBe(true)

    const cats = json<DashboardCategories>(await community.get(`/api/dashboard/categories?${WEEK}`))
    expect(cats.items).toEqual([expect.objectContaining({ code: 'S0102', name: '独居老人探访', className: '养老', reported: 13 })])
    const trend = json<DashboardTrend>(await street.get(`/api/dashboard/trend?${WEEK}`))
    expect(trend.days.find(d => d.day === '2026-12-07')).toMatchObject({ reported: 13, closed: 8 })
    expect(trend.days.find(d => d.day === '2026-12-09')).toMatchObject({ closed: 2 })
  })

  it('bins the heatmap and keeps it inside the caller\'s territory', async () => {
    const bbox = '116.9,36.0,117.4,36.4'
    const heat = json<Heat>(await community.get(`/api/dashboard/heat?${WEEK}&zoom=16&bbox=${bbox}`))
    expect(heat.level).toBe(2)
    expect(heat.bins.length).toBe(heat.count * 3)
    expect(heat.bins.filter((_, i) => i % 3 === 2).reduce((a, b) => a + b, 0)).toBe(13)
    const cat = json<Heat>(await street.get(`/api/dashboard/heat?${WEEK}&zoom=12&bbox=${bbox}&category=S0101`))
    expect(cat).toMatchObject({ level: 1, count: 0, max: 0 })
    // one category in one week is binned from the cases themselves; the same cells as the rollup's
    const mine = json<Heat>(await street.get(`/api/dashboard/heat?${WEEK}&zoom=16&bbox=${bbox}&category=S0102`))
    const all = json<Heat>(await street.get(`/api/dashboard/heat?${WEEK}&zoom=16&bbox=${bbox}`))
    expect(mine.bins).toEqual(all.bins)
    const month = json<Heat>(await street.get(`/api/dashboard/heat?from=2026-12&to=2026-12&zoom=16&bbox=${bbox}&category=S0102`))
    expect(month.bins).toEqual(all.bins)
  })
})

describe('在办 and the SLA ring', () => {
  const summary = async () => json<DashboardSummary>(await community.get(`/api/dashboard/summary?${WEEK}&within=${GRID}`))
  const direct = (where: string, ...args: unknown[]) => app.database.sqlite.prepare(`SELECT count(*) FROM cases WHERE grid_code = ? AND ${where}`).pluck().get(GRID, ...args) as number

  it('counts the cases open now by where they wait, the ring being those handled', async () => {
    const s = await summary()
    // any reporting date, straight from the cases
    expect(s.openNow).toEqual({
      total: direct(`status IN ('reported', 'filed', 'dispatched', 'in_progress', 'resolved')`),
      atDesk: direct(`status IN ('reported', 'filed')`),
      handling: direct(`status IN ('dispatched', 'in_progress')`),
      awaitingCheck: direct(`status = 'resolved'`),
      overdue: direct(`status IN ('dispatched', 'in_progress', 'resolved') AND deadline < ?`, clock),
    })
    // the hand-made week leaves one case at the desk and two handled past their deadline
    expect(s.openNow.atDesk).toBeGreaterThanOrEqual(1)
    expect(s.openNow.handling).toBeGreaterThanOrEqual(2)
    expect(s.openNow.total).toBe(s.openNow.atDesk + s.openNow.handling + s.openNow.awaitingCheck)
    expect(s.openNow.handling).toBe(s.sla.onTime + s.sla.dueSoon + s.sla.overdue)
  })

  it('moves a resolved case from the ring to 待核查, 在办 unchanged', async () => {
    const before = await summary()
    const id = json<{ items: { id: number }[] }>(await community.get(`/api/cases?gridCode=${GRID}&status=in_progress&limit=1`)).items[0]!.id
    await step(leader, id, { action: 'resolve', note: '已上门探访，老人由家属照看' })
    const after = await summary()
    expect(after.openNow).toEqual({ ...before.openNow, handling: before.openNow.handling - 1, awaitingCheck: before.openNow.awaitingCheck + 1 })
    expect(after.sla.onTime + after.sla.dueSoon + after.sla.overdue).toBe(after.openNow.handling)
  })
})

describe('dashboard rejections', () => {
  it('names the field of a bad period, box or level', async () => {
    for (const [url, field] of [
      ['/api/dashboard/summary?period=yesterday', 'query.period'],
      ['/api/dashboard/summary?from=2026-05', 'query.to'],
      ['/api/dashboard/summary?from=2026-05&to=2026-01', 'query.to'],
      ['/api/dashboard/summary?from=2020-01&to=2026-01', 'query.from'],
      ['/api/dashboard/summary?week=2026-12-08', 'query.week'],
      ['/api/dashboard/summary?week=2026-12-07&period=this_month', 'query.week'],
      ['/api/dashboard/summary?within=12345', 'query.within'],
      ['/api/dashboard/summary?colour=red', 'query.colour'],
      ['/api/dashboard/units?level=building', 'query.level'],
      ['/api/dashboard/units?level=grid&limit=0', 'query.limit'],
      ['/api/dashboard/choropleth?metric=everything', 'query.metric'],
      ['/api/dashboard/heat?zoom=12&bbox=117,36,116,37', 'query.bbox'],
      ['/api/dashboard/heat?zoom=99&bbox=116,36,117,37', 'query.zoom'],
    ] as const) {
      const res = await admin.get(url)
      expect(res.statusCode, url).toBe(400)
      expect(json(res).details.map((d: { field: string }) => d.field), url).toContain(field)
    }
  })

  it('answers 404 outside the caller\'s territory and 401 without a session', async () => {
    const other = '370902002'
    const res = await community.get(`/api/dashboard/summary?within=${other}`)
    expect(res.statusCode).toBe(404)
    expect(json(res).details[0].field).toBe('query.within')
    // a community worker may look at "their street": the figures stay their community's
    const mine = json<DashboardSummary>(await community.get(`/api/dashboard/summary?within=${STREET}&period=this_year`))
    const theirs = json<DashboardSummary>(await community.get(`/api/dashboard/summary?within=${COMMUNITY}&period=this_year`))
    expect(mine.counts).toEqual(theirs.counts)
    expect((await app.inject({ method: 'GET', url: '/api/dashboard/summary' })).statusCode).toBe(401)
  })
})

describe('rollups', () => {
  it('equal a direct recount after the seeded history and the loop above', () => {
    for (const table of ['case_rollups', 'case_category_rollups', 'case_daily', 'case_heat'] as const)
      expect(rollupRows(app.database, table), table).toEqual(recountRows(app.database, table))
  })
})

describe('rankings', () => {
  it('answer a page exactly as the head of the whole ranking, for every KPI', async () => {
    for (const sort of ['filed', 'closeRate', 'onTimeRate', 'reworkRate', 'extensionRate', 'avgHandlingHours', 'satisfactionRate']) {
      for (const level of ['grid', 'community']) {
        const url = `/api/dashboard/units?level=${level}&sort=${sort}&period=last_12_months`
        const all = json<DashboardUnits>(await street.get(`${url}&limit=500`))
        expect(all.items.length, url).toBe(Math.min(all.total, 500))
        for (const limit of [1, 3, 7]) {
          const head = json<DashboardUnits>(await street.get(`${url}&limit=${limit}`))
          expect(head.items.map(i => [i.code, i.rank]), `${url}&limit=${limit}`).toEqual(all.items.slice(0, limit).map(i => [i.code, i.rank]))
        }
      }
    }
  })
})

describe('figures kept between reads', () => {
  it('move with the next write: a new case shows at once on the map and in the counts', async () => {
    const open = async () => byGrid(json<Choropleth>(await community.get('/api/dashboard/choropleth?metric=open')))[GRID] ?? 0
    const filed = async () => json<DashboardSummary>(await community.get(`/api/dashboard/summary?period=this_month&within=${GRID}`)).counts.reported
    const [openBefore, reportedBefore] = [await open(), await filed()]
    expect(await open()).toBe(openBefore) // read again, unchanged
    const building = json<{ items: { code: string }[] }>(await admin.get(`/api/grids/${GRID}/buildings?limit=1`)).items[0]!.code
    const res = await community.post('/api/cases', { channel: 'phone', categoryCode: 'S0401', description: '路灯不亮，晚上出行不便', buildingCode: building })
    expect(res.statusCode, res.body).toBe(201)
    expect(await open()).toBe(openBefore + 1)
    expect(await filed()).toBe(reportedBefore + 1)
  })
})
