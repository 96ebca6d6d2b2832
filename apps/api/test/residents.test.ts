import type { Building, CaseDetail, DashboardSummary, GridDetail, IntakeResult, PageOf, PublicCaseView } from '@gridgov/domain'
import type { App } from '../src/app'
import type { Client } from './helper'
/**
 * Residents and callers (issue 12 §7): tracking codes that can be read aloud and typed back
 * forgivingly, "not found" for anything that is not a live code, the public view showing what was
 * done (never staff names or phones), and 回访 — the desk recording a phone caller's rating so
 * 满意率 covers every channel, not only web reports.
 */
import { TRACKING_ALPHABET } from '@gridgov/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, json, loginAs } from './helper'

const GRID = '370902001002001'
let app: App
let community: Client
let leader: Client
let member: Client
let building: Building
let leaderStaffId: number
let leaderName: string

beforeAll(async () => {
  app = await buildTestApp()
  ;[community, leader, member] = await Promise.all(['shichangjie', 'wgz001', 'wgy001'].map(u => loginAs(app, u))) as [Client, Client, Client]
  building = json<PageOf<Building>>(await community.get(`/api/grids/${GRID}/buildings?limit=1`)).items[0]!
  const grid = json<GridDetail>(await community.get(`/api/grids/${GRID}`))
  const lead = grid.staff.find(s => s.role === 'leader')!
  leaderStaffId = lead.id
  leaderName = lead.name
})
afterAll(() => app.close())

/** Files, dispatches, handles and verifies a case; returns its id. */
async function runToClosed(id: number, resolveNote = '已上门协调，双方达成一致') {
  let v = json<CaseDetail>(await community.get(`/api/cases/${id}`)).version
  const step = async (c: Client, body: object) => {
    const res = await c.post(`/api/cases/${id}/actions`, { version: v, ...body })
    expect(res.statusCode, res.body).toBe(200)
    v = json<CaseDetail>(res).version
  }
  await step(community, { action: 'file' })
  await step(community, { action: 'dispatch', assigneeId: leaderStaffId })
  await step(leader, { action: 'accept' })
  await step(leader, { action: 'resolve', note: resolveNote })
  await step(community, { action: 'verify' })
  return v
}

describe('tracking codes', () => {
  let code: string
  let number: string
  beforeAll(async () => {
    const res = await app.inject({ method: 'POST', url: '/api/public/cases', payload: { categoryCode: 'S0401', description: '楼下烧烤店油烟扰民，请处理', buildingCode: building.code, reporterPhone: '13905386666' } })
    expect(res.statusCode, res.body).toBe(201)
    ;({ trackingCode: code, number } = json<{ trackingCode: string, number: string }>(res))
  })

  it('are ten characters in two groups, with no look-alike characters', async () => {
    const alphabet = `[${TRACKING_ALPHABET}]`
    expect(code).toMatch(new RegExp(`^${alphabet}{5}-${alphabet}{5}$`))
    expect(TRACKING_ALPHABET).not.toMatch(/[01ILO]/)
    // a few more: always the same shape, never the same code
    const more = await Promise.all(Array.from({ length: 5 }, () => app.inject({ method: 'POST', url: '/api/public/cases', payload: { categoryCode: 'S0401', description: '楼道灯不亮，晚上看不清', buildingCode: building.code, reporterPhone: '13905386667' } })))
    const codes = more.map(r => json<{ trackingCode: string }>(r).trackingCode)
    expect(new Set([code, ...codes]).size).toBe(6)
  })

  it('are found however they are typed: lower case, spaces, no dash', async () => {
    for (const typed of [code, code.toLowerCase(), code.replace('-', ''), ` ${code.replace('-', ' ')} `]) {
      const res = await app.inject({ url: `/api/public/cases/${encodeURIComponent(typed)}` })
      expect(res.statusCode, typed).toBe(200)
      expect(json<PublicCaseView>(res).number).toBe(number)
    }
  })

  it('answer "not found" — never a format error — for a wrong, short or malformed code', async () => {
    const wrong = code.startsWith('2') ? `3${code.slice(1)}` : `2${code.slice(1)}`
    for (const typed of [wrong, code.slice(0, 6), 'A', 'x'.repeat(64), '0O1IL-0O1IL', '网格编号']) {
      const res = await app.inject({ url: `/api/public/cases/${encodeURIComponent(typed)}` })
      expect(res.statusCode, typed).toBe(404)
      expect(json(res)).toMatchObject({ error: 'not_found', details: [{ field: 'params.code' }] })
    }
    const rating = await app.inject({ method: 'POST', url: `/api/public/cases/${wrong}/rating`, payload: { rating: 5 } })
    expect(rating.statusCode).toBe(404)
  })

  it('show the resident what was done once the desk has checked it, without staff names or phones', async () => {
    const id = json<PageOf<{ id: number, number: string }>>(await community.get('/api/cases?limit=200')).items.find(c => c.number === number)!.id
    expect(json<PublicCaseView>(await app.inject({ url: `/api/public/cases/${code}` })).result).toBeNull()
    await runToClosed(id, '已约谈店主，加装油烟净化器')
    const view = await app.inject({ url: `/api/public/cases/${code}` })
    expect(json<PublicCaseView>(view)).toMatchObject({ status: 'closed', canRate: true, result: { note: '已约谈店主，加装油烟净化器' } })
    expect(view.body).not.toContain(leaderName)
    expect(view.body).not.toMatch(/(?<![\d.])1[3-9]\d{9}(?!\d)/)
    expect(view.headers['cache-control']).toBe('no-store')
  })
})

describe('回访: the desk records a caller\'s rating', () => {
  it('rates a closed phone case once, and 满意率 counts it', async () => {
    const before = json<DashboardSummary>(await community.get('/api/dashboard/summary?period=this_year')).counts.rated
    const created = await community.post('/api/cases', { channel: 'phone', categoryCode: 'S0401', description: '邻居空调外机噪音大，电话反映', buildingCode: building.code, reporterName: '李秀英', reporterPhone: '13805389999' })
    const id = json<IntakeResult>(created).case.id
    const v = await runToClosed(id)
    const detail = json<CaseDetail>(await community.get(`/api/cases/${id}`))
    expect(detail.allowedActions).toContain('rate')
    const rated = await community.post(`/api/cases/${id}/actions`, { version: v, action: 'rate', rating: 4, note: '电话回访：基本满意' })
    expect(rated.statusCode, rated.body).toBe(200)
    const after = json<CaseDetail>(rated)
    expect(after.rating).toBe(4)
    expect(after.events.at(-1)).toMatchObject({ action: 'rate', actorRole: 'community', note: '电话回访：基本满意' })
    expect(after.allowedActions).not.toContain('rate')
    const again = await community.post(`/api/cases/${id}/actions`, { version: after.version, action: 'rate', rating: 5 })
    expect(again.statusCode).toBe(409)
    expect(json<DashboardSummary>(await community.get('/api/dashboard/summary?period=this_year')).counts.rated).toBe(before + 1)
  })

  it('refuses a rating for a patrol report (there is no caller to ask), and from grid staff', async () => {
    const patrol = await member.post('/api/cases', { channel: 'patrol', categoryCode: 'E0105', description: '沿街餐馆油烟直排，居民反映强烈', buildingCode: building.code })
    const id = json<IntakeResult>(patrol).case.id
    const v = await runToClosed(id)
    expect(json<CaseDetail>(await community.get(`/api/cases/${id}`)).allowedActions).not.toContain('rate')
    const refused = await community.post(`/api/cases/${id}/actions`, { version: v, action: 'rate', rating: 5 })
    expect(refused.statusCode).toBe(409)
    expect(json(refused).message).toContain('回访')
    expect((await leader.post(`/api/cases/${id}/actions`, { version: v, action: 'rate', rating: 5 })).statusCode).toBe(403)
  })
})
