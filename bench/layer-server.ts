/**
 * The real app on the city dataset, plus one bench-only route that does what the product avoids:
 * serialize and gzip the grid layer on every request (the baseline). Prints LISTENING <url>.
 */
import type { BuildAppOptions } from '../apps/api/src/app'
import { gzipSync } from 'node:zlib'
import { openDatabase } from '@gridgov/db'
import { buildApp } from '../apps/api/src/app'

/** The app with the baseline route added beside the real one. */
export async function buildLayerBenchApp(dbFile: string, options: BuildAppOptions = {}) {
  const database = openDatabase(dbFile)
  const app = await buildApp({ ...options, database, seed: false })
  const features = app.territory.layerFeatures('grids')
  app.get('/bench/naive-grid-layer', async (_request, reply) => {
    const body = gzipSync(JSON.stringify({ type: 'FeatureCollection', features }))
    return reply.header('content-type', 'application/geo+json').header('content-encoding', 'gzip').send(body)
  })
  // the server's own CPU time, so the client's cost of receiving megabytes is not counted
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
