/**
 * Shapes, tilings and fast-check arbitraries shared by the geo tests. Test-only: not exported from
 * the package index. Coordinates sit around 泰安 (117.1° E, 36.2° N) at grid/community scale so
 * the arithmetic is the arithmetic production sees.
 */
import type { ArealGeometry, PolygonGeometry, Position, Ring } from './types'
import fc from 'fast-check'

export const ORIGIN: Position = [117.1, 36.2]

/** Deterministic PRNG (mulberry32) — the package itself never calls Math.random. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Axis-aligned rectangle as a closed counter-clockwise ring. */
export function rect(x0: number, y0: number, x1: number, y1: number): Ring {
  return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
}

export function polygon(...rings: Ring[]): PolygonGeometry {
  return { type: 'Polygon', coordinates: rings }
}

/** A square of side `size` degrees with its south-west corner at `origin`. */
export function square(size = 0.02, [x, y]: Position = ORIGIN): PolygonGeometry {
  return polygon(rect(x, y, x + size, y + size))
}

/**
 * A U open to the north: outer `size`×`size`, notch `size/3` wide reaching down to `size/3`.
 * Concave, so Voronoi cells across the notch come out as MultiPolygons.
 */
export function uShape(size = 0.02, [x, y]: Position = ORIGIN): PolygonGeometry {
  const t = size / 3
  return polygon([
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x + 2 * t, y + size],
    [x + 2 * t, y + t],
    [x + t, y + t],
    [x + t, y + size],
    [x, y + size],
    [x, y],
  ])
}

/**
 * A `cols`×`rows` mesh of quadrilaterals over [x0, x0 + cols·step] × [y0, …]. Interior vertices
 * are moved by up to `jitter`·step in each axis (0 gives an axis-aligned grid). Neighbouring cells
 * share vertices bit for bit, like a real partition. Cell (i, j) is at index `j * cols + i`.
 */
export function quadMesh(cols: number, rows: number, step: number, jitter: number, rand: () => number, [x0, y0]: Position = ORIGIN): PolygonGeometry[] {
  const vertex: Position[][] = []
  for (let i = 0; i <= cols; i++) {
    vertex.push([])
    for (let j = 0; j <= rows; j++) {
      const interior = i > 0 && i < cols && j > 0 && j < rows
      const dx = interior ? (rand() * 2 - 1) * jitter * step : 0
      const dy = interior ? (rand() * 2 - 1) * jitter * step : 0
      vertex[i]!.push([x0 + i * step + dx, y0 + j * step + dy])
    }
  }
  const v = (i: number, j: number): Position => vertex[i]![j]!
  const cells: PolygonGeometry[] = []
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++)
      cells.push(polygon([v(i, j), v(i + 1, j), v(i + 1, j + 1), v(i, j + 1), v(i, j)]))
  }
  return cells
}

/** Non-null cells with their seed index, for building a grid index from a tiling. */
export function itemsOf(cells: (ArealGeometry | null)[]): { id: number, geometry: ArealGeometry }[] {
  return cells.flatMap((geometry, id) => (geometry ? [{ id, geometry }] : []))
}

/** Every position of every ring (closing duplicates included). */
export function verticesOf(geom: ArealGeometry): Position[] {
  const polygons = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates
  return polygons.flat(2)
}

/** Planar distance (degrees) from a point to a segment — for keeping samples off boundaries. */
export function segmentDistance([px, py]: Position, [ax, ay]: Position, [bx, by]: Position): number {
  const dx = bx - ax
  const dy = by - ay
  const len2 = dx * dx + dy * dy
  const t = len2 > 0 ? Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy))
}

/** Planar distance (degrees) from a point to the boundary of `geom`. */
export function boundaryDistance(p: Position, geom: ArealGeometry): number {
  const polygons = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates
  let best = Infinity
  for (const ring of polygons.flat()) {
    for (let i = 0; i + 1 < ring.length; i++)
      best = Math.min(best, segmentDistance(p, ring[i]!, ring[i + 1]!))
  }
  return best
}

/** A random parent: a square or a U, 0.01–0.03° across (about 1–3 km). */
export const arbParent: fc.Arbitrary<PolygonGeometry> = fc
  .tuple(fc.boolean(), fc.double({ min: 0.01, max: 0.03, noNaN: true }))
  .map(([concave, size]) => (concave ? uShape(size) : square(size)))

/** `min`–`max` seeds anywhere in the parent's bounding box (some fall in a U's notch). */
export function arbSeeds(parent: ArealGeometry, min = 3, max = 30): fc.Arbitrary<Position[]> {
  const ring = (parent.type === 'Polygon' ? parent.coordinates[0] : parent.coordinates[0]?.[0]) ?? []
  const xs = ring.map(p => p[0])
  const ys = ring.map(p => p[1])
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)]
  const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })
  return fc.array(fc.tuple(unit, unit), { minLength: min, maxLength: max })
    .map(ts => ts.map(([u, v]): Position => [x0 + u * (x1 - x0), y0 + v * (y1 - y0)]))
}

/** A parent together with seeds for it. */
export const arbTilingInput = arbParent.chain(parent => arbSeeds(parent).map(seeds => ({ parent, seeds })))
