import type { Building, Community, Grid, GridDetail, PageOf, StaffMember, Street } from '@gridgov/domain'
import type { App } from '../src/app'
import type { Client } from './helper'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, json, loginAs } from './helper'

let app: App
let admin: Client
beforeAll(async () => {
  app = await buildTestApp()
  admin = await loginAs(app, 'admin')
})
afterAll(() => app.close())

const get = (url: string) => admin.get(url)

describe('streets and communities', () => {
  it('lists the 8 real streets of 泰山区 with roll-up counts', async () => {
    const res = await get('/api/streets')
    expect(res.statusCode).toBe(200)
    const page = json<PageOf<Street>>(res)
    expect(page.total).toBe(8)
    expect(page.items.map(s => s.name)).toContain('岱庙街道')
    const daimiao = page.items.find(s => s.code === '370902001')!
    expect(daimiao.kind).toBe('street')
    expect(daimiao.communities).toBe(21)
    expect(daimiao.grids).toBeGreaterThanOrEqual(21 * 4)
    expect(page.items.find(s => s.code === '370902202')!.kind).toBe('township')
  })

  it('filters communities by street and by name, and pages', async () => {
    const page = json<PageOf<Community>>(await get('/api/communities?streetCode=370902001&limit=5&offset=5'))
    expect(page.total).toBe(21)
    expect(page.items).toHaveLength(5)
    expect(page.offset).toBe(5)
    expect(page.items.every(c => c.streetCode === '370902001')).toBe(true)

    const hit = json<PageOf<Community>>(await get(`/api/communities?q=${encodeURIComponent('迎暄')}`))
    expect(hit.items.map(c => c.name)).toEqual(['迎暄社区'])
    expect(hit.items[0]!.fullName).toBe('迎暄社区居委会')
  })

  it('searches by code prefix and treats % and _ literally', async () => {
    const byCode = json<PageOf<Community>>(await get('/api/communities?q=370902001&limit=500'))
    expect(byCode.total).toBe(21)
    expect(json<PageOf<Community>>(await get('/api/communities?q=%25')).total).toBe(0)
    expect(json<PageOf<Community>>(await get('/api/communities?q=_')).total).toBe(0)
  })

  it('finds communities by bounding box', async () => {
    const daimiao = json<Street>(await get('/api/streets/370902001'))
    const page = json<PageOf<Community>>(await get(`/api/communities?bbox=${daimiao.bbox.join(',')}&limit=500`))
    expect(page.items.filter(c => c.streetCode === '370902001')).toHaveLength(21)
    const far = json<PageOf<Community>>(await get('/api/communities?bbox=100,20,100.1,20.1'))
    expect(far.total).toBe(0)
  })

  it('answers 404 for an unknown code and 400 for a malformed one', async () => {
    const missing = await get('/api/streets/370902999')
    expect(missing.statusCode).toBe(404)
    expect(json(missing)).toMatchObject({ error: 'not_found', details: [{ field: 'params.code' }] })

    const malformed = await get('/api/communities/12345')
    expect(malformed.statusCode).toBe(400)
    expect(json(malformed).details[0].field).toBe('params.code')
  })
})

describe('grids', () => {
  it('shows a grid with exactly one leader, members, masked phones and building counts', async () => {
    const list = json<PageOf<Grid>>(await get('/api/grids?communityCode=370902001002'))
    expect(list.total).toBeGreaterThanOrEqual(5)
    const first = list.items[0]!
    expect(first.code).toMatch(/^370902001002\d{3}$/)
    expect(first.name).toBe('市场街社区第1网格')
    expect(first.leaderName).toBeTruthy()

    const detail = json<GridDetail>(await get(`/api/grids/${first.code}`))
    expect(detail.staff.filter(s => s.role === 'leader')).toHaveLength(1)
    expect(detail.staff[0]!.role).toBe('leader')
    expect(detail.staff[0]!.name).toBe(first.leaderName)
    expect(detail.staff.filter(s => s.role === 'member').length).toBeGreaterThanOrEqual(1)
    for (const s of detail.staff)
      expect(s.phone).toMatch(/^1\d{2}\*{4}\d{4}$/)
    expect(Object.values(detail.buildingsByType).reduce((a, b) => a + b, 0)).toBe(detail.buildings)
    expect(detail.partyBranch).toBe('市场街社区第1网格党支部')
    expect(detail.households).toBeGreaterThan(0)
  })

  it('lists a grid\'s staff and buildings, 404 for an unknown grid', async () => {
    const code = json<PageOf<Grid>>(await get('/api/grids?limit=1')).items[0]!.code
    const staff = json<{ items: StaffMember[] }>(await get(`/api/grids/${code}/staff`))
    expect(staff.items[0]!.role).toBe('leader')
    const buildings = json<PageOf<Building>>(await get(`/api/grids/${code}/buildings?limit=500`))
    expect(buildings.total).toBeGreaterThan(0)
    expect(buildings.items.every(b => b.gridCode === code && b.code.startsWith(code))).toBe(true)

    for (const path of ['', '/staff', '/buildings']) {
      const res = await get(`/api/grids/370902001001999${path}`)
      expect(res.statusCode).toBe(404)
      expect(json(res).error).toBe('not_found')
    }
  })

  it('filters grids by street and text', async () => {
    const page = json<PageOf<Grid>>(await get('/api/grids?streetCode=370902202&limit=500'))
    expect(page.total).toBeGreaterThan(0)
    expect(page.items.every(g => g.streetCode === '370902202' && g.streetName === '大津口乡')).toBe(true)
    const named = json<PageOf<Grid>>(await get(`/api/grids?q=${encodeURIComponent('迎暄社区第2网格')}`))
    expect(named.items.map(g => g.name)).toEqual(['迎暄社区第2网格'])
  })
})

describe('buildings', () => {
  it('filters by type and community and returns one by code', async () => {
    const offices = json<PageOf<Building>>(await get('/api/buildings?type=office&streetCode=370902001&limit=20'))
    expect(offices.total).toBeGreaterThan(0)
    expect(offices.items.every(b => b.type === 'office' && b.code.startsWith('370902001'))).toBe(true)
    const one = offices.items[0]!
    const detail = json<Building>(await get(`/api/buildings/${one.code}`))
    expect(detail).toEqual(one)
    expect(detail.location).toHaveLength(2)
  })

  it('rejects an unknown type naming the field', async () => {
    const res = await get('/api/buildings?type=castle')
    expect(res.statusCode).toBe(400)
    expect(json(res).details.map((d: { field: string }) => d.field)).toContain('query.type')
  })
})
