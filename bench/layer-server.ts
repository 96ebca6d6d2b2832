/**
 * The real app on the city dataset, plus bench-only routes beside the real grid layer
 * (/api/layers/grids: pre-serialized, pre-compressed, ETag), in the same app so every route runs
 * the same hooks. Prints LISTENING <url>.
 *  - /api/bench/grid-layer/compress: the baseline, what a developer would write in an afternoon:
 *    the JSON serialized once (again when the territory version changes, as the product does),
 *    a strong ETag with 304 on If-None-Match, and the app's global @fastify/compress
 *    (br/gzip, its default levels) compressing the cached string on every 200.
 *  - /api/bench/grid-layer/no-cache: the old baseline, stringify + gzip per request.
 */
import type { BuildAppOptions } from '../apps/api/src/app'
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { openDatabase } from '@gridgov/db'
import { buildApp } from '../apps/api/src/app'
import { serializeLayer } from '../apps/api/src/services/layer-cache'

/** The app with the baseline routes added beside the real one. */
export async function buildLayerBenchApp(dbFile: string, options: BuildAppOptions = {}) {
  const database = openDatabase(dbFile)
  const app = await buildApp({ ...options, database, seed: false })
  const { territory } = app

  let cached: { version: number, json: string, etag: string } | undefined
  app.get('/api/bench/grid-layer/compress', { config: { public: true } }, async (request, reply) => {
    const version = territory.territoryVersion()
    if (!cached || cached.version !== version) {
      const json = serializeLayer(territory, 'grids')
      cached = { version, json, etag: `"${createHash('sha256').update(json).digest('base64url')}"` }
    }
    const { etag, json } = cached
    reply.header('etag', etag).header('cache-control', 'no-cache')
    if (request.headers['if-none-match'] === etag)
      return reply.status(304).send()
    return reply.type('application/geo+json; charset=utf-8').send(json)
  })

  const features = territory.layerFeatures('grids')
  app.get('/api/bench/grid-layer/no-cache', { config: { public: true } }, async (_request, reply) => {
    const body = gzipSync(JSON.stringify({ type: 'FeatureCollection', features }))
    return reply.header('content-type', 'application/geo+json').header('content-encoding', 'gzip').send(body)
  })
  // the server's own CPU time (all threads: @fastify/compress runs zlib on the libuv pool), so
  // the client's cost of receiving megabytes is not counted
  app.get('/bench/cpu', async () => process.cpuUsage())
  app.addHook('onClose', async () => database.close())
  return app
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const app = await buildLayerBenchApp(process.env.BENCH_DB!)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  console.log(`LISTENING http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`)
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
}
