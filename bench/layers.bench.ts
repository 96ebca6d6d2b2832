/**
 * Grid layer to the browser, over real HTTP with the server in its own process, on the city
 * dataset: the product's response (pre-serialized, pre-compressed once per data version, strong
 * ETag) against what a developer would pick instead — the app's global @fastify/compress over a
 * JSON string serialized once and cached, with a strong ETag and 304 (layer-server.ts) — and, as
 * an extra line, the old baseline that stringifies and gzips per request. Both sides get the same
 * warm-up and measuring rounds, taken in turn, for a browser-like client (br, gzip), a gzip-only
 * one, and a revalidation (If-None-Match → 304). Reported: the server's CPU time per response (read from the
 * server process: at ~1 MB a response, wall-clock rates on one 2-core machine measure the client
 * receiving bytes as much as the server sending them) and wall-clock responses/s. There is no
 * ratio budget (DESIGN.md §7); the budget is the first payload: ≤ 1 MB, pre-compressed, ETag.
 */
import type { ServerCost } from './layer-sizes'
import { ensureCityDatabase } from '../packages/db/src/cli/generate-city'
import { createTerritoryRepository, openDatabase } from '../packages/db/src/index'
import { compareServerCost, gridLayerEncodings, wireBytes } from './layer-sizes'
import { fmt, startServer, verdict } from './support'

const BROWSER = { 'accept-encoding': 'gzip, deflate, br' }
const GZIP_ONLY = { 'accept-encoding': 'gzip' }

export async function runLayersBench(dbFile = ensureCityDatabase()) {
  const server = await startServer('layer-server.ts', { BENCH_DB: dbFile })
  try {
    const base = server.url
    const url = `${base}/api/layers/grids`
    const sizes = { identity: await wireBytes(url, 'identity'), gzip: await wireBytes(url, 'gzip'), br: await wireBytes(url, 'br') }
    const ours = '/api/layers/grids'
    const theirs = '/api/bench/grid-layer/compress'
    const etag = async (path: string) => (await fetch(base + path)).headers.get('etag')!
    const pair = async (headers: (path: string) => Promise<Record<string, string>>) => {
      const [gridgov, baseline] = await compareServerCost(base, [{ path: ours, headers: await headers(ours) }, { path: theirs, headers: await headers(theirs) }])
      return { gridgov: gridgov!, baseline: baseline! }
    }
    const br = await pair(async () => BROWSER)
    const gzip = await pair(async () => GZIP_ONLY)
    const revalidate = await pair(async path => ({ ...BROWSER, 'if-none-match': await etag(path) }))
    const [noCache] = await compareServerCost(base, [{ path: '/api/bench/grid-layer/no-cache', headers: GZIP_ONLY }])
    const grids = (await (await fetch(`${base}/api/health`)).json() as { db: { grids: number } }).db.grids

    const row = (c: ServerCost) => ({
      'answered': c.answered,
      'server CPU ms/response': fmt(c.cpuMsEach, c.cpuMsEach < 1 ? 3 : 1),
      'responses/s (wall)': fmt(c.perSecond, c.perSecond < 100 ? 1 : 0),
      'KiB/response': fmt(c.bytesEach / 1024),
      'responses': c.responses,
    })
    console.log(`\nGrid layer response — city dataset, ${fmt(grids)} grids, real HTTP, server in its own process, 4 connections; each line warmed up 1 s, then 3 rounds of 2 s taken in turn with the line it is compared with, median shown`)
    console.table({
      'GridGov: pre-compressed + ETag, client br/gzip': row(br.gridgov),
      'GridGov: pre-compressed + ETag, client gzip only': row(gzip.gridgov),
      'GridGov: revalidation (304)': row(revalidate.gridgov),
      'baseline: @fastify/compress over cached JSON + ETag, client br/gzip': row(br.baseline),
      'baseline: @fastify/compress over cached JSON + ETag, client gzip only': row(gzip.baseline),
      'baseline: revalidation (304)': row(revalidate.baseline),
      'no caching (old baseline): stringify + gzip per request': row(noCache!),
    })
    const ratios = (label: string, { gridgov, baseline }: { gridgov: ServerCost, baseline: ServerCost }) =>
      `${label} baseline CPU/response ${fmt(baseline.cpuMsEach / gridgov.cpuMsEach, 1)}× GridGov's, GridGov responses/s ${fmt(gridgov.perSecond / baseline.perSecond, 1)}× the baseline's`
    console.log(`GridGov vs @fastify/compress over a cached string — ${[ratios('br/gzip client:', br), ratios('gzip-only client:', gzip), ratios('304:', revalidate)].join('; ')}`)
    console.log(`GridGov vs no caching (old baseline), gzip: its CPU/response ${fmt(noCache!.cpuMsEach / gzip.gridgov.cpuMsEach)}× GridGov's, GridGov responses/s ${fmt(gzip.gridgov.perSecond / noCache!.perSecond)}× its`)

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
    return { br, gzip, revalidate, noCache, sizes, encodings, first }
  }
  finally {
    await server.stop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  await runLayersBench()
