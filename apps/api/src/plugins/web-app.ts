import type { FastifyInstance, FastifyRequest } from 'fastify'
/**
 * Serves the built dashboard (apps/web/dist) on the same port as the API.
 *
 * - Hashed assets (`/assets/*`, content-addressed by Vite) are `immutable` for a year: a warm
 *   reload revalidates only index.html (`no-cache`), not every script and style.
 * - A browser navigation (Accept: text/html) to a dashboard route gets index.html (client-side
 *   routing); to any other path index.html with status 404, and the dashboard shows its 404 page.
 * - Everything else that matches no route — `/api/*`, `/docs/*`, probes such as `/metrics` or
 *   `/healthz`, a missing asset — answers a JSON 404 in the one error shape.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import fp from 'fastify-plugin'
import { errorBody } from './errors'

/**
 * The dashboard's routes (apps/web/src/router.ts), as path patterns. A test checks every route
 * of the router is matched here.
 */
export const CLIENT_ROUTES: readonly RegExp[] = [
  /^\/$/,
  /^\/grids\/\d{15}$/,
  /^\/dashboard$/,
  /^\/login$/,
  /^\/sessions$/,
  /^\/admin(?:\/users|\/audit)?$/,
  /^\/cases(?:\/\d+)?$/,
  /^\/field(?:\/cases\/\d+|\/patrol)?$/,
  /^\/lists(?:\/projects\/\d+|\/registrations)?$/,
  /^\/report$/,
  /^\/track(?:\/[^/]{1,64})?$/,
  /^\/403$/,
]

const IMMUTABLE = 'public, max-age=31536000, immutable'

const wantsHtml = (request: FastifyRequest) => request.method === 'GET' && /\btext\/html\b/.test(request.headers.accept ?? '')

export default fp<{ webDist: string }>(async (app: FastifyInstance, { webDist }) => {
  const built = existsSync(join(webDist, 'index.html'))
  if (built) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: 'index.html',
      preCompressed: false,
      // our own Cache-Control below, not @fastify/static's max-age=0
      cacheControl: false,
      setHeaders(res, path) {
        res.setHeader('cache-control', path.includes('/assets/') ? IMMUTABLE : path.endsWith('.html') ? 'no-cache' : 'public, max-age=3600')
      },
    })
  }
  else {
    app.log.warn({ webDist }, 'dashboard not built: run `pnpm build` (the API works without it)')
  }

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? ''
    const isApi = path === '/api' || path.startsWith('/api/') || path.startsWith('/docs')
    if (!isApi && built && wantsHtml(request)) {
      const known = CLIENT_ROUTES.some(r => r.test(path))
      return reply.status(known ? 200 : 404).header('cache-control', 'no-cache').type('text/html').sendFile('index.html')
    }
    return reply.status(404).send(errorBody('not_found', `${request.method} ${path} not found`, [{ field: 'url', message: 'no such resource' }]))
  })
}, { name: 'web-app' })
