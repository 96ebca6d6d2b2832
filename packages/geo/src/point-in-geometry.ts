import type { ArealGeometry, BBox } from './types'
import { polygonsOf } from './types'

/*
 * Point-in-polygon by crossing number (even-odd), cast as a ray towards +x (east).
 *
 * Shared-edge rule. Grids tile a community, so a point on the border of two grids must belong to
 * exactly one of them, whatever rounding happens. Two things make that hold:
 *  1. Half-open tests: an edge counts when `(yi > y) !== (yj > y)` (a vertex at the ray's height
 *     counts as below it) and when `x < xIntersect` (a point on the edge is not left of it). In
 *     exact arithmetic this is a symbolic shift of the point a hair up and right, so it falls
 *     inside exactly one cell of a partition — also at vertices shared by several cells.
 *  2. Canonical arithmetic: the two polygons sharing an edge walk it in opposite directions. We
 *     always interpolate from the endpoint with the lower y (the crossing test guarantees the two
 *     y differ), so both compute a bitwise-identical `xIntersect` and make the same decision. The
 *     edge then flips parity in both polygons or in neither, and a point on it ends up in exactly
 *     one. At a shared vertex the incident edges give `xIntersect === x` exactly, so no rounding.
 * This holds for edges shared vertex-for-vertex; a T-junction (a vertex of one cell lying inside an
 * edge of its neighbour) has no such guarantee.
 */

/** True when the edge (x1,y1)–(x2,y2) crosses the eastward ray from (x, y). */
function crossing(x: number, y: number, x1: number, y1: number, x2: number, y2: number): boolean {
  if ((y1 > y) === (y2 > y))
    return false
  // Canonical order (see the shared-edge rule above): interpolate from the lower endpoint.
  const xIntersect = y1 < y2
    ? x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)
    : x2 + ((y - y2) * (x1 - x2)) / (y1 - y2)
  return x < xIntersect
}

/**
 * True when `(lon, lat)` lies inside `geom`. Holes are handled by even-odd over all rings of each
 * polygon; a MultiPolygon contains the point when any of its polygons does. Points on an edge or
 * vertex shared by two polygons of a partition are inside exactly one of them (half-open rule).
 * Works on open or closed rings and allocates nothing.
 */
export function pointInGeometry(lon: number, lat: number, geom: ArealGeometry): boolean {
  for (const polygon of polygonsOf(geom)) {
    let inside = false
    for (const ring of polygon) {
      const n = ring.length
      if (n === 0)
        continue
      // Start with the closing edge (last → first); for closed rings it has zero length and never crosses.
      let prev = ring[n - 1]!
      for (let i = 0; i < n; i++) {
        const cur = ring[i]!
        if (crossing(lon, lat, prev[0], prev[1], cur[0], cur[1]))
          inside = !inside
        prev = cur
      }
    }
    if (inside)
      return true
  }
  return false
}

/**
 * An areal geometry flattened into typed arrays for fast repeated point tests (the grid index
 * keeps one per grid). Rings are stored closed.
 */
export interface PreparedGeometry {
  readonly bbox: BBox
  /** `x0, y0, x1, y1, …` of every ring, rings back to back, each closed. */
  readonly coords: Float64Array
  /** Ring k spans coordinate pairs `[ringStarts[k], ringStarts[k + 1])`. */
  readonly ringStarts: Uint32Array
  /** Polygon p owns rings `[polygonStarts[p], polygonStarts[p + 1])`. */
  readonly polygonStarts: Uint32Array
}

/** Flattens `geom` into a {@link PreparedGeometry}. */
export function prepareGeometry(geom: ArealGeometry): PreparedGeometry {
  const polygons = polygonsOf(geom)
  let pairs = 0
  let rings = 0
  for (const polygon of polygons) {
    for (const ring of polygon) {
      rings++
      pairs += ring.length + 1 // room to close an open ring
    }
  }
  const coords = new Float64Array(pairs * 2)
  const ringStarts = new Uint32Array(rings + 1)
  const polygonStarts = new Uint32Array(polygons.length + 1)
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  let pair = 0
  let r = 0
  polygons.forEach((polygon, p) => {
    polygonStarts[p] = r
    for (const ring of polygon) {
      ringStarts[r++] = pair
      for (const [x, y] of ring) {
        coords[pair * 2] = x
        coords[pair * 2 + 1] = y
        pair++
        if (x < minX)
          minX = x
        if (x > maxX)
          maxX = x
        if (y < minY)
          minY = y
        if (y > maxY)
          maxY = y
      }
      const first = ring[0]
      const last = ring[ring.length - 1]
      if (first && last && (first[0] !== last[0] || first[1] !== last[1])) {
        coords[pair * 2] = first[0]
        coords[pair * 2 + 1] = first[1]
        pair++
      }
    }
  })
  ringStarts[r] = pair
  polygonStarts[polygons.length] = r
  return {
    bbox: [minX, minY, maxX, maxY],
    coords: coords.subarray(0, pair * 2),
    ringStarts,
    polygonStarts,
  }
}

/**
 * {@link pointInGeometry} on a prepared geometry: same rule, same answers, no allocation.
 */
export function pointInPrepared(prepared: PreparedGeometry, lon: number, lat: number): boolean {
  const { bbox, coords, ringStarts, polygonStarts } = prepared
  if (lon < bbox[0] || lon > bbox[2] || lat < bbox[1] || lat > bbox[3])
    return false
  const polygonCount = polygonStarts.length - 1
  for (let p = 0; p < polygonCount; p++) {
    let inside = false
    const ringEnd = polygonStarts[p + 1]!
    for (let r = polygonStarts[p]!; r < ringEnd; r++) {
      const end = ringStarts[r + 1]! * 2
      let k = ringStarts[r]! * 2
      let x1 = coords[k]!
      let y1 = coords[k + 1]!
      for (k += 2; k < end; k += 2) {
        const x2 = coords[k]!
        const y2 = coords[k + 1]!
        if (crossing(lon, lat, x1, y1, x2, y2))
          inside = !inside
        x1 = x2
        y1 = y2
      }
    }
    if (inside)
      return true
  }
  return false
}
