import type { Building, CaseDetail, CaseSummary, GridDetail, IntakeResult, PageOf } from '@gridgov/domain'
import type { App } from '../src/app'
import type { Client } from './helper'
/**
 * What the journeys found at the community desk (issue 12 §8): finding a case by its number or
 * its 12345 work-order number, the work queue that keeps the desk's own work on page 1, buildings
 * by name, duplicates of the same category apart from other requests in the building, and a
 * 派遣 entry that says who the case went to.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, json, loginAs } from './helper'

const GRID = '370902001002001'
let app: App
let community: Client
let leader: Client
let building: Building
let leader1: { id: number, name: string }

beforeAll(async () => {
  app = await buildTestApp()
  ;[community, leader] = await Promise.all(['shichangjie', 'wgz001'].map(u => loginAs(app, u))) as [Client, Client]
  building = json<PageOf<Building>>(await community.get(`/api/grids/${GRID}/buildings?limit=1`)).items[0]!
  leader1 = json<GridDetail>(await community.get(`/api/grids/${GRID}`)).staff.find(s => s.role === 'leader')!
})
afterAll(() => app.close())

const file = async (body: object) => json<IntakeResult>(await community.post('/api/cases', { channel: 'phone', categoryCode: 'S0401', description: '邻里纠纷请网格员调解', buildingCode: building.code, ...body })).case

describe('finding a case at the desk', () => {
  it('by its number, whole or its start, and by its 12345 work-order number', async () => {
    const c = await file({ channel: 'hotline_12345', externalRef: '12345-26110099887' })
    const find = async (q: string) => json<PageOf<CaseSummary>>(await community.get(`/api/cases?q=${encodeURIComponent(q)}&limit=200`)).items
    expect((await find(c.number)).map(x => x.id)).toEqual([c.id])
    expect((await find(c.number.slice(0, 8))).map(x => x.id)).toContain(c.id)
    expect((await find('12345-26110099887')).map(x => x.id)).toEqual([c.id])
    expect((await find('12345-261100')).map(x => x.id)).toContain(c.id)
    expect(await find('19990101-0001')).toEqual([])
    // glob characters are text, not patterns
    expect(await find('*')).toEqual([])
  })
})

describe('the desk\'s work queue (按期限排序)', () => {
  it('puts the cases waiting for the desk on page 1, ahead of running clocks; grid staff see their running cases first', async () => {
    const page = json<PageOf<CaseSummary>>(await community.get('/api/cases?sort=deadline&limit=20')).items
    const atDesk = json<PageOf<CaseSummary>>(await community.get('/api/cases?status=reported&status=filed&status=resolved&limit=200')).total
    expect(atDesk).toBeGreaterThan(0)
    const waiting = page.filter(c => ['reported', 'filed', 'resolved'].includes(c.status))
    expect(waiting.length).toBe(Math.min(atDesk, 20))
    // and they come first, oldest first
    expect(page.slice(0, waiting.length)).toEqual(waiting)
    const times = waiting.map(c => Date.parse(c.reportedAt))
    expect(times).toEqual([...times].sort((a, b) => a - b))

    const mine = json<PageOf<CaseSummary>>(await leader.get('/api/cases?sort=deadline&mine=true&limit=50')).items
    const running = mine.filter(c => c.status === 'dispatched' || c.status === 'in_progress')
    expect(mine.slice(0, running.length)).toEqual(running)
  })
})

describe('buildings by name', () => {
  it('are found by name for the intake\'s suggestions, and the case shows the name', async () => {
    const named = json<PageOf<Building>>(await community.get(`/api/buildings?communityCode=370902001002&q=${encodeURIComponent(building.name)}`)).items
    expect(named.map(b => b.code)).toContain(building.code)
    const c = await file({})
    expect(c.buildingName).toBe(building.name)
    expect(json<CaseDetail>(await community.get(`/api/cases/${c.id}`)).buildingName).toBe(building.name)
    const listed = json<PageOf<CaseSummary>>(await community.get(`/api/cases?q=${c.number}`)).items[0]!
    expect(listed.buildingName).toBe(building.name)
  })
})

describe('possible duplicates', () => {
  it('are the same category; other open requests in the building are listed apart', async () => {
    const lamp = await file({ categoryCode: 'S0401', description: '楼上装修噪音影响休息' })
    const other = await file({ categoryCode: 'S0601', description: '楼下车辆乱停堵塞消防通道' })
    const res = json<{ items: CaseSummary[], sameBuilding: CaseSummary[] }>(await community.get(`/api/cases/duplicates?categoryCode=S0401&buildingCode=${building.code}`))
    expect(res.items.every(c => c.categoryCode === 'S0401')).toBe(true)
    expect(res.items.map(c => c.id)).toContain(lamp.id)
    expect(res.sameBuilding.every(c => c.categoryCode !== 'S0401')).toBe(true)
    expect(res.sameBuilding.map(c => c.id)).toContain(other.id)
  })
})

describe('the timeline', () => {
  it('names the grid staff member a case was dispatched to', async () => {
    const c = await file({})
    let v = 1
    for (const body of [{ action: 'file' }, { action: 'dispatch', assigneeId: leader1.id }])
      v = json<CaseDetail>(await community.post(`/api/cases/${c.id}/actions`, { version: v, ...body })).version
    const detail = json<CaseDetail>(await community.get(`/api/cases/${c.id}`))
    expect(detail.events.find(e => e.action === 'dispatch')!.assigneeName).toBe(leader1.name)
    expect(detail.events.find(e => e.action === 'file')!.assigneeName).toBeNull()
  })
})
