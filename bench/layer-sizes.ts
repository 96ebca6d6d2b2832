import type { LayerFeature, TerritoryRepository } from '@gridgov/db'
import { Agent, request } from 'node:http'
import { distanceM, roundGeometry } from '@gridgov/geo'
import { topology } from 'topojson-server'
import { compressLayer, serializeLayer, WIRE_DECIMALS, wireFeature } from '../apps/api/src/services/layer-cache'

/** Bytes on the wire for one GET with the given Accept-Encoding (fetch would decode the body). */
export function wireBytes(url: string, encoding: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      let n = 0
      res.on('data', (c: Buffer) => {
        n += c.length
      })
      res.on('end', () => resolve(n))
    }).on('error', reject).end()
  })
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 })

interface Answer { status: number, encoding: string, bytes: number }

function get(url: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request(url, { agent, headers }, (res) => {
      let bytes = 0
      res.on('data', (c: Buffer) => {
        bytes += c.length
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, encoding: String(res.headers['content-encoding'] ?? 'identity'), bytes }))
    }).on('error', reject).end()
  })
}

async function serverCpuMs(base: string): Promise<number> {
  const u = await (await fetch(`${base}/bench/cpu`)).json() as { user: number, system: number }
  return (u.user + u.system) / 1000
}

/** GETs for `ms`, 4 at a time (keep-alive, bodies counted and discarded). */
async function getFor(url: string, headers: Record<string, string>, ms: number): Promise<Answer[]> {
  const answers: Answer[] = []
  const until = performance.now() + ms
  const worker = async () => {
    while (performance.now() < until)
      answers.push(await get(url, headers))
  }
  await Promise.all([worker(), worker(), worker(), worker()])
  return answers
}

export interface ServerCost {
  /** server CPU time (all its threads) per response, ms */
  cpuMsEach: number
  /** responses per second, wall clock, 4 connections */
  perSecond: number
  responses: number
  /** e.g. `200 br` or `304`: what the server answered (one kind when all is well) */
  answered: string
  /** body bytes on the wire per response */
  bytesEach: number
}

/** A route as the client asks for it. */
export interface Target { path: string, headers: Record<string, string> }

/**
 * Sends GETs for `ms` and returns the server's CPU time per response — what serving costs the
 * server, whatever the client's speed — and the wall-clock rate.
 */
export async function serverCostPerResponse(base: string, { path, headers }: Target, ms: number): Promise<ServerCost> {
  const cpu0 = await serverCpuMs(base)
  const t0 = performance.now()
  const answers = await getFor(base + path, headers, ms)
  const wallMs = performance.now() - t0
  const cpuMs = (await serverCpuMs(base)) - cpu0
  const kinds = new Set(answers.map(a => a.status === 304 ? '304' : `${a.status} ${a.encoding}`))
  return {
    cpuMsEach: cpuMs / answers.length,
    perSecond: (answers.length / wallMs) * 1000,
    responses: answers.length,
    answered: [...kinds].join(', '),
    bytesEach: answers.reduce((n, a) => n + a.bytes, 0) / answers.length,
  }
}

/**
 * Measures several targets alike on one shared machine: each warmed up for `warmupMs`, then
 * `rounds` rounds of `measureMs` in turn (so passing load falls on all of them); per target the
 * median round's CPU per response and rate, and the responses of all rounds.
 */
export async function compareServerCost(base: string, targets: Target[], { warmupMs = 1000, measureMs = 2000, rounds = 3 } = {}): Promise<ServerCost[]> {
  for (const { path, headers } of targets)
    await getFor(base + path, headers, warmupMs)
  const runs = targets.map(() => [] as ServerCost[])
  for (let r = 0; r < rounds; r++) {
    for (const [k, target] of targets.entries())
      runs[k]!.push(await serverCostPerResponse(base, target, measureMs))
  }
  const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)]!
  return runs.map(rs => ({
    cpuMsEach: median(rs.map(r => r.cpuMsEach)),
    perSecond: median(rs.map(r => r.perSecond)),
    responses: rs.reduce((n, r) => n + r.responses, 0),
    answered: [...new Set(rs.map(r => r.answered))].join(', '),
    bytesEach: median(rs.map(r => r.bytesEach)),
  }))
}

/** Vertices of every feature's rings, for the quantization error below. */
function* vertices(features: LayerFeature[]): Generator<number[]> {
  for (const { geometry: g } of features) {
    for (const polygon of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) {
      for (const ring of polygon)
        yield* ring
    }
  }
}

/** Largest distance (m) between a stored vertex and where `snap` puts it on the wire. */
export function maxErrorM(features: LayerFeature[], snap: (lon: number, lat: number) => [number, number]): number {
  let max = 0
  for (const [lon = 0, lat = 0] of vertices(features))
    max = Math.max(max, distanceM([lon, lat], snap(lon, lat)))
  return max
}

type TopologyInput = Parameters<typeof topology>[0]

const FC = (features: unknown[]) => ({ type: 'FeatureCollection', features })

export interface EncodingSize { label: string, maxErrorM: number, identity: number, gzip: number, br: number }

function sized(label: string, json: string, errorM: number): EncodingSize {
  const c = compressLayer(json, 0)
  return { label, maxErrorM: errorM, identity: c.identity.length, gzip: c.gzip.length, br: c.br.length }
}

/**
 * The city grid layer in each candidate encoding, with the same compressors as the product:
 * what was served before (GeoJSON, 6 decimals, full-precision label points), what is served now
 * (GeoJSON on a 1e-5° lattice, `serializeLayer`), and quantized TopoJSON (topojson-server, the same
 * properties) at quantizations around the same error. Each with its measured max vertex error.
 */
export function gridLayerEncodings(territory: TerritoryRepository): EncodingSize[] {
  const features = territory.layerFeatures('grids')
  const sizes = [
    sized('GeoJSON before: 6 decimals, full-precision centres', JSON.stringify(FC(features.map(f => ({ ...f, geometry: roundGeometry(f.geometry, 6) ?? f.geometry })))), maxErrorM(features, (x, y) => [round(x, 6), round(y, 6)])),
    sized(`GeoJSON now: ${WIRE_DECIMALS} decimals (served)`, serializeLayer(territory, 'grids'), maxErrorM(features, (x, y) => [round(x, WIRE_DECIMALS), round(y, WIRE_DECIMALS)])),
  ]
  const wire = FC(features.map(wireFeature))
  for (const q of [1e4, 3e4, 1e5]) {
    const topo = topology({ grids: wire } as TopologyInput, q)
    const { scale: [kx = 1, ky = 1], translate: [x0 = 0, y0 = 0] } = topo.transform!
    const snap = (x: number, y: number): [number, number] => [Math.round((x - x0) / kx) * kx + x0, Math.round((y - y0) / ky) * ky + y0]
    sizes.push(sized(`TopoJSON, quantization ${q.toExponential().replace('e+', 'e')}`, JSON.stringify(topo), maxErrorM(features, snap)))
  }
  return sizes
}

/** The same grid layer as quantized TopoJSON, for the browser decode timing (bench-only route). */
export function gridLayerTopoJson(territory: TerritoryRepository, quantization = 1e5): string {
  return JSON.stringify(topology({ grids: FC(territory.layerFeatures('grids').map(wireFeature)) } as TopologyInput, quantization))
}

function round(x: number, decimals: number): number {
  return Math.round(x * 10 ** decimals) / 10 ** decimals
}
