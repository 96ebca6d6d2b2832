import type { Building, CaseDetail, GridDetail, IntakeResult, NeedDetail, PageOf, ProjectDetail, Resource, ResourceMatches } from '@gridgov/domain'
import type { App } from '../src/app'
import type { Client } from './helper'
/**
 * The README's promise, per route (issue 12 §6): every state-changing request takes an
 * Idempotency-Key — a retry answers the first answer (`idempotent-replayed: true`) and changes no
 * row; the same key with another body answers 422 — and every step on an existing record names the
 * version it saw (412 with the current record when stale, changing nothing). The list of routes is
 * read from the OpenAPI document, so a new write route without a case here fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, json, loginAs } from './helper'

const SHICHANGJIE = '370902001002'
const GRID = '370902001002001'
const clock = Date.parse('2026-11-16T01:00:00Z')

/**
 * Writes that do not take an Idempotency-Key, and why. Everything else must have a case below.
 */
const EXEMPT: Record<string, string> = {
  'POST /api/auth/login': 'a retry signs in again (a new session); a stored answer would hand out a CSRF token twice',
  'POST /api/auth/logout': 'ending an ended session changes nothing',
  'DELETE /api/auth/sessions/{id}': 'a second DELETE answers 404 and changes nothing',
  'POST /api/staff/{id}/reveal': 'a reveal changes no record, and the number must not be stored for a replay',
  'POST /api/units/{id}/reveal': 'as above',
  'POST /api/party-members/{id}/reveal': 'as above',
  'POST /api/cases/{id}/reveal': 'as above',
}

interface WriteCase {
  /** the request, made fresh for each use */
  make: () => Promise<{ client: Client | null, method: 'POST' | 'PATCH', url: string, body: unknown }>
  /** the body changed, for "same key, other request" */
  other: (body: any) => unknown
  /** for steps on an existing record: the same request naming a stale version */
  stale?: (body: any) => { body: unknown, headers?: Record<string, string> }
}

let app: App
let community: Client
let leader: Client
let admin: Client
let building: Building
let leaderStaffId: number
let seq = 0
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}`

function writeCounter() {
  const { sqlite } = app.database
  sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS safety_writes (n INTEGER NOT NULL); INSERT INTO safety_writes VALUES (0)')
  const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('audit_log', 'sessions', 'login_attempts', '__drizzle_migrations')`).pluck().all() as string[]
  for (const t of tables) {
    for (const op of ['INSERT', 'UPDATE', 'DELETE'])
      sqlite.exec(`CREATE TEMP TRIGGER safety_${t}_${op} AFTER ${op} ON main."${t}" BEGIN UPDATE safety_writes SET n = n + 1; END`)
  }
  return () => sqlite.prepare('SELECT n FROM safety_writes').pluck().get() as number
}
let writes: () => number

async function newCase(): Promise<CaseDetail> {
  const res = await community.post('/api/cases', { channel: 'phone', categoryCode: 'S0401', description: `邻里纠纷需要调解 ${uniq()}`, buildingCode: building.code, reporterPhone: '13805381234' })
  return json<CaseDetail>(await community.get(`/api/cases/${json<IntakeResult>(res).case.id}`))
}
const needBody = () => ({ communityCode: SHICHANGJIE, source: 'visit', gridCode: GRID, title: `助浴服务${uniq()}`, category: 'elderly', description: '入户走访发现失能老人洗澡困难', beneficiaries: '失能老人', beneficiaryCount: 3, urgency: 'high', resourceTypes: ['volunteers'], neededFrom: '2026-11-20', neededTo: '2027-03-31', slots: ['weekend'] })
async function newNeed(): Promise<NeedDetail> {
  return json<NeedDetail>(await community.post('/api/needs', needBody()))
}
async function newProject(): Promise<ProjectDetail> {
  const need = await newNeed()
  const resource = json<ResourceMatches>(await community.get(`/api/needs/${need.id}/matches`)).items.find(m => m.match.eligible)!.resource
  const res = await community.post('/api/projects', { title: `助浴进家门${uniq()}`, description: '志愿者上门', needIds: [need.id], resources: [{ resourceId: resource.id, quantity: 1 }], plannedFrom: '2026-11-21', plannedTo: '2027-03-31' })
  return json<ProjectDetail>(res)
}

const CASES: Record<string, WriteCase> = {
  'POST /api/cases': {
    make: async () => ({ client: community, method: 'POST', url: '/api/cases', body: { channel: 'phone', categoryCode: 'S0401', description: `楼上漏水请协调 ${uniq()}`, buildingCode: building.code } }),
    other: b => ({ ...b, description: `${b.description}（补充）` }),
  },
  'POST /api/cases/{id}/actions': {
    make: async () => {
      const c = await newCase()
      return { client: community, method: 'POST', url: `/api/cases/${c.id}/actions`, body: { action: 'file', version: c.version } }
    },
    other: b => ({ ...b, note: '另一个请求' }),
    stale: b => ({ body: { ...b, version: b.version + 7 } }),
  },
  'POST /api/public/cases': {
    make: async () => ({ client: null, method: 'POST', url: '/api/public/cases', body: { categoryCode: 'S0401', description: `夜间噪音扰民 ${uniq()}`, buildingCode: building.code, reporterPhone: '13905386666' } }),
    other: b => ({ ...b, description: `${b.description}！` }),
  },
  'POST /api/public/cases/{code}/rating': {
    make: async () => {
      const res = await app.inject({ method: 'POST', url: '/api/public/cases', payload: { categoryCode: 'S0401', description: `楼道堆物请清理 ${uniq()}`, buildingCode: building.code, reporterPhone: '13905386666' } })
      const { trackingCode, number } = json<{ trackingCode: string, number: string }>(res)
      const id = json<PageOf<{ id: number, number: string }>>(await community.get('/api/cases?limit=200')).items.find(c => c.number === number)!.id
      let v = 1
      for (const [c, body] of [[community, { action: 'file' }], [community, { action: 'dispatch', assigneeId: leaderStaffId }], [leader, { action: 'accept' }], [leader, { action: 'resolve', note: '已清理' }], [community, { action: 'verify' }]] as const)
        v = json<CaseDetail>(await c.post(`/api/cases/${id}/actions`, { version: v, ...body })).version
      return { client: null, method: 'POST', url: `/api/public/cases/${trackingCode}/rating`, body: { rating: 5 } }
    },
    other: () => ({ rating: 3 }),
  },
  'POST /api/units': {
    make: async () => ({ client: community, method: 'POST', url: '/api/units', body: { communityCode: SHICHANGJIE, name: `测试单位${uniq()}`, type: 'school', address: '泰山区测试路 2 号', contactName: '王老师', contactPhone: '0538-6221234', partyOrg: '测试党支部', partyMembers: 5, registeredOn: '2026-03-05' } }),
    other: b => ({ ...b, partyMembers: 6 }),
  },
  'POST /api/party-members': {
    make: async () => ({ client: community, method: 'POST', url: '/api/party-members', body: { communityCode: SHICHANGJIE, gridCode: GRID, name: '赵党员', phone: '13905381234', workplace: '泰安市教育局', skills: ['作业辅导'], slots: ['weekend'], registeredOn: '2026-04-01' } }),
    other: b => ({ ...b, skills: ['法律咨询'] }),
  },
  'POST /api/needs': {
    make: async () => ({ client: community, method: 'POST', url: '/api/needs', body: needBody() }),
    other: b => ({ ...b, beneficiaryCount: 4 }),
  },
  'POST /api/needs/from-cases': {
    make: async () => {
      const a = await newCase()
      const b = await newCase()
      const { communityCode: _c, source: _s, ...fields } = needBody()
      return { client: community, method: 'POST', url: '/api/needs/from-cases', body: { ...fields, caseIds: [a.id, b.id] } }
    },
    other: b => ({ ...b, title: `${b.title}（改）` }),
  },
  'POST /api/needs/{id}/close': {
    make: async () => {
      const need = await newNeed()
      return { client: community, method: 'POST', url: `/api/needs/${need.id}/close`, body: { note: '重复登记', version: need.version } }
    },
    other: b => ({ ...b, note: '另一个理由' }),
    stale: b => ({ body: { note: b.note }, headers: { 'if-match': `"${b.version + 3}"` } }),
  },
  'POST /api/resources': {
    make: async () => {
      const unit = json<PageOf<{ id: number }>>(await community.get('/api/units?limit=1')).items[0]!
      return { client: community, method: 'POST', url: '/api/resources', body: { provider: `unit:${unit.id}`, title: `活动场地${uniq()}`, type: 'venue', description: '会议室一间', categories: ['culture'], capacity: 10, measure: '次', availableFrom: '2026-11-01', availableTo: '2027-12-31', slots: ['weekend'] } }
    },
    other: b => ({ ...b, capacity: 11 }),
  },
  'POST /api/resources/{id}/withdraw': {
    make: async () => {
      const resource = json<PageOf<Resource>>(await community.get('/api/resources?status=available&limit=200')).items.find(r => r.used === 0)!
      return { client: community, method: 'POST', url: `/api/resources/${resource.id}/withdraw`, body: { version: resource.version } }
    },
    other: () => ({}),
    stale: b => ({ body: { version: b.version + 9 } }),
  },
  'POST /api/projects': {
    make: async () => {
      const need = await newNeed()
      return { client: community, method: 'POST', url: '/api/projects', body: { title: `助老项目${uniq()}`, description: '', needIds: [need.id], resources: [], plannedFrom: '2026-11-21', plannedTo: '2027-03-31' } }
    },
    other: b => ({ ...b, description: '补充说明' }),
  },
  'POST /api/projects/{id}/actions': {
    make: async () => {
      const p = await newProject()
      return { client: community, method: 'POST', url: `/api/projects/${p.id}/actions`, body: { action: 'claim', version: p.version } }
    },
    other: b => ({ ...b, note: '认领说明' }),
    stale: b => ({ body: { ...b, version: b.version + 4 } }),
  },
  'POST /api/projects/{id}/hours': {
    make: async () => {
      let p = await newProject()
      for (const action of ['claim', 'start'])
        p = json<ProjectDetail>(await community.post(`/api/projects/${p.id}/actions`, { action, version: p.version }))
      const unitId = Number(p.lead!.split(':')[1])
      return { client: community, method: 'POST', url: `/api/projects/${p.id}/hours`, body: { unitId, personName: '志愿者甲', servedOn: '2026-11-15', hours: 2, version: p.version } }
    },
    other: b => ({ ...b, hours: 3 }),
    stale: b => ({ body: { ...b, version: b.version + 2 } }),
  },
  'POST /api/admin/users': {
    make: async () => ({ client: admin, method: 'POST', url: '/api/admin/users', body: { username: `u${uniq()}`, displayName: '测试', password: 'abcd12345', role: 'community', scopeCode: SHICHANGJIE } }),
    other: b => ({ ...b, displayName: '别的名字' }),
  },
  'PATCH /api/admin/users/{id}': {
    make: async () => {
      const user = json<{ id: number }>(await admin.post('/api/admin/users', { username: `u${uniq()}`, displayName: '测试', password: 'abcd12345', role: 'community', scopeCode: SHICHANGJIE }))
      return { client: admin, method: 'PATCH', url: `/api/admin/users/${user.id}`, body: { displayName: '改过的名字' } }
    },
    other: () => ({ displayName: '又一个名字' }),
  },
}

async function send(client: Client | null, method: 'POST' | 'PATCH', url: string, body: unknown, headers: Record<string, string> = {}) {
  const before = writes()
  const auth = client ? { 'cookie': client.cookie, 'x-csrf-token': client.csrf } : {}
  const res = await app.inject({ method, url, payload: body as object, headers: { ...auth, ...headers } })
  return { res, changed: writes() - before }
}

beforeAll(async () => {
  app = await buildTestApp({ now: () => clock, auth: { idleMs: 86_400_000 }, publicReportsPerHour: 10_000 })
  ;[community, leader, admin] = await Promise.all(['shichangjie', 'wgz001', 'admin'].map(u => loginAs(app, u))) as [Client, Client, Client]
  building = json<PageOf<Building>>(await community.get(`/api/grids/${GRID}/buildings?limit=1`)).items[0]!
  leaderStaffId = json<GridDetail>(await community.get(`/api/grids/${GRID}`)).staff.find(s => s.role === 'leader')!.id
  writes = writeCounter()
})
afterAll(() => app.close())

describe('every state-changing route', () => {
  it('has a case here, or a reason not to take an Idempotency-Key', async () => {
    const doc = json<{ paths: Record<string, Record<string, unknown>> }>(await app.inject({ url: '/docs/json' }))
    const writesInDoc = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).filter(m => m !== 'get').map(m => `${m.toUpperCase()} ${path}`))
    // photos are multipart: their Idempotency-Key is tested in uploads.test.ts
    const untested = writesInDoc.filter(w => !(w in CASES) && !(w in EXEMPT) && w !== 'POST /api/uploads')
    expect(untested).toEqual([])
  })

  for (const [route, c] of Object.entries(CASES)) {
    describe(route, () => {
      it('answers a retry with the first answer and changes nothing; the key with another body is 422', async () => {
        const { client, method, url, body } = await c.make()
        const key = { 'idempotency-key': `safety-${uniq()}` }
        const first = await send(client, method, url, body, key)
        expect(first.res.statusCode, first.res.body).toBeLessThan(300)
        expect(first.changed).toBeGreaterThan(0)
        const again = await send(client, method, url, body, key)
        expect(again.res.statusCode).toBe(first.res.statusCode)
        expect(again.res.headers['idempotent-replayed']).toBe('true')
        expect(json(again.res)).toEqual(json(first.res))
        expect(again.changed).toBe(0)
        const reused = await send(client, method, url, c.other(body), key)
        expect(reused.res.statusCode).toBe(422)
        expect(json(reused.res)).toMatchObject({ error: 'idempotency_key_reused', details: [{ field: 'headers.idempotency-key' }] })
        expect(reused.changed).toBe(0)
      })

      if (c.stale) {
        it('refuses a stale version with 412 and the current record, changing nothing', async () => {
          const { client, method, url, body } = await c.make()
          const stale = c.stale!(body)
          const res = await send(client, method, url, stale.body, stale.headers)
          expect(res.res.statusCode, res.res.body).toBe(412)
          expect(json(res.res)).toMatchObject({ error: 'stale_version' })
          expect(json(res.res).current.version).toBeTypeOf('number')
          expect(res.changed).toBe(0)
        })
      }
    })
  }
})
