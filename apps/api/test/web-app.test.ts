import type { App } from '../src/app'
/**
 * Serving the dashboard (plugins/web-app.ts): every route of the dashboard's router answers the
 * app shell, an unknown address answers it with 404 (the dashboard shows its 404 page), probes and
 * API paths get a JSON 404, and hashed assets are cached for good while index.html is revalidated.
 * Runs on a stand-in build folder, so it needs no `pnpm build`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLIENT_ROUTES } from '../src/plugins/web-app'
import { buildTestApp } from './helper'

let app: App
let dist: string
const html = { accept: 'text/html,application/xhtml+xml' }

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'gridgov-dist-'))
  mkdirSync(join(dist, 'assets'))
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>GridGov</title><div id="app"></div>')
  writeFileSync(join(dist, 'assets', 'index-AbC123.js'), 'console.log(1)')
  writeFileSync(join(dist, 'favicon.svg'), '<svg/>')
  app = await buildTestApp({ webDist: dist })
})
afterAll(async () => {
  await app.close()
  rmSync(dist, { recursive: true, force: true })
})

/** The router's paths with example values for their parameters. */
function routerPaths(): string[] {
  const source = readFileSync(resolve(import.meta.dirname, '../../web/src/router.ts'), 'utf8')
  const paths = [...source.matchAll(/\{ path: '([^']+)'/g)].map(m => m[1]!)
  expect(paths.length).toBeGreaterThan(15)
  return paths
    .filter(p => !p.startsWith('/:pathMatch'))
    .flatMap(p => p.includes(':token?') ? [p.replace('/:token?', ''), p.replace(':token?', 'K7XM4-QPRT9')] : [p])
    .map(p => p.replace(':code', '370902001002001').replace(/:id\([^)]*\)/, '42'))
}

describe('the dashboard\'s routes', () => {
  it('answer the app shell to a browser, every one of them', async () => {
    for (const path of routerPaths()) {
      expect(CLIENT_ROUTES.some(r => r.test(path)), path).toBe(true)
      const res = await app.inject({ url: path, headers: html })
      expect(res.statusCode, path).toBe(200)
      expect(res.headers['content-type'], path).toMatch(/^text\/html/)
    }
  })

  it('answer an unknown address with the app shell and 404, so the dashboard shows its 404 page', async () => {
    for (const path of ['/no-such-page', '/cases/abc', '/grids/123', '/admin/secret', '/lists/projects/x']) {
      const res = await app.inject({ url: path, headers: html })
      expect(res.statusCode, path).toBe(404)
      expect(res.headers['content-type'], path).toMatch(/^text\/html/)
    }
  })

  it('answer probes and API paths with a JSON 404, never the app shell', async () => {
    for (const path of ['/metrics', '/healthz', '/api/nope', '/api/cases/1/nope', '/docs/nope']) {
      for (const headers of [{ accept: '*/*' }, html]) {
        const res = await app.inject({ url: path, headers })
        if (path.startsWith('/api') || path.startsWith('/docs') || headers.accept === '*/*') {
          expect(res.statusCode, path).toBe(404)
          expect(res.headers['content-type'], path).toMatch(/^application\/json/)
        }
      }
    }
  })
})

describe('caching of the built files', () => {
  it('keeps hashed assets for a year (immutable) and revalidates index.html', async () => {
    const asset = await app.inject({ url: '/assets/index-AbC123.js' })
    expect(asset.statusCode).toBe(200)
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    for (const url of ['/', '/index.html', '/field']) {
      const res = await app.inject({ url, headers: html })
      expect(res.headers['cache-control'], url).toBe('no-cache')
    }
    expect((await app.inject({ url: '/favicon.svg' })).headers['cache-control']).toBe('public, max-age=3600')
  })
})
