import type { MultiPolygon, Polygon, Position } from 'geojson'
import type { AreaFeature } from '../../types/layers'
import Flatbush from 'flatbush'

/**
 * Polygons packed once into flat typed arrays in Web Mercator pixels at zoom 0 ("world px", what
 * Leaflet's `map.project(latlng, 0)` gives), relative to the layer's top-left corner so that
 * float32 paths keep sub-pixel precision up to zoom 19. A pixel at zoom z is `world × 2^z`, so no
 * zoom ever re-projects a vertex: the canvas applies the zoom as a transform. A flatbush R-tree
 * over the feature boxes answers "what is in view" and "what is under the pointer".
 */
export interface PackedAreas<P> {
  features: AreaFeature<P>[]
  /** world px of the corner all coordinates are relative to */
  origin: [number, number]
  /** x, y of every vertex (rings' closing vertex dropped), relative world px */
  xy: Float64Array
  /** start of ring r in `xy` (in vertices); `ringStart[r + 1]` ends it */
  ringStart: Uint32Array
  /** first ring of feature i; `featureRing[i + 1]` ends it */
  featureRing: Uint32Array
  /** feature boxes [minX, minY, maxX, maxY] × n, relative world px */
  box: Float64Array
  index: Flatbush
}

// Leaflet's EPSG:3857 (SphericalMercator + its transformation), inlined to avoid an object per vertex.
const R = 6378137
const MAX_LAT = 85.0511287798
const D2R = Math.PI / 180
const K = 0.5 / (Math.PI * R)

export function worldX(lon: number): number {
  return 256 * (K * R * lon * D2R + 0.5)
}

export function worldY(lat: number): number {
  const s = Math.sin(Math.max(Math.min(MAX_LAT, lat), -MAX_LAT) * D2R)
  return 256 * (-K * (R * Math.log((1 + s) / (1 - s)) / 2) + 0.5)
}

function polygonsOf(g: Polygon | MultiPolygon): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates
}

/**
 * Packs features (any mix of Polygon/MultiPolygon) — about 10 ms for the 25,650 city grids.
 * `origin` puts several packs in one frame (default: the features' own top-left corner).
 */
export function packAreas<P>(features: AreaFeature<P>[], origin?: [number, number]): PackedAreas<P> {
  let vertices = 0
  let rings = 0
  let minLon = Infinity
  let maxLat = -Infinity
  for (const f of features) {
    for (const polygon of polygonsOf(f.geometry)) {
      for (const ring of polygon) {
        rings++
        vertices += Math.max(ring.length - 1, 0)
        for (const [lon = 0, lat = 0] of ring) {
          minLon = Math.min(minLon, lon)
          maxLat = Math.max(maxLat, lat)
        }
      }
    }
  }
  origin ??= features.length ? [worldX(minLon), worldY(maxLat)] : [0, 0]
  const xy = new Float64Array(vertices * 2)
  const ringStart = new Uint32Array(rings + 1)
  const featureRing = new Uint32Array(features.length + 1)
  const box = new Float64Array(features.length * 4)
  const index = new Flatbush(Math.max(features.length, 1))
  let v = 0
  let r = 0
  features.forEach((f, i) => {
    featureRing[i] = r
    let x0 = Infinity
    let y0 = Infinity
    let x1 = -Infinity
    let y1 = -Infinity
    for (const polygon of polygonsOf(f.geometry)) {
      for (const ring of polygon) {
        ringStart[r++] = v
        // GeoJSON rings repeat their first vertex at the end; paths close themselves
        for (let k = 0; k < ring.length - 1; k++) {
          const x = worldX(ring[k]![0]!) - origin![0]
          const y = worldY(ring[k]![1]!) - origin![1]
          xy[2 * v] = x
          xy[2 * v + 1] = y
          v++
          x0 = Math.min(x0, x)
          y0 = Math.min(y0, y)
          x1 = Math.max(x1, x)
          y1 = Math.max(y1, y)
        }
      }
    }
    box.set([x0, y0, x1, y1], i * 4)
    index.add(x0, y0, x1, y1)
  })
  featureRing[features.length] = r
  ringStart[rings] = v
  if (features.length === 0)
    index.add(0, 0, 0, 0)
  index.finish()
  return { features, origin, xy, ringStart, featureRing, box, index }
}

/** Adds feature i's rings to a path (relative world px); the caller fills with 'evenodd'. */
export function tracePath(p: PackedAreas<unknown>, i: number, path: Path2D): void {
  const { xy, ringStart, featureRing } = p
  for (let r = featureRing[i]!; r < featureRing[i + 1]!; r++) {
    const end = ringStart[r + 1]!
    let v = ringStart[r]!
    if (end - v < 3)
      continue
    path.moveTo(xy[2 * v]!, xy[2 * v + 1]!)
    for (v++; v < end; v++)
      path.lineTo(xy[2 * v]!, xy[2 * v + 1]!)
    path.closePath()
  }
}

/** Even-odd ray cast over feature i's rings at a relative world px. */
function contains(p: PackedAreas<unknown>, i: number, x: number, y: number): boolean {
  const { xy, ringStart, featureRing } = p
  let inside = false
  for (let r = featureRing[i]!; r < featureRing[i + 1]!; r++) {
    const start = ringStart[r]!
    const end = ringStart[r + 1]!
    for (let a = start, b = end - 1; a < end; b = a++) {
      const ya = xy[2 * a + 1]!
      const yb = xy[2 * b + 1]!
      if ((ya > y) !== (yb > y) && x < ((xy[2 * b]! - xy[2 * a]!) * (y - ya)) / (yb - ya) + xy[2 * a]!)
        inside = !inside
    }
  }
  return inside
}

/** Index of the feature under a lon/lat, or -1. */
export function featureAt(p: PackedAreas<unknown>, lon: number, lat: number): number {
  const x = worldX(lon) - p.origin[0]
  const y = worldY(lat) - p.origin[1]
  for (const i of p.index.search(x, y, x, y)) {
    if (contains(p, i, x, y))
      return i
  }
  return -1
}

/** Median of the features' box widths in world px: how big a feature looks at zoom z is this × 2^z. */
export function medianWidth(p: PackedAreas<unknown>): number {
  const n = p.features.length
  if (n === 0)
    return 0
  const widths = new Float64Array(n)
  for (let i = 0; i < n; i++)
    widths[i] = p.box[4 * i + 2]! - p.box[4 * i]!
  widths.sort()
  return widths[n >> 1]!
}

/**
 * The rings' segments that meet a box (relative world px), as open polylines: for strokes of a
 * few long rings (street and district lines), where Skia would stroke every joint of the whole
 * ring at every zoom whether it is on screen or not.
 */
export function segmentsIn(p: PackedAreas<unknown>, box: [number, number, number, number]): Path2D {
  const { xy, ringStart } = p
  const path = new Path2D()
  const [bx0, by0, bx1, by1] = box
  for (let r = 0; r + 1 < ringStart.length; r++) {
    const start = ringStart[r]!
    const end = ringStart[r + 1]!
    let open = false
    // segment k runs from vertex k to k + 1, the last one back to the ring's start
    for (let k = start; k < end; k++) {
      const n = k + 1 < end ? k + 1 : start
      const ax = xy[2 * k]!
      const ay = xy[2 * k + 1]!
      const cx = xy[2 * n]!
      const cy = xy[2 * n + 1]!
      if (Math.max(ax, cx) < bx0 || Math.min(ax, cx) > bx1 || Math.max(ay, cy) < by0 || Math.min(ay, cy) > by1) {
        open = false
        continue
      }
      if (!open)
        path.moveTo(ax, ay)
      path.lineTo(cx, cy)
      open = true
    }
  }
  return path
}
