/**
 * Grid layer to the browser: the product's pre-serialized, pre-compressed response with ETag vs
 * a baseline that stringifies and gzips per request, on the city dataset, over real HTTP with the
 * server in its own process. Budget (DESIGN.md §7, issue 1): ≥ 100× the baseline.
 * The verdict uses the server's CPU time per response (read from the server process): at ~1 MB a
 * response, wall-clock rates on one 2-core machine measure the client receiving bytes as much as
 * the server sending them. Wall-clock rates are printed beside it.
 */
import { ensureCityDatabase } from '../packages/db/src/cli/generate-city'
import { serverCostPerResponse, wireBytes } from './layer-sizes'
import { fmt, startServer, verdict } from './support'

export async function runLayersBench(dbFile = ensureCityDatabase()) {
  const server = await startServer('layer-server.ts', { BENCH_DB: dbFile })
  try {
    const base = server.url
    const url = `${base}/api/layers/grids`
    const sizes = { identity: await wireBytes(url, 'identity'), gzip: await wireBytes(url, 'gzip'), br: await wireBytes(url, 'br') }
    const etag = (await fetch(url)).headers.get('etag')!
    const gz = { 'accept-encoding': 'gzip' }
    const naive = await serverCostPerResponse(base, '/bench/naive-grid-layer', gz, 16)
    const cached = await serverCostPerResponse(base, '/api/layers/grids', gz, 400)
    const revalidated = await serverCostPerResponse(base, '/api/layers/grids', { ...gz, 'if-none-match': etag }, 4000)
    const ratio = naive.cpuMsEach / cached.cpuMsEach
    const grids = (await (await fetch(`${base}/api/health`)).json() as { db: { grids: number } }).db.grids

    console.log(`\nGrid layer response — city dataset, ${fmt(grids)} grids, real HTTP, server in its own process`)
    console.table({
      'baseline: stringify + gzip per request': { 'server CPU ms/response': fmt(naive.cpuMsEach, 2), 'responses/s (wall)': fmt(naive.perSecond, 1) },
      'GridGov: pre-compressed + ETag (200)': { 'server CPU ms/response': fmt(cached.cpuMsEach, 3), 'responses/s (wall)': fmt(cached.perSecond) },
      'GridGov: revalidation (304)': { 'server CPU ms/response': fmt(revalidated.cpuMsEach, 3), 'responses/s (wall)': fmt(revalidated.perSecond) },
    })
    console.log(`payload on the wire: identity ${fmt(sizes.identity / 1024)} KiB, gzip ${fmt(sizes.gzip / 1024)} KiB, brotli ${fmt(sizes.br / 1024)} KiB (GeoJSON, 6 decimals; the ≤ 1 MB first-payload budget is the dashboard issue's)`)
    console.log(`server cost: ${fmt(ratio)}× less than stringify-per-request — budget ≥ 100×: ${verdict(ratio >= 100)}`)
    console.log(`wall-clock: ${fmt(cached.perSecond / naive.perSecond)}× (200), ${fmt(revalidated.perSecond / naive.perSecond)}× (304)`)
    return { ratio, naive, cached, revalidated, sizes }
  }
  finally {
    await server.stop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  await runLayersBench()
