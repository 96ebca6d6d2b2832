/**
 * The real app on the city dataset, plus one bench-only route that does what the product avoids:
 * serialize and gzip the grid layer on every request (the baseline). Prints LISTENING <url>.
 */
import { gzipSync } from 'node:zlib'
import { openDatabase } from '@gridgov/db'
import { buildApp } from '../apps/api/src/app'

const database = openDatabase(process.env.BENCH_DB!)
const app = await buildApp({ database, seed: false })
const features = app.territory.layerFeatures('grids')
app.get('/bench/naive-grid-layer', async (_request, reply) => {
  const body = gzipSync(JSON.stringify({ type: 'FeatureCollection', features }))
  return reply.header('content-type', 'application/geo+json').header('content-encoding', 'gzip').send(body)
})
await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
console.log(`LISTENING http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`)
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
