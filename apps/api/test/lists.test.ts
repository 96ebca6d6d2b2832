import type { Building, CountedPage, IntakeResult, Need, NeedDetail, PageOf, ProjectDetail, ProjectSummary, Resource, ResourceMatches, Unit } from '@gridgov/domain'
import type { App } from '../src/app'
import type { Client } from './helper'
import ExcelJS from 'exceljs'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, json, loginAs } from './helper'

const DAY = 86_400_000
// a Monday 09:00 in China; the demo lists are laid out around the seed's own clock, so dates here are far enough ahead
const clock = Date.parse('2026-11-16T01:00:00Z')
const SHICHANGJIE = '370902001002'
const DONGHU = '370902001001'
const GRID = '370902001002001'
let app: App
let community: Client
let street: Client
let member: Client
let admin: Client
let donghu: Client

beforeAll(async () => {
  app = await buildTestApp({ now: () => clock, auth: { idleMs: 30 * DAY, absoluteMs: 60 * DAY } })
  ;[community, street, member, admin] = await Promise.all(['shichangjie', 'daimiao', 'wgy001', 'admin'].map(u => loginAs(app, u))) as Client[] as [Client, Client, Client, Client]
  await admin.post('/api/admin/users', { username: 'donghu', displayName: '东湖社区', password: 'abcd12345', role: 'community', scopeCode: DONGHU })
  donghu = await loginAs(app, 'donghu', 'abcd12345')
})
afterAll(() => app.close())

function unitBody(over: object = {}) {
  return {
    communityCode: SHICHANGJIE,
    name: '泰山区人民法院',
    type: 'government',
    address: '泰山区东岳大街 1 号',
    contactName: '李明',
    contactPhone: '0538-6221234',
    partyOrg: '中共泰山区人民法院党组',
    partyMembers: 86,
    agreementNo: 'DM-2026-099',
    agreementFrom: '2026-01-01',
    agreementTo: '2028-12-31',
    registeredOn: '2026-03-05',
    ...over,
  }
}
function needBody(over: object = {}) {
  return {
    communityCode: SHICHANGJIE,
    source: 'visit',
    gridCode: GRID,
    title: '高龄老人助浴',
    category: 'elderly',
    description: '入户走访发现 12 位失能老人洗澡困难',
    beneficiaries: '失能半失能老人',
    beneficiaryCount: 12,
    urgency: 'high',
    resourceTypes: ['volunteers', 'service'],
    neededFrom: '2026-11-20',
    neededTo: '2027-03-31',
    slots: ['weekend'],
    ...over,
  }
}
const counted = <T>(res: { body: string }) => json<CountedPage<T>>(res)

describe('the lists are scoped like everything else', () => {
  it('a community worker sees their community\'s lists with counts by status', async () => {
    const needs = counted<Need>(await community.get('/api/needs?limit=500'))
    expect(needs.items.length).toBeGreaterThan(5)
    expect(new Set(needs.items.map(n => n.communityCode))).toEqual(new Set([SHICHANGJIE]))
    expect(Object.values(needs.counts).reduce((a, b) => a + b, 0)).toBe(needs.total)
    expect(needs.items.map(n => n.title)).toEqual(expect.arrayContaining(['老年助餐', '四点半课堂', '老旧小区加装电梯', '停车难治理', '楼道堆物清理', '义诊', '法律咨询']))
    const projects = counted<ProjectSummary>(await community.get('/api/projects'))
    expect(Object.keys(projects.counts).sort()).toEqual(['cancelled', 'claimed', 'completed', 'evaluated', 'in_progress', 'proposed'])
    const open = counted<Need>(await community.get('/api/needs?status=open&status=matched'))
    expect(open.items.every(n => n.status === 'open' || n.status === 'matched')).toBe(true)
    expect(open.counts).toEqual(needs.counts) // counts ignore the status filter
  })

  it('the street sees its communities; grid staff read their own community; admin sees all', async () => {
    const streetNeeds = counted<Need>(await street.get('/api/needs?limit=500'))
    expect(new Set(streetNeeds.items.map(n => n.communityCode)).size).toBeGreaterThan(1)
    expect(streetNeeds.items.every(n => n.communityCode.startsWith('370902001'))).toBe(true)
    const gridNeeds = counted<Need>(await member.get('/api/needs?limit=500'))
    expect(new Set(gridNeeds.items.map(n => n.communityCode))).toEqual(new Set([SHICHANGJIE]))
    expect(counted<Need>(await admin.get('/api/needs?limit=500')).total).toBe(streetNeeds.total)
  })

  it('out of scope answers 404 for every kind of record, and its 双报告', async () => {
    const other = counted<Need>(await donghu.get('/api/needs?limit=1')).items[0]!
    const otherUnit = counted<Unit>(await donghu.get('/api/units?limit=1')).items[0]!
    const otherResource = counted<Resource>(await donghu.get('/api/resources?limit=1')).items[0]!
    for (const url of [`/api/needs/${other.id}`, `/api/needs/${other.id}/matches`, `/api/units/${otherUnit.id}`, `/api/units/${otherUnit.id}/report.xlsx`, `/api/resources/${otherResource.id}`, `/api/resources/${otherResource.id}/matches`]) {
      const res = await community.get(url)
      expect(res.statusCode, url).toBe(404)
      expect(json(res).details[0].field).toBe('params.id')
    }
    const closeOther = await community.post(`/api/needs/${other.id}/close`, { note: '不在本社区' })
    expect(closeOther.statusCode).toBe(404)
  })

  it('searches units by name and filters by type, with counts by type', async () => {
    const res = counted<Unit>(await community.get(`/api/units?q=${encodeURIComponent('医院')}`))
    expect(res.items.map(u => u.name)).toContain('泰安市中心医院')
    expect(res.items.every(u => u.name.includes('医院') || u.contactName.includes('医院') || u.partyOrg.includes('医院'))).toBe(true)
    const schools = counted<Unit>(await community.get('/api/units?type=school'))
    expect(schools.items.every(u => u.type === 'school')).toBe(true)
    expect(schools.counts.school).toBe(schools.total)
  })
})

describe('双报到 registration', () => {
  it('registers a unit, dated and searchable, audited', async () => {
    const res = await community.post('/api/units', unitBody())
    expect(res.statusCode, res.body).toBe(201)
    const unit = json<Unit>(res)
    expect(unit).toMatchObject({ name: '泰山区人民法院', communityName: '市场街社区', agreementStatus: 'active', registeredOn: '2026-03-05', memberCount: 0 })
    const found = counted<Unit>(await community.get(`/api/units?q=${encodeURIComponent('人民法院')}&registeredFrom=2026-03-01`))
    expect(found.items.map(u => u.id)).toContain(unit.id)
    const audit = json(await admin.get('/api/admin/audit?action=unit.register'))
    expect(audit.items[0]).toMatchObject({ username: 'shichangjie', target: `unit:${unit.id}` })
  })

  it('rejects bad bodies naming the field', async () => {
    for (const [body, field] of [
      [unitBody({ extra: 1 }), 'body.extra'],
      [unitBody({ type: 'bank' }), 'body.type'],
      [unitBody({ contactPhone: '12345' }), 'body.contactPhone'],
      [unitBody({ agreementFrom: '2029-01-01' }), 'body.agreementTo'],
      [unitBody({ registeredOn: '2026-13-45' }), 'body.registeredOn'],
    ] as const) {
      const res = await community.post('/api/units', body)
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
      expect(json(res).details.map((d: { field: string }) => d.field)).toContain(field)
    }
  })

  it('refuses the wrong role (403) and another community (404)', async () => {
    expect((await member.post('/api/units', unitBody())).statusCode).toBe(403)
    expect((await admin.post('/api/units', unitBody())).statusCode).toBe(403)
    const res = await community.post('/api/units', unitBody({ communityCode: DONGHU }))
    expect(res.statusCode).toBe(404)
    expect(json(res).details[0].field).toBe('body.communityCode')
    expect((await street.post('/api/units', unitBody({ communityCode: DONGHU, name: '岱庙街道驻区单位' }))).statusCode).toBe(201)
  })

  it('registers a Party member with a grid of the community; the phone comes back masked', async () => {
    const ok = await community.post('/api/party-members', { communityCode: SHICHANGJIE, gridCode: GRID, name: '赵党员', phone: '13905381234', workplace: '泰安市教育局', skills: ['作业辅导'], slots: ['weekend'], registeredOn: '2026-04-01' })
    expect(ok.statusCode, ok.body).toBe(201)
    expect(json(ok)).toMatchObject({ phone: '139****1234', gridCode: GRID })
    const wrongGrid = await community.post('/api/party-members', { communityCode: SHICHANGJIE, gridCode: '370902001001001', name: '钱党员', phone: '13905381235', workplace: '泰安市教育局', skills: [], slots: [], registeredOn: '2026-04-01' })
    expect(wrongGrid.statusCode).toBe(400)
    expect(json(wrongGrid).details[0].field).toBe('body.gridCode')
  })
})

describe('needs', () => {
  it('turns selected resident cases into one need, the link kept', async () => {
    const building = json<PageOf<Building>>(await admin.get(`/api/grids/${GRID}/buildings?limit=1`)).items[0]!
    const ids: number[] = []
    for (const description of ['小区夜间车辆乱停，占用消防通道', '楼下私装地锁，车位紧张'])
      ids.push(json<IntakeResult>(await community.post('/api/cases', { channel: 'phone', categoryCode: 'S0601', description, buildingCode: building.code })).case.id)
    const { communityCode: _c, source: _s, ...fields } = needBody({ title: '夜间停车位共享', category: 'parking', resourceTypes: ['venue'], slots: ['weekday_evening'] })
    const res = await community.post('/api/needs/from-cases', { ...fields, caseIds: ids })
    expect(res.statusCode, res.body).toBe(201)
    const need = json<NeedDetail>(res)
    expect(need).toMatchObject({ source: 'cases', status: 'open', caseCount: 2, communityCode: SHICHANGJIE })
    expect(need.cases.map(c => c.id)).toEqual(ids)
    expect(json<NeedDetail>(await street.get(`/api/needs/${need.id}`)).cases).toHaveLength(2)
    const unknown = await community.post('/api/needs/from-cases', { ...fields, caseIds: [ids[0], 99_999_999] })
    expect(unknown.statusCode).toBe(404)
    expect(json(unknown).details[0].field).toBe('body.caseIds')
    expect((await member.post('/api/needs/from-cases', { ...fields, caseIds: ids })).statusCode).toBe(403)
  })

  it('rejects a window that ends before it starts and a grid of another community', async () => {
    const backwards = await community.post('/api/needs', needBody({ neededTo: '2026-01-01' }))
    expect(json(backwards).details[0].field).toBe('body.neededTo')
    const grid = await community.post('/api/needs', needBody({ gridCode: '370902001001001' }))
    expect(grid.statusCode).toBe(400)
    expect(json(grid).details[0].field).toBe('body.gridCode')
  })

  it('suggests resources ranked by a score that explains itself', async () => {
    const need = json<NeedDetail>(await community.post('/api/needs', needBody()))
    const matches = json<ResourceMatches>(await community.get(`/api/needs/${need.id}/matches?limit=5`))
    expect(matches.items.length).toBe(5)
    const scores = matches.items.filter(m => m.match.eligible).map(m => m.match.score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
    for (const { match } of matches.items) {
      expect(match.parts.map(p => p.factor)).toEqual(['category', 'distance', 'availability', 'capacity'])
      expect(Math.abs(match.parts.reduce((s, p) => s + p.points, 0) - match.score)).toBeLessThanOrEqual(1)
    }
    // the best one serves the elderly with volunteers or a service
    expect(matches.items[0]!.resource.categories).toContain('elderly')
    expect(matches.items[0]!.match.parts[0]!.facts).toMatchObject({ categoryMatch: true })
  })

  it('closes by hand with a note; a stale version answers 412 with the need', async () => {
    const need = json<NeedDetail>(await community.post('/api/needs', needBody({ title: '待关闭的需求' })))
    const stale = await community.post(`/api/needs/${need.id}/close`, { note: '重复登记' }, { 'if-match': '"7"' })
    expect(stale.statusCode).toBe(412)
    expect(json(stale).current.id).toBe(need.id)
    const closed = await community.post(`/api/needs/${need.id}/close`, { note: '重复登记', version: need.version })
    expect(closed.statusCode).toBe(200)
    expect(json<NeedDetail>(closed)).toMatchObject({ status: 'closed', closeNote: '重复登记', canClose: false })
    expect((await community.post(`/api/needs/${need.id}/close`, { note: '再关一次', version: json<NeedDetail>(closed).version })).statusCode).toBe(409)
  })
})

describe('a project from a need and a suggested resource, to the end', () => {
  let need: NeedDetail
  let resource: Resource
  let project: ProjectDetail
  const act = async (c: Client, body: object, status = 200, headers: Record<string, string> = {}) => {
    const res = await c.post(`/api/projects/${project.id}/actions`, { version: project.version, ...body }, headers)
    expect(res.statusCode, res.body).toBe(status)
    if (status === 200)
      project = json<ProjectDetail>(res)
    return json(res)
  }

  it('proposes it (idempotent), the need becomes matched and the resource\'s remaining capacity drops', async () => {
    need = json<NeedDetail>(await community.post('/api/needs', needBody({ title: '失能老人助浴服务' })))
    resource = json<ResourceMatches>(await community.get(`/api/needs/${need.id}/matches`)).items.find(m => m.match.eligible)!.resource
    const body = { title: '助浴进家门', description: '志愿者每周末上门助浴', needIds: [need.id], resources: [{ resourceId: resource.id, quantity: 1 }], plannedFrom: '2026-11-21', plannedTo: '2027-03-31' }
    const first = await community.post('/api/projects', body, { 'idempotency-key': 'project-0001-aaaa' })
    expect(first.statusCode, first.body).toBe(201)
    project = json<ProjectDetail>(first)
    const again = await community.post('/api/projects', body, { 'idempotency-key': 'project-0001-aaaa' })
    expect(json<ProjectDetail>(again).id).toBe(project.id)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(project).toMatchObject({ status: 'proposed', lead: resource.provider, allowedActions: ['claim', 'cancel'], acceptsHours: false })
    expect(project.events.map(e => e.action)).toEqual(['propose'])
    expect(json<NeedDetail>(await community.get(`/api/needs/${need.id}`)).status).toBe('matched')
    expect(json<Resource>(await community.get(`/api/resources/${resource.id}`)).remaining).toBe(resource.remaining - 1)
  })

  it('refuses more than the resource has left, a withdrawn resource and another community\'s need', async () => {
    const tooMuch = await community.post('/api/projects', { title: '超量', description: '', needIds: [need.id], resources: [{ resourceId: resource.id, quantity: 100_000_000 }], plannedFrom: '2026-11-21', plannedTo: '2027-01-01' })
    expect(tooMuch.statusCode).toBe(400)
    expect(json(tooMuch).details[0].field).toBe('body.resources.0.quantity')
    const other = counted<Need>(await donghu.get('/api/needs?limit=1')).items[0]!
    const outOfScope = await community.post('/api/projects', { title: '越界', description: '', needIds: [other.id], resources: [], plannedFrom: '2026-11-21', plannedTo: '2027-01-01' })
    expect(outOfScope.statusCode).toBe(404)
    const spare = counted<Resource>(await community.get('/api/resources?status=available&limit=50')).items.find(r => r.id !== resource.id)!
    expect((await community.post(`/api/resources/${spare.id}/withdraw`, {}, { 'if-match': '"99"' })).statusCode).toBe(412)
    expect((await community.post(`/api/resources/${spare.id}/withdraw`, { version: spare.version })).statusCode).toBe(200)
    const withdrawn = await community.post('/api/projects', { title: '撤回的资源', description: '', needIds: [need.id], resources: [{ resourceId: spare.id, quantity: 1 }], plannedFrom: '2026-11-21', plannedTo: '2027-01-01' })
    expect(withdrawn.statusCode).toBe(409)
  })

  it('refuses an illegal step (409), a stale version (412), the wrong role (403) and a bad payload (400)', async () => {
    const illegal = await act(community, { action: 'complete', note: '完成', beneficiariesServed: 3 }, 409)
    expect(illegal.current).toMatchObject({ id: project.id, status: 'proposed' })
    const stale = await act(community, { action: 'claim', version: project.version + 5 }, 412)
    expect(stale.current.version).toBe(project.version)
    await act(member, { action: 'claim' }, 403)
    await act(admin, { action: 'claim' }, 403)
    const bad = await act(community, { action: 'claim', lead: 'school:1' }, 400)
    expect(bad.details[0].field).toBe('body.lead')
    const unknownKey = await act(community, { action: 'claim', leader: 'x' }, 400)
    expect(unknownKey.details[0].field).toBe('body.leader')
    expect((await act(community, { action: 'hours' }, 400)).details[0].field).toBe('body.action')
  })

  it('runs claim → start → progress with a photo → hours → complete → two-way evaluation', async () => {
    await act(community, { action: 'claim' })
    expect(json<NeedDetail>(await community.get(`/api/needs/${need.id}`)).status).toBe('in_project')
    await act(street, { action: 'start' })
    expect(project.acceptsHours).toBe(true)
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c8161d' } }).jpeg().toBuffer()
    const boundary = '----lists-boundary'
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`), jpeg, Buffer.from(`\r\n--${boundary}--\r\n`)])
    const photo = json(await app.inject({ method: 'POST', url: '/api/uploads', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'cookie': community.cookie, 'x-csrf-token': community.csrf } }))
    await act(community, { action: 'progress', note: '首批 4 户已完成助浴', attachments: [photo.id] })
    expect(project.events.at(-1)).toMatchObject({ action: 'progress', attachments: [photo.id], from: 'in_progress', to: 'in_progress' })
    expect((await street.get(`/api/uploads/${photo.id}`)).statusCode).toBe(200) // the project's scope sees its photos
    expect((await donghu.get(`/api/uploads/${photo.id}`)).statusCode).toBe(404)
    const hours = await community.post(`/api/projects/${project.id}/hours`, { unitId: Number(resource.provider.split(':')[1]), personName: '刘志愿', servedOn: '2026-11-15', hours: 2.5 })
    expect(hours.statusCode, hours.body).toBe(201)
    const future = await community.post(`/api/projects/${project.id}/hours`, { unitId: 1, personName: '刘志愿', servedOn: '2026-12-15', hours: 2 })
    expect(json(future).details[0].field).toBe('body.servedOn')
    expect((await community.post(`/api/projects/${project.id}/hours`, { personName: '无名', servedOn: '2026-11-15', hours: 2 })).statusCode).toBe(400)
    expect((await community.post(`/api/projects/${project.id}/hours`, { unitId: 1, personName: '刘', servedOn: '2026-11-15', hours: 0.3 })).statusCode).toBe(400)
    project = json<ProjectDetail>(await community.get(`/api/projects/${project.id}`))
    expect(project).toMatchObject({ hours: 2.5, volunteers: 1 })
    expect((await act(community, { action: 'complete', note: '已完成' }, 400)).details[0].field).toBe('body.beneficiariesServed')
    await act(community, { action: 'complete', note: '12 位老人均已服务', beneficiariesServed: 12 })
    expect(json<NeedDetail>(await community.get(`/api/needs/${need.id}`)).status).toBe('fulfilled')
    await act(community, { action: 'rate_provider', rating: 5, note: '服务细致' })
    await act(community, { action: 'rate_provider', rating: 4 }, 409)
    await act(community, { action: 'rate_community', rating: 4, note: '社区组织有序' })
    expect(project).toMatchObject({ status: 'evaluated', providerRating: 5, communityRating: 4, providerComment: '服务细致', beneficiariesServed: 12, allowedActions: [] })
    expect(project.events.map(e => e.action)).toEqual(['propose', 'claim', 'start', 'progress', 'complete', 'rate_provider', 'rate_community'])
    expect((await community.post(`/api/projects/${project.id}/hours`, { unitId: 1, personName: '刘', servedOn: '2026-11-15', hours: 1 })).statusCode).toBe(409)
  })

  it('finds the needs a resource could serve, the other direction', async () => {
    const res = json(await community.get(`/api/resources/${resource.id}/matches?limit=3`))
    expect(res.items.length).toBeGreaterThan(0)
    expect(res.items.every((m: { need: Need }) => m.need.status === 'open' || m.need.status === 'matched')).toBe(true)
  })
})

describe('双报告 spreadsheet', () => {
  async function workbook(res: { rawPayload: Buffer }) {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    return wb
  }

  it('a unit\'s report lists its projects, resources and every volunteer hour with the total', async () => {
    const unit = counted<Unit>(await community.get(`/api/units?q=${encodeURIComponent('青年志愿者协会')}`)).items[0]!
    const res = await community.get(`/api/units/${unit.id}/report.xlsx`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('spreadsheetml')
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain(`双报告-${unit.name}.xlsx`)
    const wb = await workbook(res)
    expect(wb.worksheets.map(s => s.name)).toEqual(['基本情况', '参与项目', '志愿服务时长', '提供资源'])
    const info = wb.getWorksheet('基本情况')!
    const field = (label: string) => info.getColumn(1).values.indexOf(label)
    expect(info.getCell(1, 1).value).toBe('驻区单位双报到服务报告')
    expect(info.getRow(field('单位名称')).getCell(2).value).toBe(unit.name)
    expect(info.getRow(field('单位类型')).getCell(2).value).toBe('社会组织')
    const projects = counted<ProjectSummary>(await community.get(`/api/projects?lead=unit:${unit.id}`))
    const projectSheet = wb.getWorksheet('参与项目')!
    const titles = projectSheet.getColumn(1).values.slice(2)
    for (const p of projects.items.filter(p => p.status !== 'cancelled'))
      expect(titles).toContain(p.title)
    const hours = wb.getWorksheet('志愿服务时长')!
    const rows = hours.getSheetValues().slice(2) as unknown[][]
    const total = rows.at(-1)!
    expect(total[1]).toBe('合计')
    const sum = rows.slice(0, -1).reduce((s, r) => s + Number(r[4]), 0)
    expect(total[4]).toBe(sum)
    expect(sum).toBe(unit.hours)
    expect(sum).toBeGreaterThan(0)
    expect(info.getRow(field('志愿服务时长合计')).getCell(2).value).toBe(`${sum} 小时`)
    expect(wb.getWorksheet('提供资源')!.getColumn(1).values.slice(2)).toEqual(expect.arrayContaining(['青年志愿者服务队']))
  })

  it('a Party member\'s report, limited to a period', async () => {
    const members = counted<{ id: number, name: string, hours: number }>(await community.get('/api/party-members?limit=100')).items
    const busy = members.find(m => m.hours > 0)!
    const wb = await workbook(await community.get(`/api/party-members/${busy.id}/report.xlsx`))
    expect(wb.getWorksheet('基本情况')!.getCell(1, 1).value).toBe('在职党员双报到服务报告')
    const rows = wb.getWorksheet('志愿服务时长')!.getSheetValues().slice(2) as unknown[][]
    expect(rows.every(r => r[2] === busy.name || r[1] === '合计')).toBe(true)
    expect(rows.at(-1)![4]).toBe(busy.hours)
    const none = await workbook(await community.get(`/api/party-members/${busy.id}/report.xlsx?from=2000-01-01&to=2000-12-31`))
    expect((none.getWorksheet('志愿服务时长')!.getSheetValues().slice(2) as unknown[][]).map(r => r[1])).toEqual(['合计'])
    expect((await community.get(`/api/party-members/${busy.id}/report.xlsx?from=2026-99-01`)).statusCode).toBe(400)
  })
})
