import type { Building, GridDetail, LocateResult, PageOf } from '@gridgov/domain'
import type { App } from '../src/app'
import type { Client } from './helper'
import { gunzipSync } from 'node:zlib'
import { bumpTerritoryVersion, setGridStaff } from '@gridgov/db'
import { distanceM } from '@gridgov/geo'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, json, loginAs } from './helper'

let app: App
let admin: Client
beforeAll(async () => {
  app = await buildTestApp()
  admin = await loginAs(app, 'admin')
})
afterAll(() => app.close())

interface FC { type: string, features: { type: string, properties: Record<string, any>, geometry: { type: string, coordinates: unknown } }[] }

describe('grid layer', () => {
  it('is an RFC 7946 FeatureCollection with 15-digit grid codes', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/layers/grids' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/geo+json')
    const fc = json<FC>(res)
    expect(fc.type).toBe('FeatureCollection')
    expect(fc.features.length).toBeGreaterThan(1000)
    const codes = new Set(fc.features.map(f => f.properties.code))
    expect(codes.size).toBe(fc.features.length)
    for (const f of fc.features) {
      expect(f.type).toBe('Feature')
      expect(f.properties.code).toMatch(/^\d{15}$/)
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type)
    }
    const [lon, lat] = (fc.features[0]!.geometry.coordinates as number[][][])[0]![0]!
    // WGS-84 lon/lat order, inside 泰安
    expect(lon).toBeGreaterThan(116.9)
    expect(lon).toBeLessThan(117.5)
    expect(lat).toBeGreaterThan(36)
    expect(lat).toBeLessThan(36.5)
  })

  it('serves gzip when asked, with an ETag, and 304 on revalidation', async () => {
    const plain = await app.inject({ method: 'GET', url: '/api/layers/grids' })
    const gz = await app.inject({ method: 'GET', url: '/api/layers/grids', headers: { 'accept-encoding': 'gzip' } })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gz.headers.vary).toContain('accept-encoding')
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body)
    expect(gz.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3)
    const br = await app.inject({ method: 'GET', url: '/api/layers/grids', headers: { 'accept-encoding': 'gzip, br' } })
    expect(br.headers['content-encoding']).toBe('br')
    const noBr = await app.inject({ method: 'GET', url: '/api/layers/grids', headers: { 'accept-encoding': 'br;q=0, gzip' } })
    expect(noBr.headers['content-encoding']).toBe('gzip')

    const etag = plain.headers.etag as string
    expect(etag).toMatch(/^"[\w-]+"$/)
    expect(gz.headers.etag).toBe(etag)
    const again = await app.inject({ method: 'GET', url: '/api/layers/grids', headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
    expect(again.rawPayload.length).toBe(0)
    expect(again.headers['content-length']).toBeUndefined()
  })

  it('keeps its ETag across writes that do not change it, and changes it when the layer changes', async () => {
    const before = await app.inject({ method: 'GET', url: '/api/layers/grids' })
    const etag = before.headers.etag as string
    const grid = json<GridDetail>(await admin.get('/api/grids/370902001002001'))
    const [leader, ...members] = grid.staff
    // swap the leader with a member: a territory write that bumps the version but not the layer
    setGridStaff(app.database, grid.code, { leaderId: members[0]!.id, memberIds: [leader!.id, ...members.slice(1).map(m => m.id)] })
    const swapped = json<GridDetail>(await admin.get(`/api/grids/${grid.code}`))
    expect(swapped.staff[0]!.id).toBe(members[0]!.id)
    expect(swapped.leaderName).toBe(members[0]!.name)
    const same = await app.inject({ method: 'GET', url: '/api/layers/grids', headers: { 'if-none-match': etag } })
    expect(same.statusCode).toBe(304)

    app.database.sqlite.transaction(() => {
      app.database.sqlite.prepare('UPDATE grids SET name = ? WHERE code = ?').run('市场街社区示范网格', grid.code)
      bumpTerritoryVersion(app.database)
    })()
    const after = await app.inject({ method: 'GET', url: '/api/layers/grids', headers: { 'if-none-match': etag } })
    expect(after.statusCode).toBe(200)
    expect(after.headers.etag).not.toBe(etag)
    expect(json<FC>(after).features.find(f => f.properties.code === grid.code)!.properties.name).toBe('市场街社区示范网格')
  })

  it('rounds coordinates to 5 decimals, within a metre of the stored boundary', async () => {
    const fc = json<FC>(await app.inject({ method: 'GET', url: '/api/layers/grids' }))
    const stored = new Map(app.territory.gridsForLocate().map(g => [g.code, g.geometry]))
    const flat = (g: { type: string, coordinates: unknown }) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][]
    let vertices = 0
    for (const f of fc.features) {
      const full = flat(stored.get(f.properties.code)!).flat(2)
      for (const [lon, lat] of flat(f.geometry).flat(2)) {
        expect(Math.abs(lon! * 1e5 - Math.round(lon! * 1e5))).toBeLessThan(1e-6)
        expect(Math.abs(lat! * 1e5 - Math.round(lat! * 1e5))).toBeLessThan(1e-6)
        expect(Math.min(...full.map(([x = 0, y = 0]) => distanceM([x, y], [lon!, lat!])))).toBeLessThan(1)
        vertices++
      }
      expect(f.properties.center.every((c: number) => Math.abs(c * 1e5 - Math.round(c * 1e5)) < 1e-6)).toBe(true)
    }
    expect(vertices).toBeGreaterThan(fc.features.length * 4)
  })

  it('serves district, street and community layers', async () => {
    for (const [kind, count] of [['district', 1], ['streets', 8], ['communities', 214]] as const) {
      const fc = json<FC>(await app.inject({ method: 'GET', url: `/api/layers/${kind}` }))
      expect(fc.features).toHaveLength(count)
    }
  })
})

describe('locate', () => {
  it('puts a building\'s location in that building\'s grid, community and street', async () => {
    const buildings = json<PageOf<Building>>(await admin.get('/api/buildings?communityCode=370902001010&limit=30'))
    for (const b of buildings.items) {
      const [lon, lat] = b.location
      const res = json<LocateResult>(await app.inject({ method: 'GET', url: `/api/locate?lon=${lon}&lat=${lat}` }))
      expect(res.status).toBe('inside')
      if (res.status === 'inside') {
        expect(res.grid.code).toBe(b.gridCode)
        expect(res.community.code).toBe('370902001010')
        expect(res.street).toEqual({ code: '370902001', name: '岱庙街道' })
      }
    }
  })

  it('answers outside with the nearest grid for a point beyond the district', async () => {
    // 济南 (Jinan), about 60 km north
    const res = json<LocateResult>(await app.inject({ method: 'GET', url: '/api/locate?lon=117.0&lat=36.65' }))
    expect(res.status).toBe('outside')
    if (res.status === 'outside') {
      expect(res.nearest?.grid.code).toMatch(/^370902\d{9}$/)
      expect(res.nearest!.distanceM).toBeGreaterThan(20_000)
    }
  })
})

describe('docs and health', () => {
  it('serves OpenAPI 3.1 generated from the route schemas', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' })
    expect(res.statusCode).toBe(200)
    const doc = json(res)
    expect(doc.openapi).toBe('3.1.0')
    for (const path of ['/api/health', '/api/streets', '/api/grids/{code}', '/api/layers/{kind}', '/api/locate'])
      expect(doc.paths).toHaveProperty([path])
    expect(doc.paths['/api/grids'].get.parameters.map((p: { name: string }) => p.name)).toContain('communityCode')
  })

  it('reports health with the grid count', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' })
    expect(res.statusCode).toBe(200)
    expect(json(res)).toMatchObject({ status: 'ok', db: { grids: expect.any(Number) } })
  })
})
