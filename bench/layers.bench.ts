/**
 * Grid layer to the browser: the product's pre-serialized, pre-compressed response with ETag vs
 * a baseline that stringifies and gzips per request, on the city dataset, over real HTTP with the
 * server in its own process. Budget (DESIGN.md §7, issue 1): ≥ 100× the baseline.
 * The verdict uses the server's CPU time per response (read from the server process): at ~1 MB a
 * response, wall-clock rates on one 2-core machine measure the client receiving bytes as much as
 * the server sending them. Wall-clock rates are printed beside it.
 */
import { ensureCityDatabase } from '../packages/db/src/cli/generate-city'
import { createTerritoryRepository, openDatabase } from '../packages/db/src/index'
import { gridLayerEncodings, serverCostPerResponse, wireBytes } from './layer-sizes'
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
    console.log(`server cost: ${fmt(ratio)}× less than stringify-per-request — budget ≥ 100×: ${verdict(ratio >= 100)}`)
    console.log(`wall-clock: ${fmt(cached.perSecond / naive.perSecond)}× (200), ${fmt(revalidated.perSecond / naive.perSecond)}× (304)`)

    const database = openDatabase(dbFile)
    const encodings = gridLayerEncodings(createTerritoryRepository(database))
    database.close()
    const kib = (n: number) => fmt(n / 1024)
    console.log(`\nGrid layer payload by encoding — ${fmt(grids)} grids, same compressors as the server (gzip -9, brotli q9); max error = farthest vertex from its stored position`)
    console.table(Object.fromEntries(encodings.map(e => [e.label, { 'max error m': fmt(e.maxErrorM, 2), 'raw KiB': kib(e.identity), 'gzip KiB': kib(e.gzip), 'brotli KiB': kib(e.br) }])))
    const first = { identity: 0, gzip: 0, br: 0 }
    for (const kind of ['district', 'streets', 'communities', 'grids']) {
      for (const enc of ['identity', 'gzip', 'br'] as const)
        first[enc] += await wireBytes(`${base}/api/layers/${kind}`, enc)
    }
    console.log(`served grid layer on the wire: identity ${kib(sizes.identity)} KiB, gzip ${kib(sizes.gzip)} KiB, brotli ${kib(sizes.br)} KiB; first map load (4 layers): gzip ${kib(first.gzip)} KiB, brotli ${kib(first.br)} KiB`)
    const per20k = sizes.gzip * 20_000 / grids
    console.log(`grid layer ≤ 1 MB compressed (gzip, the encoding every client accepts): ${fmt(sizes.gzip / 1e6, 2)} MB for ${fmt(grids)} grids (${fmt(per20k / 1e6, 2)} MB per 20,000) — ${verdict(sizes.gzip <= 1e6)}`)
    return { ratio, naive, cached, revalidated, sizes, encodings, first }
  }
  finally {
    await server.stop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  await runLayersBench()
