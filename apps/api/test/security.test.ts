import type { App } from '../src/app'
import { afterAll, describe, expect, it } from 'vitest'
import { tileOrigin } from '../src/plugins/security'
import { buildTestApp } from './helper'

const apps: App[] = []
afterAll(async () => Promise.all(apps.map(a => a.close())))

describe('security headers', () => {
  it('sends a same-origin CSP and the usual hardening headers', async () => {
    const app = await buildTestApp()
    apps.push(app)
    const res = await app.inject({ method: 'GET', url: '/api/health' })
    const csp = res.headers['content-security-policy'] as string
    expect(csp).toContain('default-src \'self\'')
    expect(csp).toContain('script-src \'self\'')
    expect(csp).toContain('frame-ancestors \'none\'')
    expect(csp).toMatch(/img-src 'self' data: blob:;/)
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
  })

  it('lets a configured tile host load images, and tells the dashboard about it', async () => {
    const tileLayer = { url: 'https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY&x={x}&y={y}&l={z}', attribution: '天地图', crs: 'wgs84' as const, maxZoom: 18 }
    const app = await buildTestApp({ tileLayer })
    apps.push(app)
    const res = await app.inject({ method: 'GET', url: '/api/config' })
    expect(res.headers['content-security-policy']).toContain('img-src \'self\' data: blob: https://*.tianditu.gov.cn')
    expect(JSON.parse(res.body)).toEqual({ tileLayer })
  })

  it('derives the CSP origin of a tile URL template', () => {
    expect(tileOrigin('https://t{s}.tianditu.gov.cn/x/{z}/{x}/{y}')).toBe('https://*.tianditu.gov.cn')
    expect(tileOrigin('http://tiles.example.org:8080/{z}/{x}/{y}.png')).toBe('http://tiles.example.org:8080')
    expect(tileOrigin('not a url')).toBeUndefined()
  })

  it('serves the API docs page under the same policy', async () => {
    const app = await buildTestApp()
    apps.push(app)
    const res = await app.inject({ method: 'GET', url: '/docs/' })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('swagger-ui-bundle.js')
    expect(res.body).not.toMatch(/<script>[^<]/) // no inline script the CSP would block
  })
})
