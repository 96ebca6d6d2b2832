import type { Building, CaseDetail, CaseSummary, GridDetail, IntakeResult, PageOf, PublicCaseView } from '@gridgov/domain'
import type { App } from '../src/app'
import type { Client } from './helper'
import { applyDeferredRollups, recountRows, rollupRows } from '@gridgov/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, json, loginAs } from './helper'

const HOUR = 3_600_000
// a Monday 09:00 in China (UTC+8), inside the holiday calendar's range
let clock = Date.parse('2026-11-16T01:00:00Z')
let app: App
let community: Client
let leader: Client
let member: Client
let street: Client
let admin: Client
const GRID = '370902001002001'
let building: Building
let leaderStaffId: number

beforeAll(async () => {
  // the clock jumps hours and days here; sessions must outlive it
  app = await buildTestApp({ now: () => clock, auth: { idleMs: 30 * 24 * HOUR, absoluteMs: 60 * 24 * HOUR } })
  const clients = await Promise.all(['shichangjie', 'wgz001', 'wgy001', 'daimiao', 'admin'].map(u => loginAs(app, u)))
  ;[community, leader, member, street, admin] = clients as [Client, Client, Client, Client, Client]
  building = json<PageOf<Building>>(await admin.get(`/api/grids/${GRID}/buildings?limit=1`)).items[0]!
  leaderStaffId = json<GridDetail>(await admin.get(`/api/grids/${GRID}`)).staff.find(s => s.role === 'leader')!.id
})
afterAll(() => app.close())

function intake(overrides: object = {}) {
  return {
    channel: 'phone',
    categoryCode: 'S0401',
    description: '3号楼两户因漏水发生纠纷，请网格员上门调解',
    buildingCode: building.code,
    reporterName: '王建国',
    reporterPhone: '13805381234',
    ...overrides,
  }
}
const act = (c: Client, id: number, body: object, headers: Record<string, string> = {}) => c.post(`/api/cases/${id}/actions`, body, headers)

describe('the case loop through the API', () => {
  let id: number
  let v: number
  const step = async (c: Client, body: object, status = 200) => {
    const res = await act(c, id, { version: v, ...body })
    expect(res.statusCode, res.body).toBe(status)
    if (status === 200)
      v = json<CaseDetail>(res).version
    return json<CaseDetail>(res)
  }

  it('files a phone request into its grid, once per Idempotency-Key', async () => {
    const key = 'intake-0001-aaaa'
    const first = await community.post('/api/cases', intake(), { 'idempotency-key': key })
    expect(first.statusCode).toBe(201)
    const body = json<IntakeResult>(first)
    expect(body.case).toMatchObject({ status: 'reported', version: 1, gridCode: GRID, communityCode: '370902001002', channel: 'phone', categoryName: '邻里纠纷' })
    expect(body.case.number).toMatch(/^20261116-\d{4}$/)
    // the answer is built from what was written: it is what the board and the detail read back
    const { reporterName, reporterPhone, externalRef, events, allowedActions, ...summary } = json<CaseDetail>(await community.get(`/api/cases/${body.case.id}`))
    expect(body.case).toEqual(summary)
    expect(reporterPhone).toBe('138****1234')
    expect(events.map(e => e.action)).toEqual(['report'])
    expect(allowedActions).toContain('file')
    id = body.case.id
    v = body.case.version

    const retry = await community.post('/api/cases', intake(), { 'idempotency-key': key })
    expect(retry.statusCode).toBe(201)
    expect(retry.headers['idempotent-replayed']).toBe('true')
    expect(json<IntakeResult>(retry).case.id).toBe(id)
    expect(json<PageOf<unknown>>(await community.get('/api/cases')).total).toBe(1)

    const reused = await community.post('/api/cases', intake({ description: '另一件事情，另一件事情' }), { 'idempotency-key': key })
    expect(reused.statusCode).toBe(422)
    expect(json(reused).details[0].field).toBe('headers.idempotency-key')
  })

  it('shows possible duplicates at intake: same building, the same category apart from others', async () => {
    const second = json<IntakeResult>(await community.post('/api/cases', intake({ categoryCode: 'S0501', description: '物业不处理楼顶漏水问题' }))).case
    const dups = json<{ items: CaseSummary[], sameBuilding: CaseSummary[] }>(await community.get(`/api/cases/duplicates?categoryCode=S0501&buildingCode=${second.buildingCode}`))
    expect(dups.items.map(d => d.id)).toContain(second.id)
    expect(dups.sameBuilding.map(d => d.id)).toContain(id)
  })

  it('runs file → dispatch → accept → resolve → rework → resolve → close with every rejection on the way', async () => {
    await step(community, { action: 'file' })
    // dispatch: only to staff of the case's grid, deadline from the category on the working clock
    const wrongStaff = await act(community, id, { version: v, action: 'dispatch', assigneeId: 1 })
    expect(wrongStaff.statusCode).toBe(400)
    expect(json(wrongStaff).details[0].field).toBe('body.assigneeId')
    const dispatched = await step(community, { action: 'dispatch', assigneeId: leaderStaffId })
    expect(dispatched.status).toBe('dispatched')
    // 24 working hours from Monday 09:00 = three working days later, Thursday 09:00
    expect(dispatched.deadline).toBe('2026-11-19T01:00:00.000Z')
    expect(dispatched.sla).toBe('on_time')
    expect(dispatched.remainingHours).toBe(24)

    // a member who is not the assignee may not accept; the leader may
    expect(json(await act(member, id, { version: v, action: 'accept' })).error).toBe('forbidden')
    const stale = await act(leader, id, { version: v - 1, action: 'accept' })
    expect(stale.statusCode).toBe(412)
    expect(json(stale)).toMatchObject({ error: 'stale_version', current: { version: v, status: 'dispatched' } })
    const noVersion = await act(leader, id, { action: 'accept' })
    expect(noVersion.statusCode).toBe(400)
    expect(json(noVersion).details[0].field).toBe('body.version')
    const viaHeader = await act(leader, id, { action: 'accept' }, { 'if-match': `"${v}"`, 'idempotency-key': 'accept-key-0001' })
    expect(viaHeader.statusCode).toBe(200)
    expect(viaHeader.headers.etag).toBe(`"${v + 1}"`)
    v = json<CaseDetail>(viaHeader).version
    // the tablet retries the same accept: the same answer, no second event
    const replay = await act(leader, id, { action: 'accept' }, { 'if-match': `"${v - 1}"`, 'idempotency-key': 'accept-key-0001' })
    expect(replay.statusCode).toBe(200)
    expect(json<CaseDetail>(replay).events.filter(e => e.action === 'accept')).toHaveLength(1)

    // 添加进展: a note on the way; the status stays, the version moves
    const progressed = await step(leader, { action: 'progress', note: '已联系双方，约定明天上午上门调解' })
    expect(progressed.status).toBe('in_progress')
    expect((await act(member, id, { version: v, action: 'progress', note: '我来补充' })).statusCode).toBe(403)

    clock += 3 * HOUR
    const noNote = await act(leader, id, { version: v, action: 'resolve' })
    expect(noNote.statusCode).toBe(400)
    expect(json(noNote).details[0].field).toBe('body.note')
    await step(leader, { action: 'resolve', note: '已上门调解，双方达成一致，维修费用各半' })
    const rework = await step(community, { action: 'rework', note: '回访居民称漏水未修复，请继续跟进' })
    expect(rework).toMatchObject({ status: 'in_progress', reworkCount: 1 })
    await step(leader, { action: 'resolve', note: '已联系物业修复漏点，居民确认' })
    // illegal: grid staff cannot verify; verifying twice is illegal
    expect((await act(leader, id, { version: v, action: 'verify' })).statusCode).toBe(403)
    const closed = await step(community, { action: 'verify', note: '电话回访确认' })
    expect(closed.status).toBe('closed')
    expect(closed.sla).toBeNull()
    const again = await act(community, id, { version: v, action: 'verify' })
    expect(again.statusCode).toBe(409)
    expect(json(again)).toMatchObject({ error: 'illegal_transition', current: { status: 'closed' } })

    expect(closed.events.map(e => `${e.action}:${e.from}→${e.to}`)).toEqual([
      'report:reported→reported',
      'file:reported→filed',
      'dispatch:filed→dispatched',
      'accept:dispatched→in_progress',
      'progress:in_progress→in_progress',
      'resolve:in_progress→resolved',
      'rework:resolved→in_progress',
      'resolve:in_progress→resolved',
      'verify:resolved→closed',
    ])
    expect(closed.events[3]).toMatchObject({ actorRole: 'grid_leader', actorName: expect.any(String) })
  })

  it('keeps events immutable in the database', () => {
    expect(() => app.database.sqlite.prepare('UPDATE case_events SET note = ? WHERE case_id = ?').run('x', id)).toThrow(/append-only/)
    expect(() => app.database.sqlite.prepare('DELETE FROM case_events WHERE case_id = ?').run(id)).toThrow(/append-only/)
  })

  it('lets the street escalate (督办) and nobody else', async () => {
    const c = json<IntakeResult>(await community.post('/api/cases', intake({ description: '独居老人多日未出门，请上门查看', categoryCode: 'S0102' }))).case
    expect((await act(community, c.id, { version: c.version, action: 'escalate', note: '请加快' })).statusCode).toBe(403)
    const escalated = json<CaseDetail>(await act(street, c.id, { version: c.version, action: 'escalate', note: '街道督办：今日内上门' }))
    expect(escalated.escalated).toBe(true)
    expect(escalated.status).toBe('reported')
  })
})

describe('intake validation and scope', () => {
  it.each([
    [{ description: undefined }, 'body.description'],
    [{ description: '短' }, 'body.description'],
    [{ categoryCode: 'C9999' }, 'body.categoryCode'],
    [{ categoryCode: 'X1' }, 'body.categoryCode'],
    [{ channel: 'fax' }, 'body.channel'],
    [{ reporterPhone: '12345' }, 'body.reporterPhone'],
    [{ buildingCode: undefined }, 'body.lon'],
    [{ buildingCode: undefined, lon: 100, lat: 30 }, 'body.lon'],
    [{ buildingCode: '370902001002001999' }, 'body.buildingCode'],
    [{ urgent: true }, 'body.urgent'],
  ])('%j → 400 naming %s', async (patch, field) => {
    const body = Object.fromEntries(Object.entries(intake(patch)).filter(([, v]) => v !== undefined))
    const before = json<PageOf<unknown>>(await admin.get('/api/cases')).total
    const res = await community.post('/api/cases', body)
    expect(res.statusCode, res.body).toBe(400)
    expect(json(res).details.map((d: { field: string }) => d.field)).toContain(field)
    expect(json<PageOf<unknown>>(await admin.get('/api/cases')).total).toBe(before)
  })

  it('refuses intake outside the caller\'s territory and hides other communities\' cases', async () => {
    const far = json<PageOf<Building>>(await admin.get('/api/buildings?streetCode=370902002&limit=1')).items[0]!
    const res = await community.post('/api/cases', intake({ buildingCode: far.code }))
    expect(res.statusCode).toBe(403)
    const elsewhere = json<{ number: string }>(await app.inject({ method: 'POST', url: '/api/public/cases', payload: { categoryCode: 'S0601', description: '小区门口长期违章停车', buildingCode: far.code, reporterPhone: '13905381111' } }))
    const all = json<PageOf<{ id: number, number: string }>>(await admin.get('/api/cases?limit=200')).items
    const other = all.find(c => c.number === elsewhere.number)!
    expect((await community.get(`/api/cases/${other.id}`)).statusCode).toBe(404)
    expect((await act(community, other.id, { version: 1, action: 'file' })).statusCode).toBe(404)
    expect(json<PageOf<{ id: number }>>(await community.get('/api/cases?limit=200')).items.map(c => c.id)).not.toContain(other.id)
  })

  it('takes patrol reports from grid staff only', async () => {
    const patrol = await member.post('/api/cases', intake({ channel: 'patrol', categoryCode: 'E0102', description: '2单元楼道堆放纸箱，存在消防隐患', reporterName: undefined, reporterPhone: undefined }))
    expect(patrol.statusCode).toBe(201)
    expect(json<IntakeResult>(patrol).case.channel).toBe('patrol')
    const notStaff = await community.post('/api/cases', intake({ channel: 'patrol' }))
    expect(notStaff.statusCode).toBe(400)
    expect(json(notStaff).details[0].field).toBe('body.channel')
    expect((await admin.post('/api/cases', intake())).statusCode).toBe(403)
  })
})

describe('batched intake', () => {
  it('commits concurrent intakes together; a refused one writes nothing and the others land', async () => {
    const before = json<PageOf<unknown>>(await admin.get('/api/cases')).total
    const audits = () => app.database.sqlite.prepare(`SELECT count(*) FROM audit_log WHERE action = 'case.create'`).pluck().get() as number
    const auditsBefore = audits()
    const batches = app.writes.stats.batches
    const report = (attachments?: string[]) => member.post('/api/cases', intake({ channel: 'patrol', categoryCode: 'E0102', description: '楼道堆放杂物，堵塞消防通道', reporterName: undefined, reporterPhone: undefined, ...(attachments ? { attachments } : {}) }))
    // the unknown photo is found inside the transaction, after the case row is written
    const replies = await Promise.all([report(), report(), report(['nosuchphoto0000000000']), report(), report()])
    expect(replies.map(r => r.statusCode)).toEqual([201, 201, 400, 201, 201])
    expect(json(replies[2]!)).toMatchObject({ error: 'bad_request', details: [{ field: 'body.attachments' }] })
    expect(app.writes.stats.batches - batches).toBeLessThan(5) // they shared transactions
    const numbers = replies.filter(r => r.statusCode === 201).map(r => json<IntakeResult>(r).case.number)
    expect(new Set(numbers).size).toBe(4)
    expect(json<PageOf<unknown>>(await admin.get('/api/cases')).total).toBe(before + 4)
    expect(audits()).toBe(auditsBefore + 4) // the audit entry is in the case's transaction too
    for (const r of replies.filter(r => r.statusCode === 201)) {
      const c = json<CaseDetail>(await member.get(`/api/cases/${json<IntakeResult>(r).case.id}`))
      expect(c.events.map(e => e.action)).toEqual(['report'])
    }
  })

  it('adds a batch\'s intakes to the dashboard rollups before it commits, also when its first write is refused', async () => {
    const deferred = () => app.database.sqlite.prepare('SELECT count(*) FROM cases WHERE rollup_deferred = 1').pluck().get() as number
    const deferredBefore = deferred()
    const batches = app.writes.stats.batches
    const report = (body: object) => member.post('/api/cases', intake({ channel: 'patrol', reporterName: undefined, reporterPhone: undefined, ...body }))
    // the refused write registers the batch's rollup step first, then rolls back to its savepoint
    const replies = await Promise.all([
      report({ categoryCode: 'E0102', description: '楼道堆放杂物，堵塞消防通道', attachments: ['nosuchphoto0000000000'] }),
      report({ categoryCode: 'E0102', description: '楼道堆放杂物，堵塞消防通道' }),
      report({ categoryCode: 'S0401', description: '小区路灯不亮，晚上出行不便' }),
      community.post('/api/cases', intake({ categoryCode: 'S0102', description: '独居老人需要上门探访' })),
    ])
    expect(replies.map(r => r.statusCode)).toEqual([400, 201, 201, 201])
    expect(app.writes.stats.batches - batches).toBeLessThan(4)
    expect(deferred()).toBe(deferredBefore + 3)
    for (const table of ['case_rollups', 'case_category_rollups', 'case_daily', 'case_heat'] as const)
      expect(rollupRows(app.database, table), table).toEqual(recountRows(app.database, table))

    // a deferred case changed before its batch commits would be counted wrong: the batch fails
    const { sqlite } = app.database
    const columns = 'tracking_hash, channel, category_code, description, lon, lat, address, building_code, grid_code, suggested_grid_code, community_code, reporter_name, reporter_phone, external_ref, created_by, status, version, reported_at, updated_at'
    const refused = app.writes.run(() => {
      const id = Number(sqlite.prepare(`INSERT INTO cases (number, ${columns}, rollup_deferred) SELECT 'DEFERRED-1', ${columns}, 1 FROM cases ORDER BY id DESC LIMIT 1`).run().lastInsertRowid)
      app.writes.beforeCommit('case-rollups', () => applyDeferredRollups(app.database, id))
      sqlite.prepare(`UPDATE cases SET status = 'filed', version = 2 WHERE id = ?`).run(id)
    })
    await expect(refused).rejects.toThrow('changed before its write batch committed')
    expect(sqlite.prepare(`SELECT count(*) FROM cases WHERE number = 'DEFERRED-1'`).pluck().get()).toBe(0)
  })
})

describe('the board', () => {
  it('filters by status, mine and overdue, sorted by deadline', async () => {
    const c = json<IntakeResult>(await community.post('/api/cases', intake({ description: '楼上住户深夜噪声扰民，多次沟通无果' }))).case
    const v = json<CaseDetail>(await act(community, c.id, { version: c.version, action: 'file' })).version
    expect((await act(community, c.id, { version: v, action: 'dispatch', assigneeId: leaderStaffId })).statusCode).toBe(200)
    // a case waiting at the desk, and a finished one (cancelled) newer than it
    const waiting = json<IntakeResult>(await community.post('/api/cases', intake({ description: '单元门禁损坏，外来人员随意进出' }))).case
    clock += HOUR
    const done = json<IntakeResult>(await community.post('/api/cases', intake({ description: '重复登记，居民已撤回诉求' }))).case
    expect((await act(community, done.id, { version: done.version, action: 'cancel', note: '重复登记' })).statusCode).toBe(200)
    const urgent = json<PageOf<{ id: number, status: string, deadline: string | null, reportedAt: string }>>(await community.get('/api/cases?sort=deadline&limit=200')).items
    const group = (status: string) => ['reported', 'filed', 'resolved'].includes(status) ? 0 : ['dispatched', 'in_progress'].includes(status) ? 1 : 2
    // at the desk: its own queue first, then running clocks (earliest deadline on top), then finished cases
    expect(urgent.map(i => group(i.status))).toEqual(urgent.map(i => group(i.status)).sort())
    const running = urgent.filter(i => group(i.status) === 1)
    expect(running.map(i => i.deadline)).toEqual(running.map(i => i.deadline).sort())
    // the desk's queue longest waiting first; finished cases newest first
    const queue = urgent.filter(i => group(i.status) === 0).map(i => i.reportedAt)
    expect(queue).toEqual([...queue].sort())
    const finished = urgent.filter(i => group(i.status) === 2).map(i => i.reportedAt)
    expect(finished).toEqual([...finished].sort().reverse())
    expect(urgent.findIndex(i => i.id === waiting.id)).toBeLessThan(urgent.findIndex(i => i.id === done.id))
    const mine = json<PageOf<{ id: number, status: string }>>(await leader.get('/api/cases?mine=true&status=dispatched&status=in_progress&sort=deadline'))
    expect(mine.items.map(i => i.id)).toContain(c.id)
    expect(json<PageOf<unknown>>(await member.get('/api/cases?mine=true')).total).toBe(0)
    expect(json<PageOf<{ id: number }>>(await community.get('/api/cases?overdue=true')).items.map(i => i.id)).not.toContain(c.id)
    clock += 7 * 24 * HOUR
    const overdue = json<PageOf<{ id: number, sla: string, remainingHours: number }>>(await community.get('/api/cases?overdue=true'))
    const hit = overdue.items.find(i => i.id === c.id)!
    expect(hit.sla).toBe('overdue')
    expect(hit.remainingHours).toBeLessThan(0)
    const filed = json<PageOf<{ status: string }>>(await community.get('/api/cases?status=reported'))
    expect(filed.items.every(i => i.status === 'reported')).toBe(true)
    expect((await community.get('/api/cases?status=lost')).statusCode).toBe(400)
  })
})

describe('residents', () => {
  it('report without login, track with the token, and rate once after closing', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/public/cases', payload: { categoryCode: 'S0401', description: '邻居家狗夜间吠叫影响休息', buildingCode: building.code, reporterPhone: '13905380000' } })
    expect(res.statusCode).toBe(201)
    const { trackingCode, number } = json<{ trackingCode: string, number: string }>(res)
    const track = (t = trackingCode) => app.inject({ method: 'GET', url: `/api/public/cases/${t}` })
    expect(json<PublicCaseView>(await track())).toMatchObject({ number, status: 'reported', canRate: false })
    expect((await track('A'.repeat(24))).statusCode).toBe(404)
    const rate = (rating: number) => app.inject({ method: 'POST', url: `/api/public/cases/${trackingCode}/rating`, payload: { rating, comment: '处理及时' } })
    expect((await rate(5)).statusCode).toBe(409)

    const id = json<PageOf<{ id: number, number: string }>>(await community.get('/api/cases?limit=200')).items.find(c => c.number === number)!.id
    let v = 1
    for (const body of [{ action: 'file' }, { action: 'dispatch', assigneeId: leaderStaffId }]) v = json<CaseDetail>(await act(community, id, { version: v, ...body })).version
    for (const body of [{ action: 'accept' }, { action: 'resolve', note: '已协调' }]) v = json<CaseDetail>(await act(leader, id, { version: v, ...body })).version
    v = json<CaseDetail>(await act(community, id, { version: v, action: 'verify' })).version
    expect(json<PublicCaseView>(await track()).canRate).toBe(true)
    expect((await rate(6)).statusCode).toBe(400)
    const rated = await rate(4)
    expect(rated.statusCode).toBe(200)
    expect(json<PublicCaseView>(rated)).toMatchObject({ rating: 4, canRate: false })
    expect((await rate(5)).statusCode).toBe(409)
    expect(json<CaseDetail>(await community.get(`/api/cases/${id}`)).rating).toBe(4)
  })

  it('queues a point just outside every grid for the nearest community, with a suggested grid', async () => {
    const district = json<{ features: { geometry: { coordinates: number[][][][] } }[] }>(await app.inject({ method: 'GET', url: '/api/layers/district' }))
    const ring = district.features[0]!.geometry.coordinates[0]![0]!
    const west = ring.reduce((a, b) => (b[0]! < a[0]! ? b : a))
    const res = await app.inject({ method: 'POST', url: '/api/public/cases', payload: { categoryCode: 'S0601', description: '路口车辆乱停乱放堵塞通行', lon: west[0]! - 0.003, lat: west[1]!, reporterPhone: '13905382222' } })
    expect(res.statusCode, res.body).toBe(201)
    const queued = json<PageOf<{ number: string, gridCode: string | null, suggestedGridCode: string }>>(await admin.get('/api/cases?unassigned=true&limit=200')).items
    const hit = queued.find(c => c.number === json(res).number)!
    expect(hit.gridCode).toBeNull()
    expect(hit.suggestedGridCode).toMatch(/^370902\d{9}$/)
  })

  it('throttles public reports per address', async () => {
    const strict = await buildTestApp({ publicReportsPerHour: 2 })
    const post = () => strict.inject({ method: 'POST', url: '/api/public/cases', payload: { categoryCode: 'S0401', description: '测试频率限制的描述', buildingCode: building.code, reporterPhone: '13905383333' } })
    expect([(await post()).statusCode, (await post()).statusCode, (await post()).statusCode]).toEqual([201, 201, 429])
    await strict.close()
  })
})
