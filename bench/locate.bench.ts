/**
 * Point → grid lookup: GridIndex (flatbush R-tree + exact ray cast) against the naive linear scan
 * with the same ray cast, on ≥ 20,000 grids. Budget (DESIGN.md §7): ≥ 500× naive and
 * ≥ 200,000 lookups/s on one core. Run directly it builds a synthetic city; the lead can pass the
 * real dataset's grids to runLocateBench().
 */
import type { GridItem, Position } from '@gridgov/geo'
import { bboxOf, GridIndex, lloydRelax, naiveLocate, randomPointsIn, voronoiTiling } from '@gridgov/geo'
import { fmt, verdict } from './support'

/** Synthetic city: a 0.6° × 0.4° parent near 泰安 (≈ 54 × 44 km) cut into `count` Lloyd-relaxed Voronoi grids. */
export function syntheticCity(count = 20_000, seed = 20_240_601): { grids: GridItem<number>[], buildMs: number } {
  const [x0, y0, x1, y1] = [116.85, 36.0, 117.45, 36.4]
  const parent = { type: 'Polygon' as const, coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]] as Position[]] }
  const started = performance.now()
  const rand = mulberry32(seed)
  const seeds = lloydRelax(parent, randomPointsIn(parent, count, rand), 1)
  const grids = voronoiTiling(parent, seeds).flatMap((geometry, id) => (geometry ? [{ id, geometry }] : []))
  return { grids, buildMs: performance.now() - started }
}

export interface LocateBenchResult {
  grids: number
  indexBuildMs: number
  naivePerSecond: number
  indexedPerSecond: number
  ratio: number
  pass: boolean
}

/** Measures both lookups on `grids` (default: a freshly built synthetic city) and prints a table. */
export function runLocateBench(grids?: GridItem<unknown>[]): LocateBenchResult {
  let items = grids
  if (!items) {
    const city = syntheticCity()
    items = city.grids
    console.log(`synthetic city: ${fmt(items.length)} grids, Voronoi + 1 Lloyd round in ${fmt(city.buildMs / 1000, 2)} s`)
  }

  const indexStarted = performance.now()
  const index = new GridIndex(items)
  const indexBuildMs = performance.now() - indexStarted

  // Uniform points over the layer's bounding box, drawn up front so only lookups are timed.
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const { geometry } of items) {
    const [a, b, c, d] = bboxOf(geometry)
    ;[minX, minY, maxX, maxY] = [Math.min(minX, a), Math.min(minY, b), Math.max(maxX, c), Math.max(maxY, d)]
  }
  const rand = mulberry32(7)
  const pointCount = 1_000_000
  const points = new Float64Array(pointCount * 2)
  for (let i = 0; i < pointCount; i++) {
    points[2 * i] = minX + rand() * (maxX - minX)
    points[2 * i + 1] = minY + rand() * (maxY - minY)
  }

  // Naive: as many lookups as fit in ~2 s. Each answer is checked against the index, so the
  // bench also proves the two agree.
  let naiveCount = 0
  let mismatches = 0
  const naiveStarted = performance.now()
  let naiveMs = 0
  while (naiveMs < 2000 && naiveCount < pointCount) {
    for (let k = 0; k < 8 && naiveCount < pointCount; k++, naiveCount++) {
      const [x, y] = [points[2 * naiveCount]!, points[2 * naiveCount + 1]!]
      if (naiveLocate(items, x, y) !== index.locate(x, y))
        mismatches++
    }
    naiveMs = performance.now() - naiveStarted
  }
  // The loop above also ran index.locate; take its (tiny) share out of the naive time.
  naiveMs -= timeIndexed(index, points, naiveCount).ms

  timeIndexed(index, points, 100_000) // warm-up: let the JIT settle before the timed run
  const indexed = timeIndexed(index, points, pointCount)

  const naivePerSecond = (naiveCount / naiveMs) * 1000
  const indexedPerSecond = (pointCount / indexed.ms) * 1000
  const ratio = indexedPerSecond / naivePerSecond
  const pass = ratio >= 500 && indexedPerSecond >= 200_000 && mismatches === 0

  console.log(`\nPoint → grid, ${fmt(items.length)} grids (one core; index built in ${fmt(indexBuildMs)} ms)`)
  console.table({
    'naive scan (same ray cast)': { 'lookups/s': fmt(naivePerSecond), 'lookups': fmt(naiveCount), 'ms': fmt(naiveMs) },
    'GridIndex (flatbush + ray cast)': { 'lookups/s': fmt(indexedPerSecond), 'lookups': fmt(pointCount), 'ms': fmt(indexed.ms) },
  })
  console.log(`hits: ${fmt((indexed.hits / pointCount) * 100, 1)} % of points fall in a grid; naive/index disagreements: ${mismatches}`)
  console.log(`speed-up ${fmt(ratio)}× — budget ≥ 500×: ${verdict(ratio >= 500)}`)
  console.log(`GridIndex ${fmt(indexedPerSecond)} lookups/s — budget ≥ 200,000/s: ${verdict(indexedPerSecond >= 200_000)}`)
  return { grids: items.length, indexBuildMs, naivePerSecond, indexedPerSecond, ratio, pass }
}

function timeIndexed(index: GridIndex<unknown>, points: Float64Array, count: number): { ms: number, hits: number } {
  let hits = 0
  const started = performance.now()
  for (let i = 0; i < count; i++) {
    if (index.locate(points[2 * i]!, points[2 * i + 1]!) !== undefined)
      hits++
  }
  return { ms: performance.now() - started, hits }
}

/** Seeded PRNG (mulberry32) so every run measures the same city and the same points. */
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
  runLocateBench()
