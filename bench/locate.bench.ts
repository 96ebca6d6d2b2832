/**
 * Point → grid lookup on the city dataset: GridIndex (a cell raster over the layer, an exact ray
 * cast on packed rings only in cells that grid boundaries cross) against what a developer would
 * pick instead, all in one run, on the same points, with the same warm-up: the library route
 * (flatbush + turf booleanPointInPolygon), SQLite's R*Tree + the same turf test, a linear scan
 * with a box check, and, for reference, the old baseline (a ray cast on every grid). Budgets (DESIGN.md §7): ≥ 3× the library route and
 * ≥ 200,000 lookups/s on one core. Every method's answers are checked against GridIndex's.
 */
import type { ArealGeometry, GridItem } from '@gridgov/geo'
import type { Locate } from './locate-baselines'
import { bboxOf, GridIndex, pointInGeometry, polygonsOf } from '@gridgov/geo'
import { ensureCityDatabase } from '../packages/db/src/cli/generate-city'
import { createTerritoryRepository, openDatabase } from '../packages/db/src/index'
import { libraryRoute, scanWithBoxCheck, scanWithoutBoxCheck, sqliteRtree } from './locate-baselines'
import { fmt, verdict } from './support'

const POINTS = 1_000_000
const WARMUP_MS = 500
const ROUND_MS = 1000
const ROUNDS = 3
/** A disagreement this close to a grid boundary (degrees, ≈ 0.1 mm) is a point on a shared edge. */
const ON_EDGE_DEG = 1e-9

interface Method { name: string, label: string, locate: Locate, buildMs: number }

export interface LocateMethodResult {
  label: string
  perSecond: number
  /** slowest and fastest of the rounds */
  range: [number, number]
  buildMs: number
  lookupsChecked: number
  disagreements: { onEdge: number, overlap: number, other: number }
}

export interface LocateBenchResult {
  grids: number
  methods: LocateMethodResult[]
  /** GridIndex lookups/s over the library route's */
  ratioToLibrary: number
  pass: boolean
}

/** The city dataset's grids (`pnpm gen:city`), as run-all.ts passes them. */
export function cityGrids(file = ensureCityDatabase()): GridItem<number>[] {
  const database = openDatabase(file)
  const grids = createTerritoryRepository(database).gridsForLocate().map((g, i) => ({ id: i, geometry: g.geometry }))
  database.close()
  return grids
}

/** Measures every method on `grids` (default: the city dataset) and prints a table. */
export async function runLocateBench(grids: GridItem<unknown>[] = cityGrids()): Promise<LocateBenchResult> {
  const geometries = grids.map(g => g.geometry)
  const rtree = sqliteRtree(geometries)
  try {
    const methods: Method[] = [
      await built('GridIndex', 'GridIndex (GridGov: cell raster + ray cast)', () => {
        // positions as ids, so every method answers in the same terms
        const index = new GridIndex(geometries.map((geometry, id) => ({ id, geometry })))
        return (lon, lat) => index.locate(lon, lat) ?? -1
      }),
      await built('library route', 'library route: flatbush + turf booleanPointInPolygon', () => libraryRoute(geometries)),
      await built('SQLite R*Tree', 'SQLite R*Tree (in memory) + turf booleanPointInPolygon', () => rtree.build()),
      await built('box-check scan', 'linear scan, box check + ray cast (fair naive)', () => scanWithBoxCheck(geometries)),
      await built('old no-box scan', 'old baseline: linear scan, ray cast on every grid (no box check)', () => scanWithoutBoxCheck(geometries)),
    ]
    return measure(geometries, methods)
  }
  finally {
    rtree.close()
  }
}

async function built(name: string, label: string, make: () => Locate | Promise<Locate>): Promise<Method> {
  const started = performance.now()
  const locate = await make()
  return { name, label, locate, buildMs: performance.now() - started }
}

function measure(geometries: ArealGeometry[], methods: Method[]): LocateBenchResult {
  // Uniform points over the layer's bounding box, drawn up front so only lookups are timed; the
  // warm-up uses other points from the same distribution.
  const layerBox = layerBounds(geometries)
  const points = randomPoints(layerBox, POINTS, 7)
  const warmupPoints = randomPoints(layerBox, 200_000, 8)

  // The same warm-up for every method, then rounds in turn, so load on this shared machine
  // falls on every method alike; each method's figure is the median of its rounds.
  const scratch = new Int32Array(warmupPoints.length / 2)
  for (const m of methods)
    timed(m.locate, warmupPoints, WARMUP_MS, scratch)
  const answers = methods.map(() => new Int32Array(POINTS).fill(-2))
  const rates = methods.map(() => [] as number[])
  const covered = methods.map(() => 0)
  for (let round = 0; round < ROUNDS; round++) {
    methods.forEach((m, k) => {
      const { lookups, ms } = timed(m.locate, points, ROUND_MS, answers[k]!)
      rates[k]!.push((lookups / ms) * 1000)
      covered[k] = Math.max(covered[k]!, lookups)
    })
  }

  // Reference answers for the agreement check, after the timing so GridIndex gets no extra warm-up.
  const reference = new Int32Array(POINTS)
  for (let i = 0; i < POINTS; i++)
    reference[i] = methods[0]!.locate(points[2 * i]!, points[2 * i + 1]!)

  const results = methods.map((m, k): LocateMethodResult => {
    const sorted = rates[k]!.toSorted((a, b) => a - b)
    return {
      label: m.label,
      perSecond: sorted[Math.floor(sorted.length / 2)]!,
      range: [sorted[0]!, sorted.at(-1)!],
      buildMs: m.buildMs,
      lookupsChecked: covered[k]!,
      disagreements: disagreements(geometries, points, reference, answers[k]!, covered[k]!),
    }
  })
  const [gridIndex, library] = results as [LocateMethodResult, LocateMethodResult]
  const ratioToLibrary = gridIndex.perSecond / library.perSecond
  const pass = ratioToLibrary >= 3 && gridIndex.perSecond >= 200_000

  const hits = reference.reduce((n, g) => n + (g >= 0 ? 1 : 0), 0)
  console.log(`\nPoint → grid, ${fmt(geometries.length)} grids, ${fmt(POINTS)} uniform points over the layer's box (${fmt((hits / POINTS) * 100, 1)} % in a grid); one core; same ${WARMUP_MS} ms warm-up for each, then ${ROUNDS} rounds of ≤ ${ROUND_MS} ms in turn, median shown`)
  console.table(Object.fromEntries(results.map(r => [r.label, {
    'lookups/s': fmt(r.perSecond),
    'rounds min–max': `${fmt(r.range[0])}–${fmt(r.range[1])}`,
    'GridIndex ×': fmt(gridIndex.perSecond / r.perSecond, 1),
    'build ms': fmt(r.buildMs),
    'checked': fmt(r.lookupsChecked),
    'differ from GridIndex': r.disagreements.onEdge + r.disagreements.overlap + r.disagreements.other,
  }])))
  for (const r of results.slice(1)) {
    const d = r.disagreements
    if (d.onEdge + d.overlap + d.other > 0)
      console.log(`${r.label}: ${d.onEdge} on a shared edge, ${d.overlap} in an overlap of two grids, ${d.other} elsewhere`)
  }
  edgeProbes(geometries, methods.slice(0, 4))
  console.log(`GridIndex ${fmt(ratioToLibrary, 1)}× the library route — budget ≥ 3×: ${verdict(ratioToLibrary >= 3)}`)
  console.log(`GridIndex ${fmt(gridIndex.perSecond)} lookups/s — budget ≥ 200,000/s: ${verdict(gridIndex.perSecond >= 200_000)}`)
  return { grids: geometries.length, methods: results, ratioToLibrary, pass }
}

/** Runs `locate` over `points` until they run out or `budgetMs` passes; answers go to `out`. */
function timed(locate: Locate, points: Float64Array, budgetMs: number, out: Int32Array): { lookups: number, ms: number } {
  const total = points.length / 2
  const started = performance.now()
  let i = 0
  let ms = 0
  while (i < total && ms < budgetMs) {
    // the clock is read every 64 lookups: < 0.1 % of the fastest method's time
    const end = Math.min(total, i + 64)
    for (; i < end; i++)
      out[i] = locate(points[2 * i]!, points[2 * i + 1]!)
    ms = performance.now() - started
  }
  return { lookups: i, ms }
}

/**
 * Counts answers that differ from GridIndex's, by kind: the point lies on the boundary of one of
 * the two grids (within floating-point reach: either answer is defensible; turf counts a boundary
 * as inside, GridIndex's half-open rule gives it to exactly one grid), inside two grids at once
 * (a sliver: GridIndex takes the first in input order, the others the first candidate), or neither.
 */
function disagreements(geometries: ArealGeometry[], points: Float64Array, reference: Int32Array, answers: Int32Array, count: number) {
  const found = { onEdge: 0, overlap: 0, other: 0 }
  for (let i = 0; i < count; i++) {
    const [ref, got] = [reference[i]!, answers[i]!]
    if (ref === got)
      continue
    const [x, y] = [points[2 * i]!, points[2 * i + 1]!]
    const grids = [ref, got].filter(g => g >= 0).map(g => geometries[g]!)
    if (grids.some(g => boundaryDistanceDeg(g, x, y) < ON_EDGE_DEG))
      found.onEdge++
    else if (grids.length === 2 && grids.every(g => pointInGeometry(x, y, g)))
      found.overlap++
    else
      found.other++
  }
  return found
}

/**
 * Points exactly on boundaries, where methods may legitimately differ: the first vertex (shared
 * by up to three grids) and the midpoint of the first edge of every grid. Untimed; the old
 * no-box scan is left out (same ray cast and order as the box-checked scan, so the same answers).
 */
function edgeProbes(geometries: ArealGeometry[], methods: Method[]) {
  const probes: [number, number][] = []
  for (const g of geometries) {
    const ring = polygonsOf(g)[0]![0]!
    const [[x0, y0], [x1, y1]] = [ring[0]!, ring[1]!]
    probes.push([x0, y0], [(x0 + x1) / 2, (y0 + y1) / 2])
  }
  const reference = probes.map(([x, y]) => methods[0]!.locate(x, y))
  const line = methods.slice(1).map((m) => {
    let differ = 0
    let none = 0
    probes.forEach(([x, y], i) => {
      const g = m.locate(x, y)
      differ += g === reference[i] ? 0 : 1
      none += g < 0 ? 1 : 0
    })
    return `${m.name} ${fmt(differ)} differ (${fmt(none)} in no grid)`
  })
  const refNone = reference.filter(g => g < 0).length
  console.log(`on-boundary probes, untimed (a vertex and an edge midpoint — on the edge up to rounding — of every grid: ${fmt(probes.length)} points; GridIndex puts ${fmt(refNone)} in no grid, on the layer's outer border): ${line.join('; ')}`)
}

/** Distance in degrees from (x, y) to the nearest edge of `geom` (planar; only compared with a tiny threshold). */
function boundaryDistanceDeg(geom: ArealGeometry, x: number, y: number): number {
  let best = Infinity
  for (const polygon of polygonsOf(geom)) {
    for (const ring of polygon) {
      for (let k = 1; k < ring.length; k++) {
        const [[ax, ay], [bx, by]] = [ring[k - 1]!, ring[k]!]
        const [dx, dy] = [bx - ax, by - ay]
        const len2 = dx * dx + dy * dy
        const t = len2 > 0 ? Math.min(1, Math.max(0, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0
        best = Math.min(best, Math.hypot(ax + t * dx - x, ay + t * dy - y))
      }
    }
  }
  return best
}

function layerBounds(geometries: ArealGeometry[]): [number, number, number, number] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const g of geometries) {
    const [a, b, c, d] = bboxOf(g)
    ;[minX, minY, maxX, maxY] = [Math.min(minX, a), Math.min(minY, b), Math.max(maxX, c), Math.max(maxY, d)]
  }
  return [minX, minY, maxX, maxY]
}

function randomPoints([minX, minY, maxX, maxY]: [number, number, number, number], count: number, seed: number): Float64Array {
  const rand = mulberry32(seed)
  const points = new Float64Array(count * 2)
  for (let i = 0; i < count; i++) {
    points[2 * i] = minX + rand() * (maxX - minX)
    points[2 * i + 1] = minY + rand() * (maxY - minY)
  }
  return points
}

/** Seeded PRNG (mulberry32) so every run measures the same points. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  await runLocateBench()
