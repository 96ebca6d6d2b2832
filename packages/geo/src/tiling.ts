import type { ArealGeometry, Position, Ring } from './types'
import { Delaunay } from 'd3-delaunay'
import Flatbush from 'flatbush'
import { intersection } from 'polyclip-ts'
import { centroidOf } from './measure'
import { pointInPrepared, prepareGeometry } from './point-in-geometry'
import { fromClip, robustClip, toClip } from './polyclip-bridge'
import { closeRing, rewind } from './rewind'
import { polygonsOf } from './types'

/** Seeds closer than this fraction of the parent's extent (≈ 0.01 mm per 10 km) are merged. */
export const SEED_MERGE_RATIO = 1e-9

/**
 * Cuts `parent` into one cell per seed: the Voronoi diagram of `seeds` (d3-delaunay) over the
 * parent's bounding box, padded by about 1 %, each cell intersected with the parent (polyclip-ts).
 * Result `i` belongs to `seeds[i]`. A cell can come out as a MultiPolygon (a convex cell across a
 * concave parent) or empty — `null` — when its cell misses the parent or the seed duplicates an
 * earlier one (seeds closer than {@link SEED_MERGE_RATIO} of the parent's extent count as
 * duplicates). Rings are closed and in RFC 7946 winding.
 *
 * Non-null cells tile the parent up to floating-point slivers (see `checkCoverage`). Cells wholly
 * inside the parent skip the clipping library, so they keep d3's coordinates bit for bit and
 * neighbours share vertices exactly. For degenerate seeds (collinear, clustered) the cells may
 * belong to seeds moved by up to 1e-4 of the extent — see `voronoiCells`.
 */
export function voronoiTiling(parent: ArealGeometry, seeds: Position[]): (ArealGeometry | null)[] {
  if (seeds.length === 0)
    return []
  const prepared = prepareGeometry(parent)
  const [minX, minY, maxX, maxY] = prepared.bbox
  const span = Math.max(maxX - minX, maxY - minY) || 1e-6
  // d3-delaunay has absolute thresholds tuned for pixels (a triangle with |cross| < 1e-9 counts as
  // degenerate), which city-scale degrees (cells ~0.003°) fall foul of. So run it on local
  // coordinates scaled to about 1000 units; a power-of-two scale keeps that step exact, and every
  // vertex maps back through the same arithmetic, so shared vertices stay bitwise shared.
  const scale = 2 ** Math.round(Math.log2(1000 / span))
  const [ox, oy] = [minX, minY]
  const pad = 10 // local units: 1 % of the parent's extent
  const local = seeds.map(([x, y]): Position => [(x - ox) * scale, (y - oy) * scale])
  const kept = distinctSeeds(local, SEED_MERGE_RATIO * 1000)
  const bounds: Bounds = [-pad, -pad, (maxX - ox) * scale + pad, (maxY - oy) * scale + pad]
  const localCells = voronoiCells(kept.map(i => local[i]!), bounds)
  const cellOf = new Map(kept.map((seedIndex, k) => [seedIndex, k]))
  const edges = parentEdgeIndex(parent)
  const clipParent = toClip(parent)

  return seeds.map((_, i) => {
    const k = cellOf.get(i)
    const polygon = k === undefined ? null : localCells[k]
    if (!polygon || polygon.length < 4)
      return null
    const cell: Ring = closeRing(polygon.map(([u, v]) => [ox + u / scale, oy + v / scale]))
    let cx0 = Infinity
    let cy0 = Infinity
    let cx1 = -Infinity
    let cy1 = -Infinity
    for (const [x, y] of cell) {
      cx0 = Math.min(cx0, x)
      cy0 = Math.min(cy0, y)
      cx1 = Math.max(cx1, x)
      cy1 = Math.max(cy1, y)
    }
    if (!edges.collides(cx0, cy0, cx1, cy1)) {
      // No parent edge comes near the cell, so the cell is wholly inside or wholly outside; any
      // vertex tells which.
      const [vx, vy] = cell[0]!
      return pointInPrepared(prepared, vx, vy) ? rewind({ type: 'Polygon', coordinates: [cell] }) : null
    }
    return fromClip(robustClip(() => intersection([cell], clipParent)))
  })
}

type Bounds = readonly [number, number, number, number]

/**
 * Voronoi cells (closed rings, local units) of distinct points within `bounds`, by d3-delaunay.
 * d3 gives up on some degenerate inputs — collinear seeds a small fraction of the extent apart,
 * tight clusters — returning no cell, or a wrong one, for seeds that plainly own area. We notice
 * (a seed inside the bounds without a cell, or cell areas not summing to the bounds) and retry
 * with every point nudged by a deterministic, growing jitter (1e-6, then 1e-5, 1e-4 of the
 * extent): the cells then belong to points a hair off the seeds, but they still tile exactly and
 * share vertices bit for bit.
 */
function voronoiCells(points: Position[], bounds: Bounds): (Position[] | null)[] {
  const [x0, y0, x1, y1] = bounds
  const boundsArea = (x1 - x0) * (y1 - y0)
  for (const jitter of [0, 1e-3, 1e-2, 1e-1]) { // local units, extent ≈ 1000
    // Golden-angle directions, so collinear points are pushed off their line in varied ways.
    const moved = jitter === 0
      ? points
      : points.map(([x, y], k): Position => [x + jitter * Math.cos(k * 2.399963), y + jitter * Math.sin(k * 2.399963)])
    const voronoi = Delaunay.from(moved).voronoi([...bounds])
    const cells = moved.map((_, k) => voronoi.cellPolygon(k) as Position[] | null)
    let area = 0
    let lost = false
    cells.forEach((cell, k) => {
      const [x, y] = moved[k]!
      if (cell)
        area += Math.abs(shoelace(cell))
      else if (x > x0 && x < x1 && y > y0 && y < y1)
        lost = true
    })
    if (!lost && Math.abs(area - boundsArea) <= 1e-9 * boundsArea)
      return cells
  }
  throw new Error('voronoiTiling: d3-delaunay found no valid diagram for these seeds, even jittered')
}

/** Signed area of a closed ring in the plane. */
function shoelace(ring: Position[]): number {
  let sum = 0
  for (let i = 0; i + 1 < ring.length; i++)
    sum += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1]
  return sum / 2
}

/**
 * Indices of the seeds to keep, in input order: a seed within `eps` (Chebyshev) of an earlier
 * kept seed is dropped. A hash grid of cell size `eps` makes this linear.
 */
function distinctSeeds(points: Position[], eps: number): number[] {
  const buckets = new Map<string, number[]>()
  const kept: number[] = []
  points.forEach(([x, y], i) => {
    const bx = Math.floor(x / eps)
    const by = Math.floor(y / eps)
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const j of buckets.get(`${bx + dx},${by + dy}`) ?? []) {
          const [qx, qy] = points[j]!
          if (Math.abs(qx - x) <= eps && Math.abs(qy - y) <= eps)
            return
        }
      }
    }
    const key = `${bx},${by}`
    const bucket = buckets.get(key)
    if (bucket)
      bucket.push(i)
    else
      buckets.set(key, [i])
    kept.push(i)
  })
  return kept
}

/**
 * Lloyd relaxation: `iterations` times, moves every seed to the centroid of its clipped cell
 * (seeds with an empty cell stay put). One or two rounds turn random seeds into evenly sized,
 * realistic-looking grids. Returns new seeds; the input is not modified.
 */
export function lloydRelax(parent: ArealGeometry, seeds: Position[], iterations: number): Position[] {
  let current = seeds.map(([x, y]): Position => [x, y])
  for (let k = 0; k < iterations; k++) {
    const cells = voronoiTiling(parent, current)
    current = current.map((seed, i) => {
      const cell = cells[i]
      return cell ? centroidOf(cell) : seed
    })
  }
  return current
}

/**
 * `n` points uniformly distributed inside `parent` (rejection sampling in its bounding box),
 * drawn from the caller's generator `rand` (uniform in [0, 1)) so that output is reproducible
 * from a seed. Throws if the geometry is too thin to hit (fewer than 1 in 10,000 draws land).
 */
export function randomPointsIn(parent: ArealGeometry, n: number, rand: () => number): Position[] {
  const prepared = prepareGeometry(parent)
  const [minX, minY, maxX, maxY] = prepared.bbox
  const points: Position[] = []
  const maxAttempts = 10_000 * (n + 1)
  for (let attempts = 0; points.length < n; attempts++) {
    if (attempts >= maxAttempts)
      throw new RangeError('randomPointsIn: geometry has (almost) no area inside its bounding box')
    const x = minX + rand() * (maxX - minX)
    const y = minY + rand() * (maxY - minY)
    if (pointInPrepared(prepared, x, y))
      points.push([x, y])
  }
  return points
}

/** R-tree over the parent's boundary segments, to find cells the boundary passes near. */
function parentEdgeIndex(parent: ArealGeometry): Flatbush {
  const segments: number[] = []
  for (const polygon of polygonsOf(parent)) {
    for (const ring of polygon) {
      // Wrap around so an unclosed ring still contributes its closing edge.
      for (let i = 0; i < ring.length; i++) {
        const [ax, ay] = ring[i]!
        const [bx, by] = ring[(i + 1) % ring.length]!
        segments.push(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by))
      }
    }
  }
  const index = new Flatbush(Math.max(1, segments.length / 4))
  if (segments.length === 0)
    index.add(Infinity, Infinity, Infinity, Infinity)
  for (let k = 0; k < segments.length; k += 4)
    index.add(segments[k]!, segments[k + 1]!, segments[k + 2]!, segments[k + 3]!)
  index.finish()
  return index
}
