import type { ArealGeometry } from './types'
import { polygonsOf } from './types'

/*
 * Flat typed-array storage for many areal geometries, shared by `prepareGeometry` (one geometry)
 * and `GridIndex` (a whole layer). Keeping a layer in one buffer matters: a lookup lands on a
 * random grid, and chasing 20,000 separate objects costs a cache miss per hop. Internal to the
 * package (not exported from the index).
 */

/** The rings of a set of polygons, back to back. */
export interface PackedRings {
  /** `x0, y0, x1, y1, …` of every ring, each ring closed. */
  readonly coords: Float64Array
  /** Ring r spans coordinate pairs `[ringStarts[r], ringStarts[r + 1])`. */
  readonly ringStarts: Uint32Array
  /** Polygon p owns rings `[polygonStarts[p], polygonStarts[p + 1])`. */
  readonly polygonStarts: Uint32Array
}

export interface PackedGeometries extends PackedRings {
  /** Geometry g owns polygons `[geometryStarts[g], geometryStarts[g + 1])`. */
  readonly geometryStarts: Uint32Array
  /** `minX, minY, maxX, maxY` of geometry g at `4g`; ±Infinity when it has no positions. */
  readonly bboxes: Float64Array
}

/** Packs `geoms` into typed arrays, closing open rings. */
export function packGeometries(geoms: readonly ArealGeometry[]): PackedGeometries {
  let pairs = 0
  let rings = 0
  let polygons = 0
  for (const geom of geoms) {
    for (const polygon of polygonsOf(geom)) {
      polygons++
      for (const ring of polygon) {
        rings++
        pairs += ring.length + 1 // room to close an open ring
      }
    }
  }
  const coords = new Float64Array(pairs * 2)
  const ringStarts = new Uint32Array(rings + 1)
  const polygonStarts = new Uint32Array(polygons + 1)
  const geometryStarts = new Uint32Array(geoms.length + 1)
  const bboxes = new Float64Array(geoms.length * 4)
  let pair = 0
  let r = 0
  let p = 0
  geoms.forEach((geom, g) => {
    geometryStarts[g] = p
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity]
    for (const polygon of polygonsOf(geom)) {
      polygonStarts[p++] = r
      for (const ring of polygon) {
        ringStarts[r++] = pair
        for (const [x, y] of ring) {
          coords[pair * 2] = x
          coords[pair * 2 + 1] = y
          pair++
          minX = Math.min(minX, x)
          minY = Math.min(minY, y)
          maxX = Math.max(maxX, x)
          maxY = Math.max(maxY, y)
        }
        const first = ring[0]
        const last = ring[ring.length - 1]
        if (first && last && (first[0] !== last[0] || first[1] !== last[1])) {
          coords[pair * 2] = first[0]
          coords[pair * 2 + 1] = first[1]
          pair++
        }
      }
    }
    bboxes.set([minX, minY, maxX, maxY], g * 4)
  })
  ringStarts[r] = pair
  polygonStarts[p] = r
  geometryStarts[geoms.length] = p
  return { coords: coords.subarray(0, pair * 2), ringStarts, polygonStarts, geometryStarts, bboxes }
}

/**
 * True when the edge (x1,y1)–(x2,y2) crosses the eastward ray from (x, y) — the shared-edge rule
 * explained in `point-in-geometry.ts`: half-open tests, and `xIntersect` always interpolated from
 * the endpoint with the lower y so both polygons sharing an edge compute the same bits.
 */
export function crossing(x: number, y: number, x1: number, y1: number, x2: number, y2: number): boolean {
  if ((y1 > y) === (y2 > y))
    return false
  const xIntersect = y1 < y2
    ? x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)
    : x2 + ((y - y2) * (x1 - x2)) / (y1 - y2)
  return x < xIntersect
}

/**
 * Point-in-polygon over polygons `[firstPolygon, endPolygon)`: even-odd within each polygon
 * (holes), true as soon as one polygon contains the point. No allocation.
 */
export function pointInPolygonRange(packed: PackedRings, firstPolygon: number, endPolygon: number, x: number, y: number): boolean {
  const { coords, ringStarts, polygonStarts } = packed
  for (let p = firstPolygon; p < endPolygon; p++) {
    let inside = false
    const ringEnd = polygonStarts[p + 1]!
    // even-odd over the polygon's rings: a hole's crossings flip the answer back
    for (let r = polygonStarts[p]!; r < ringEnd; r++) {
      if (pointInRing(coords, ringStarts[r]! * 2, ringStarts[r + 1]! * 2, x, y))
        inside = !inside
    }
    if (inside)
      return true
  }
  return false
}

/**
 * Even-odd ray cast over one closed ring stored at `coords[start … end)` (indices into `coords`,
 * two per position): the single-ring case of {@link pointInPolygonRange}, same answers.
 */
export function pointInRing(coords: Float64Array, start: number, end: number, x: number, y: number): boolean {
  let inside = false
  let x1 = coords[start]!
  let y1 = coords[start + 1]!
  for (let k = start + 2; k < end; k += 2) {
    const x2 = coords[k]!
    const y2 = coords[k + 1]!
    if (crossing(x, y, x1, y1, x2, y2))
      inside = !inside
    x1 = x2
    y1 = y2
  }
  return inside
}
