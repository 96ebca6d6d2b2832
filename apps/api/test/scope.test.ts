/**
 * Access scope as a matrix: each role × each endpoint × records inside and outside its territory.
 * Out of scope answers 404 (no existence leak); a forbidden action 403; no session 401.
 */
import type { GridDetail, PageOf } from '@gridgov/domain'
import type { App } from '../src/app'
import type { Client } from './helper'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, json, loginAs } from './helper'

type Who = 'anonymous' | 'admin' | 'daimiao' | 'shichangjie' | 'wgz001' | 'wgy001'
const ROLES: Exclude<Who, 'anonymous'>[] = ['admin', 'daimiao', 'shichangjie', 'wgz001', 'wgy001']

// A: the demo grid (everyone's); B: same community; C: same street; D: another street
const GRID = { A: '370902001002001', B: '370902001002002', C: '370902001001001', D: '370902002001001' }
const seesGrid: Record<Exclude<Who, 'anonymous'>, (keyof typeof GRID)[]> = {
  admin: ['A', 'B', 'C', 'D'],
  daimiao: ['A', 'B', 'C'],
  shichangjie: ['A', 'B'],
  wgz001: ['A'],
  wgy001: ['A'],
}

let app: App
const clients = {} as Record<Exclude<Who, 'anonymous'>, Client>
beforeAll(async () => {
  app = await buildTestApp()
  for (const who of ROLES)
    clients[who] = await loginAs(app, who)
})
afterAll(() => app.close())

const get = (who: Who, url: string) => who === 'anonymous' ? app.inject({ method: 'GET', url }) : clients[who].get(url)

describe('scope matrix: grid-level records', () => {
  const endpoints = [
    (g: string) => `/api/grids/${g}`,
    (g: string) => `/api/grids/${g}/staff`,
    (g: string) => `/api/grids/${g}/buildings`,
    (g: string) => `/api/buildings/${g}001`,
    (g: string) => `/api/communities/${g.slice(0, 12)}`,
  ]
  const cases: [Who, keyof typeof GRID, number][] = []
  for (const key of Object.keys(GRID) as (keyof typeof GRID)[]) {
    cases.push(['anonymous', key, 401])
    for (const who of ROLES)
      cases.push([who, key, seesGrid[who].includes(key) ? 200 : 404])
  }
  it.each(cases)('%s → grid %s: %i', async (who, key, status) => {
    for (const endpoint of endpoints) {
      const url = endpoint(GRID[key])
      // a community is visible when any of its grids is (grid roles read their own community)
      const expected = url.startsWith('/api/communities/') && status === 404 && seesGrid[who as Exclude<Who, 'anonymous'>].some(k => GRID[k].startsWith(GRID[key].slice(0, 12))) ? 200 : status
      const res = await get(who, url)
      expect(res.statusCode, `${who} ${url}`).toBe(expected)
      if (expected >= 400)
        expect(json(res).error).toBe(expected === 401 ? 'unauthenticated' : 'not_found')
    }
  })

  it.each([
    ['admin', ['370902001', '370902002']],
    ['daimiao', ['370902001']],
    ['shichangjie', ['370902001']],
    ['wgz001', ['370902001']],
  ] as const)('%s sees streets %j and no others', async (who, visible) => {
    const page = json<PageOf<{ code: string }>>(await get(who, '/api/streets'))
    expect(page.items.map(s => s.code).filter(c => c === '370902001' || c === '370902002')).toEqual(visible)
    if (who !== 'admin')
      expect(page.total).toBe(1)
    for (const code of ['370902001', '370902002'])
      expect((await get(who, `/api/streets/${code}`)).statusCode).toBe((visible as readonly string[]).includes(code) ? 200 : 404)
  })
})

describe('scope matrix: lists contain only what the role may see', () => {
  it.each(ROLES)('%s', async (who) => {
    const grids = json<PageOf<{ code: string }>>(await get(who, '/api/grids?limit=500'))
    const prefix = { admin: '370902', daimiao: '370902001', shichangjie: '370902001002', wgz001: GRID.A, wgy001: GRID.A }[who]
    expect(grids.items.length).toBeGreaterThan(0)
    expect(grids.items.every(g => g.code.startsWith(prefix))).toBe(true)
    if (who === 'wgz001' || who === 'wgy001')
      expect(grids.total).toBe(1)
    const buildings = json<PageOf<{ code: string }>>(await get(who, '/api/buildings?limit=500'))
    expect(buildings.items.every(b => b.code.startsWith(prefix))).toBe(true)
    // asking explicitly for another street's records returns nothing rather than leaking
    if (who !== 'admin') {
      expect(json<PageOf<unknown>>(await get(who, '/api/grids?streetCode=370902002')).total).toBe(0)
      expect(json<PageOf<unknown>>(await get(who, '/api/buildings?gridCode=370902002001001')).total).toBe(0)
    }
  })
})

describe('scope matrix: actions', () => {
  const staffOf = async (grid: string) => json<GridDetail>(await clients.admin.get(`/api/grids/${grid}`)).staff[0]!.id
  const reveal: [Who, keyof typeof GRID, number][] = [
    ['admin', 'A', 200],
    ['admin', 'D', 200],
    ['daimiao', 'A', 200],
    ['daimiao', 'D', 404],
    ['shichangjie', 'A', 200],
    ['shichangjie', 'C', 404],
    ['wgz001', 'A', 200],
    ['wgz001', 'B', 404],
    ['wgy001', 'A', 403],
  ]
  it.each(reveal)('%s reveals a phone of grid %s: %i', async (who, key, status) => {
    const id = await staffOf(GRID[key])
    const res = await clients[who as Exclude<Who, 'anonymous'>].post(`/api/staff/${id}/reveal`, { field: 'phone' })
    expect(res.statusCode).toBe(status)
    if (status === 200)
      expect(json(res).phone).toMatch(/^1\d{10}$/)
  })

  it('admin endpoints answer 403 to every other role and 401 to anonymous', async () => {
    for (const who of ROLES.filter(r => r !== 'admin')) {
      expect((await clients[who].get('/api/admin/users')).statusCode).toBe(403)
      expect((await clients[who].get('/api/admin/audit')).statusCode).toBe(403)
      const create = await clients[who].post('/api/admin/users', { username: 'mallory', displayName: 'M', password: 'abcdefgh12', role: 'admin' })
      expect(create.statusCode).toBe(403)
      expect(json(create).error).toBe('forbidden')
    }
    expect((await app.inject({ method: 'GET', url: '/api/admin/users' })).statusCode).toBe(401)
    const denied = json<PageOf<{ action: string, username: string }>>(await clients.admin.get('/api/admin/audit?action=access.denied&limit=500'))
    expect(denied.items.map(e => e.username)).toEqual(expect.arrayContaining(['daimiao', 'shichangjie', 'wgz001', 'wgy001']))
  })

  it('keeps the public endpoints public', async () => {
    for (const url of ['/api/health', '/api/config', '/api/layers/grids', '/api/locate?lon=117.13&lat=36.2', '/docs/json'])
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(200)
  })
})
