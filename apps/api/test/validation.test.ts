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

describe('bad input answers 400 naming the field, never 500', () => {
  const cases: [url: string, field: string][] = [
    ['/api/streets?limit=0', 'query.limit'],
    ['/api/streets?limit=501', 'query.limit'],
    ['/api/streets?limit=ten', 'query.limit'],
    ['/api/streets?offset=-1', 'query.offset'],
    ['/api/streets?colour=red', 'query.colour'],
    ['/api/grids?communityCode=37090200100', 'query.communityCode'],
    ['/api/grids?streetCode=abc', 'query.streetCode'],
    ['/api/grids?bbox=1,2,3', 'query.bbox'],
    ['/api/grids?bbox=118,36,117,37', 'query.bbox'],
    ['/api/grids?bbox=117,36,190,37', 'query.bbox'],
    ['/api/grids/37090200100100A', 'params.code'],
    ['/api/buildings/370902001001001', 'params.code'],
    ['/api/locate?lon=117.1', 'query.lat'],
    ['/api/locate?lon=abc&lat=36.2', 'query.lon'],
    ['/api/locate?lon=200&lat=36.2', 'query.lon'],
    ['/api/locate?lon=117.1&lat=36.2&radius=5', 'query.radius'],
    ['/api/layers/rivers', 'params.kind'],
  ]
  it.each(cases)('%s → %s', async (url, field) => {
    const res = await admin.get(url)
    expect(res.statusCode).toBe(400)
    const body = json(res)
    expect(body.error).toBe('bad_request')
    expect(typeof body.message).toBe('string')
    expect(body.details.map((d: { field: string }) => d.field)).toContain(field)
  })

  it('reports every problem at once', async () => {
    const body = json(await admin.get('/api/streets?limit=0&offset=-3&x=1'))
    expect(body.details.map((d: { field: string }) => d.field).sort()).toEqual(['query.limit', 'query.offset', 'query.x'])
  })

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await admin.get('/api/no-such-thing')
    expect(res.statusCode).toBe(404)
    expect(json(res)).toMatchObject({ error: 'not_found' })
  })

  it('rejects an unknown property in a JSON body by name', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'x', remember: true } })
    expect(res.statusCode).toBe(400)
    expect(json(res).details).toContainEqual({ field: 'body.remember', message: 'unknown property' })
  })

  it('answers malformed JSON on a POST with 4xx JSON, not 500', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' })
    expect(res.statusCode).toBeGreaterThanOrEqual(400)
    expect(res.statusCode).toBeLessThan(500)
    expect(json(res).error).toBeTypeOf('string')
  })
})
