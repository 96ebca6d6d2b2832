/**
 * The real app and built dashboard on the city dataset, for the map redraw benchmark, plus
 * bench-only pages and files: a plain-Leaflet baseline page (every grid as a canvas path, as the
 * map drew before), Leaflet and topojson-client from node_modules (no CDN), and the grid layer as
 * quantized TopoJSON for the decode timing. Prints LISTENING <url>.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { seedDemoAccounts } from '@gridgov/db'
import { buildLayerBenchApp } from './layer-server'
import { gridLayerTopoJson } from './layer-sizes'
import { BENCH_DIR } from './support'

const requireWeb = createRequire(join(BENCH_DIR, '..', 'apps', 'web', 'package.json'))
const requireRoot = createRequire(join(BENCH_DIR, '..', 'package.json'))

const FILES: Record<string, [type: string, path: string]> = {
  'leaflet.js': ['text/javascript', requireWeb.resolve('leaflet/dist/leaflet.js')],
  'leaflet.css': ['text/css', requireWeb.resolve('leaflet/dist/leaflet.css')],
  'topojson-client.js': ['text/javascript', requireRoot.resolve('topojson-client/dist/topojson-client.min.js')],
  'map-redraw.page.js': ['text/javascript', join(BENCH_DIR, 'map-redraw.page.js')],
}

const BASELINE_PAGE = `<!doctype html><meta charset="utf-8"><title>baseline</title>
<link rel="stylesheet" href="/bench/files/leaflet.css">
<style>html,body{margin:0;height:100%}#map{position:absolute;left:0;top:0;background:#f4f6f9}</style>
<div id="map"></div>
<script src="/bench/files/leaflet.js"></script>
<script src="/bench/files/topojson-client.js"></script>
<script src="/bench/files/map-redraw.page.js"></script>`

const app = await buildLayerBenchApp(process.env.BENCH_DB!, { webDist: process.env.WEB_DIST ?? join(BENCH_DIR, '..', 'apps', 'web', 'dist') })
// the page signs in as a real user would; a fresh city database has no accounts yet
seedDemoAccounts(app.database)
const topo = gzipSync(gridLayerTopoJson(app.territory))
app.get('/bench/baseline', { config: { public: true } }, async (_request, reply) => reply.type('text/html').send(BASELINE_PAGE))
app.get<{ Params: { name: string } }>('/bench/files/:name', { config: { public: true } }, async (request, reply) => {
  const file = FILES[request.params.name]
  return file ? reply.type(file[0]).send(readFileSync(file[1])) : reply.status(404).send()
})
app.get('/bench/grids.topojson', { config: { public: true } }, async (_request, reply) =>
  reply.type('application/json').header('content-encoding', 'gzip').send(topo))
await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
console.log(`LISTENING http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`)
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
