/**
 * Grid layer to the browser: the product's pre-serialized, pre-compressed response with ETag vs
 * a baseline that stringifies and gzips per request, both over real HTTP on the city dataset.
 * Budget (DESIGN.md §7): ≥ 100× the baseline.
 */
import { ensureCityDatabase } from '../packages/db/src/cli/generate-city'
import { fmt, load, startServer, verdict } from './support'

export async function runLayersBench(dbFile = ensureCityDatabase()) {
  const server = await startServer('layer-server.ts', { BENCH_DB: dbFile })
  try {
    const headers = { 'accept-encoding': 'gzip' }
    // warm up: the first request builds the cache
    const first = await fetch(`${server.url}/api/layers/grids`, { headers })
    const gzBytes = (await first.arrayBuffer()).byteLength
    const brBytes = (await (await fetch(`${server.url}/api/layers/grids`, { headers: { 'accept-encoding': 'br' } })).arrayBuffer()).byteLength
    const baseline = await load({ url: `${server.url}/bench/naive-grid-layer`, headers, connections: 2, duration: 10 })
    const cached = await load({ url: `${server.url}/api/layers/grids`, headers, connections: 10, duration: 10 })
    const revalidate = await load({ url: `${server.url}/api/layers/grids`, headers: { ...headers, 'if-none-match': first.headers.get('etag')! }, connections: 10, duration: 5 })
    const ratio = cached.rps / baseline.rps
    console.log('\nGrid layer response, city dataset (real HTTP, autocannon, server in its own process)')
    console.table({
      'baseline: stringify + gzip per request': { 'req/s': fmt(baseline.rps, 1), 'p50 ms': baseline.p50, 'p99 ms': baseline.p99 },
      'GridGov: pre-compressed + ETag (200)': { 'req/s': fmt(cached.rps), 'p50 ms': cached.p50, 'p99 ms': cached.p99 },
      'GridGov: If-None-Match (304)': { 'req/s': fmt(revalidate.rps), 'p50 ms': revalidate.p50, 'p99 ms': revalidate.p99 },
    })
    console.log(`payload: gzip ${fmt(gzBytes / 1024)} KiB, brotli ${fmt(brBytes / 1024)} KiB (GeoJSON, 6 decimals; the ≤ 1 MB budget belongs to the dashboard issue)`)
    console.log(`speed-up ${fmt(ratio)}× — budget ≥ 100×: ${verdict(ratio >= 100)}`)
    return { ratio, baseline, cached, gzBytes, brBytes }
  }
  finally {
    await server.stop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  await runLayersBench()
