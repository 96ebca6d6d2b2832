/**
 * Security headers (helmet, computed once) with a CSP that allows only our own origin — plus the deployer's tile
 * host when a basemap is configured — and per-route rate limits (used by login).
 */
import type { FastifyHelmetOptions } from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import { Refusal } from '@gridgov/domain'
import Fastify from 'fastify'
import fp from 'fastify-plugin'

/** The origin of a tile URL template, for CSP (`https://t{s}.tianditu.gov.cn/...` → `https://*.tianditu.gov.cn`). */
export function tileOrigin(template: string): string | undefined {
  const m = template.match(/^(https?:)\/\/([^/]+)/)
  if (!m)
    return undefined
  return `${m[1]}//${m[2]!.replace(/\{[^}]+\}/g, '*').replace(/^[^*.]*\*[^.]*\./, '*.')}`
}

/** The headers @fastify/helmet sets with these options, read once from a throwaway instance. */
async function helmetHeaders(options: FastifyHelmetOptions): Promise<Record<string, string>> {
  const probe = Fastify()
  await probe.register(helmet, options)
  probe.get('/', async () => '')
  const res = await probe.inject('/')
  await probe.close()
  const ignore = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive'])
  return Object.fromEntries(Object.entries(res.headers).filter(([k, v]) => !ignore.has(k) && typeof v === 'string')) as Record<string, string>
}

export default fp<{ tileUrl?: string }>(async (app: FastifyInstance, { tileUrl }) => {
  const tileHost = tileUrl ? tileOrigin(tileUrl) : undefined
  const helmetOptions: FastifyHelmetOptions = {
    contentSecurityPolicy: {
      directives: {
        'default-src': ['\'self\''],
        'script-src': ['\'self\''],
        // Element Plus, Leaflet and ECharts set inline styles
        'style-src': ['\'self\'', '\'unsafe-inline\''],
        'img-src': ['\'self\'', 'data:', 'blob:', ...(tileHost ? [tileHost] : [])],
        'connect-src': ['\'self\''],
        'font-src': ['\'self\'', 'data:'],
        'object-src': ['\'none\''],
        'frame-ancestors': ['\'none\''],
        'upgrade-insecure-requests': null,
      },
    },
    // tiles from another origin must still load
    crossOriginEmbedderPolicy: false,
  }
  // @fastify/helmet rebuilds helmet's middleware (and re-parses the CSP) on every request — a
  // quarter of a small request's CPU. Our headers are the same for every reply (no nonces), so
  // helmet computes them once here and each request just sets them.
  const headers = await helmetHeaders(helmetOptions)
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers)
    done()
  })
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new Refusal(429, 'rate_limited', `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`),
  })
}, { name: 'security' })
