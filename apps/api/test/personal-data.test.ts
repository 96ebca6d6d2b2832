import type { Building, CaseDetail, GridDetail, IntakeResult, Member, PageOf, Unit } from '@gridgov/domain'
import type { App } from '../src/app'
import type { Client } from './helper'
/**
 * Personal data (issue 12 §4, DESIGN.md §8): unit contacts' and Party members' phones are masked
 * for every role everywhere (lists, detail, the 双报告 spreadsheet) and revealed only through an
 * audited step; the desk can call a resident back through an audited reveal that the roles which
 * do not handle the case cannot make; personal answers are `no-store`; tracking codes never reach
 * the request log.
 */
import { Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, json, loginAs } from './helper'

const MOBILE = /(?<![\d.])1[3-9]\d{9}(?!\d)/
/** a JSON string value that is a whole landline number (0538-6221234) */
const LANDLINE = /"0\d{2,3}-?\d{7,8}"/
const GRID = '370902001002001'

let app: App
const logLines: string[] = []
let admin: Client
let street: Client
let community: Client
let leader: Client
let member: Client
let building: Building
let leaderStaffId: number

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk))
      done()
    },
  })
  app = await buildTestApp({ logger: { level: 'info', stream } })
  ;[admin, street, community, leader, member] = await Promise.all(['admin', 'daimiao', 'shichangjie', 'wgz001', 'wgy001'].map(u => loginAs(app, u))) as [Client, Client, Client, Client, Client]
  building = json<PageOf<Building>>(await admin.get(`/api/grids/${GRID}/buildings?limit=1`)).items[0]!
  leaderStaffId = json<GridDetail>(await admin.get(`/api/grids/${GRID}`)).staff.find(s => s.role === 'leader')!.id
})
afterAll(() => app.close())

async function workbookText(buffer: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(buffer as unknown as ArrayBuffer)
  const cells: string[] = []
  wb.eachSheet(sheet => sheet.eachRow(row => row.eachCell(cell => void cells.push(String(cell.value ?? '')))))
  return cells.join('\n')
}

describe('unit contacts and Party members', () => {
  let unit: Unit
  beforeAll(async () => {
    const res = await community.post('/api/units', { communityCode: '370902001002', name: '泰山区测试物业公司', type: 'private_company', address: '泰山区财源街道测试路 1 号', contactName: '周经理', contactPhone: '13905381111', partyOrg: '测试物业公司党支部', partyMembers: 3, registeredOn: '2026-11-01' })
    expect(res.statusCode, res.body).toBe(201)
    unit = json<Unit>(res)
  })

  it('masks the contact phone for every role: create, list, detail, spreadsheet', async () => {
    expect(unit.contactPhone).toBe('139****1111')
    for (const c of [admin, street, community, leader, member]) {
      const list = await c.get('/api/units?limit=500')
      expect(list.statusCode).toBe(200)
      expect(list.body).not.toMatch(MOBILE)
      expect(list.body).not.toMatch(LANDLINE)
      const detail = await c.get(`/api/units/${unit.id}`)
      expect(detail.body).not.toMatch(MOBILE)
      const members = await c.get('/api/party-members?limit=500')
      expect(members.body).not.toMatch(MOBILE)
    }
    const report = await community.get(`/api/units/${unit.id}/report.xlsx`)
    expect(report.statusCode).toBe(200)
    const text = await workbookText(report.rawPayload)
    expect(text).toContain('139****1111')
    expect(text).not.toMatch(MOBILE)
  })

  it('reveals a contact or member phone to the roles that may, in their area, and audits it without the number', async () => {
    const revealed = await community.post(`/api/units/${unit.id}/reveal`, { field: 'phone', reason: '联系共建活动' })
    expect(revealed.statusCode).toBe(200)
    expect(json(revealed)).toEqual({ phone: '13905381111' })
    expect(revealed.headers['cache-control']).toBe('no-store')
    expect((await member.post(`/api/units/${unit.id}/reveal`, { field: 'phone' })).statusCode).toBe(403)
    const elsewhere = json<PageOf<Unit>>(await admin.get('/api/units?limit=500')).items.find(u => u.communityCode !== '370902001002')!
    expect((await community.post(`/api/units/${elsewhere.id}/reveal`, { field: 'phone' })).statusCode).toBe(404)

    const someMember = json<PageOf<Member>>(await community.get('/api/party-members?limit=1')).items[0]!
    const phone = await leader.post(`/api/party-members/${someMember.id}/reveal`, { field: 'phone' })
    expect(phone.statusCode).toBe(200)
    expect(json(phone).phone).toMatch(/^1[3-9]\d{9}$/)

    const audit = app.database.sqlite.prepare(`SELECT target, summary FROM audit_log WHERE action = 'reveal' ORDER BY id`).all() as { target: string, summary: string }[]
    expect(audit.map(a => a.target)).toEqual(expect.arrayContaining([`unit:${unit.id}`, `member:${someMember.id}`]))
    expect(JSON.stringify(audit)).not.toMatch(MOBILE)
    expect(audit.find(a => a.target === `unit:${unit.id}`)!.summary).toContain('联系共建活动')
  })
})

describe('calling a resident back', () => {
  let id: number
  beforeAll(async () => {
    const created = await community.post('/api/cases', { channel: 'phone', categoryCode: 'S0401', description: '楼上装修噪音影响休息，请协调', buildingCode: building.code, reporterName: '王建国', reporterPhone: '13805381234' })
    id = json<IntakeResult>(created).case.id
  })

  it('shows the reporter masked, and reveals the number to the desk and the street, audited', async () => {
    const detail = json<CaseDetail>(await community.get(`/api/cases/${id}`))
    expect(detail.reporterPhone).toBe('138****1234')
    for (const c of [community, street]) {
      const res = await c.post(`/api/cases/${id}/reveal`, { field: 'phone', reason: '回电核实' })
      expect(res.statusCode, res.body).toBe(200)
      expect(json(res)).toEqual({ phone: '13805381234' })
      expect(res.headers['cache-control']).toBe('no-store')
    }
    const audit = app.database.sqlite.prepare(`SELECT summary FROM audit_log WHERE action = 'reveal' AND target = ?`).pluck().all(`case:${id}`) as string[]
    expect(audit).toHaveLength(2)
    expect(audit.join()).not.toMatch(MOBILE)
  })

  it('reveals it to grid staff only once the case is assigned to them; never to the admin', async () => {
    expect((await leader.post(`/api/cases/${id}/reveal`, { field: 'phone' })).statusCode).toBe(403)
    expect((await admin.post(`/api/cases/${id}/reveal`, { field: 'phone' })).statusCode).toBe(403)
    let v = 1
    for (const body of [{ action: 'file' }, { action: 'dispatch', assigneeId: leaderStaffId }])
      v = json<CaseDetail>(await community.post(`/api/cases/${id}/actions`, { version: v, ...body })).version
    expect(json(await leader.post(`/api/cases/${id}/reveal`, { field: 'phone' })).phone).toBe('13805381234')
    expect((await member.post(`/api/cases/${id}/reveal`, { field: 'phone' })).statusCode).toBe(403)
    const outsider = await admin.post('/api/admin/users', { username: 'donghu.pii', displayName: '东湖社区', password: 'abcd12345', role: 'community', scopeCode: '370902001001' })
    expect(outsider.statusCode).toBe(201)
    expect((await (await loginAs(app, 'donghu.pii', 'abcd12345')).post(`/api/cases/${id}/reveal`, { field: 'phone' })).statusCode).toBe(404)
  })

  it('answers 404 for a case with no phone (a patrol report)', async () => {
    const patrol = await member.post('/api/cases', { channel: 'patrol', categoryCode: 'E0102', description: '2单元楼道堆放杂物，堵塞通道', buildingCode: building.code })
    expect(patrol.statusCode, patrol.body).toBe(201)
    const res = await community.post(`/api/cases/${json<IntakeResult>(patrol).case.id}/reveal`, { field: 'phone' })
    expect(res.statusCode).toBe(404)
    expect(json(res).details[0].field).toBe('params.id')
  })
})

describe('caches and logs', () => {
  it('answers every signed-in read with Cache-Control: no-store', async () => {
    const id = json<PageOf<{ id: number }>>(await community.get('/api/cases?limit=1')).items[0]!.id
    for (const url of ['/api/cases', `/api/cases/${id}`, `/api/grids/${GRID}/staff`, '/api/units', '/api/party-members', '/api/needs', '/api/auth/session', '/api/auth/sessions', '/api/dashboard/summary']) {
      const res = await community.get(url)
      expect(res.statusCode, url).toBe(200)
      expect(res.headers['cache-control'], url).toBe('no-store')
    }
    for (const url of ['/api/admin/users', '/api/admin/audit']) {
      const res = await admin.get(url)
      expect(res.headers['cache-control'], url).toBe('no-store')
    }
    // the public map layers keep their revalidation policy
    expect((await app.inject({ url: '/api/layers/grids' })).headers['cache-control']).toBe('no-cache')
  })

  it('never writes a resident\'s tracking code to the request log', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/public/cases', payload: { categoryCode: 'S0401', description: '夜间广场舞音响声音过大', buildingCode: building.code, reporterPhone: '13905380001' } })
    const { trackingCode } = json<{ trackingCode: string }>(res)
    await app.inject({ url: `/api/public/cases/${trackingCode}` })
    await app.inject({ url: `/api/public/cases/${trackingCode.toLowerCase()}` })
    await app.inject({ method: 'POST', url: `/api/public/cases/${trackingCode}/rating`, payload: { rating: 5 } })
    await app.inject({ url: `/track/${trackingCode}`, headers: { accept: 'text/html' } })
    const log = logLines.join('')
    expect(log).toContain('/api/public/cases/[redacted]')
    for (const form of [trackingCode, trackingCode.replace('-', ''), trackingCode.toLowerCase()])
      expect(log).not.toContain(form)
  })
})
