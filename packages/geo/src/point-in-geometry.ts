import type { PackedRings } from './packed-geometry'
import type { ArealGeometry, BBox } from './types'
import { crossing, packGeometries, pointInPolygonRange } from './packed-geometry'
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
 * An areal geometry flattened into typed arrays for fast repeated point tests. Rings are stored
 * closed. (`GridIndex` packs a whole layer the same way, into one buffer.)
 */
export interface PreparedGeometry extends PackedRings {
  readonly bbox: BBox
}

/** Flattens `geom` into a {@link PreparedGeometry}. */
export function prepareGeometry(geom: ArealGeometry): PreparedGeometry {
  const { coords, ringStarts, polygonStarts, bboxes } = packGeometries([geom])
  return { bbox: [bboxes[0]!, bboxes[1]!, bboxes[2]!, bboxes[3]!], coords, ringStarts, polygonStarts }
}

/**
 * {@link pointInGeometry} on a prepared geometry: same rule, same answers, no allocation.
 */
export function pointInPrepared(prepared: PreparedGeometry, lon: number, lat: number): boolean {
  const { bbox } = prepared
  // Outside the box the ray cast would say "outside" too (the half-open rule included).
  if (lon < bbox[0] || lon > bbox[2] || lat < bbox[1] || lat > bbox[3])
    return false
  return pointInPolygonRange(prepared, 0, prepared.polygonStarts.length - 1, lon, lat)
}
