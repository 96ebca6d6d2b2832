import type { FastifyInstance } from 'fastify'
/**
 * Security headers (helmet) with a CSP that allows only our own origin — plus the deployer's tile
 * host when a basemap is configured — and per-route rate limits (used by login).
 */
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import fp from 'fastify-plugin'
import { HttpError } from './errors'

/** The origin of a tile URL template, for CSP (`https://t{s}.tianditu.gov.cn/...` → `https://*.tianditu.gov.cn`). */
export function tileOrigin(template: string): string | undefined {
  const m = template.match(/^(https?:)\/\/([^/]+)/)
  if (!m)
    return undefined
  return `${m[1]}//${m[2]!.replace(/\{[^}]+\}/g, '*').replace(/^[^*.]*\*[^.]*\./, '*.')}`
}

export default fp<{ tileUrl?: string }>(async (app: FastifyInstance, { tileUrl }) => {
  const tileHost = tileUrl ? tileOrigin(tileUrl) : undefined
  await app.register(helmet, {
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
  })
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'rate_limited', `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`),
  })
}, { name: 'security' })
