import type { ArealGeometry, BBox, Position, Ring } from './types'
import { polygonsOf } from './types'

/** Mean Earth radius (IUGG), the sphere all distances and areas here are measured on. */
export const EARTH_RADIUS_M = 6371008.8

/** Metres per degree of latitude (and of longitude at the equator) on that sphere. */
export const METERS_PER_DEGREE = (EARTH_RADIUS_M * Math.PI) / 180

const RAD = Math.PI / 180

/** Bounding box of all rings; `[Infinity, Infinity, -Infinity, -Infinity]` for an empty geometry. */
export function bboxOf(geom: ArealGeometry): BBox {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const polygon of polygonsOf(geom)) {
    for (const ring of polygon) {
      for (const [x, y] of ring) {
        if (x < minX)
          minX = x
        if (x > maxX)
          maxX = x
        if (y < minY)
          minY = y
        if (y > maxY)
          maxY = y
      }
    }
  }
  return [minX, minY, maxX, maxY]
}

/**
 * Signed area of a ring on the sphere in m², positive when counter-clockwise (an RFC 7946
 * exterior). Exact for the region whose edges are straight in lon/lat — the edges GeoJSON and
 * `pointInGeometry` draw. By Green's theorem A = −R² ∮ sin φ dλ, and along a straight
 * lon/lat edge the integral is Δλ · sin φₘ · sinc(Δφ/2) (φₘ the mean latitude). Unlike the
 * trapezoid formula of Chamberlain & Duquette (Turf), this is additive: splitting an edge at a
 * collinear vertex — which clipping libraries add and remove freely — does not change the area,
 * so coverage checks compare like with like.
 */
export function ringArea(ring: Ring): number {
  const n = closedLength(ring)
  if (n < 3)
    return 0
  // Σ Δλ is 0 over a closed ring, so subtracting a reference sin φ changes nothing
  // mathematically but avoids cancellation between large, nearly equal terms.
  const sinRef = Math.sin(ring[0]![1] * RAD)
  let sum = 0
  for (let i = 0; i < n; i++) {
    const a = ring[i]!
    const b = ring[(i + 1) % n]!
    const halfDPhi = ((b[1] - a[1]) * RAD) / 2
    const sinc = halfDPhi === 0 ? 1 : Math.sin(halfDPhi) / halfDPhi
    sum += (b[0] - a[0]) * (Math.sin(((a[1] + b[1]) / 2) * RAD) * sinc - sinRef)
  }
  return -sum * RAD * EARTH_RADIUS_M * EARTH_RADIUS_M
}

/** Area in m²: exteriors minus holes, whatever their winding. */
export function geometryAreaM2(geom: ArealGeometry): number {
  let area = 0
  for (const polygon of polygonsOf(geom)) {
    polygon.forEach((ring, k) => {
      area += k === 0 ? Math.abs(ringArea(ring)) : -Math.abs(ringArea(ring))
    })
  }
  return area
}

/**
 * Signed planar area in square degrees (shoelace), positive when counter-clockwise. Used for
 * winding and centroids, where the lon/lat plane is accurate enough at city scale.
 */
export function planarRingArea(ring: Ring): number {
  const n = closedLength(ring)
  if (n < 3)
    return 0
  const [ox, oy] = ring[0]!
  let sum = 0
  for (let i = 0; i < n; i++) {
    const a = ring[i]!
    const b = ring[(i + 1) % n]!
    sum += (a[0] - ox) * (b[1] - oy) - (b[0] - ox) * (a[1] - oy)
  }
  return sum / 2
}

/**
 * Area-weighted centroid (holes subtract), computed in the lon/lat plane — at city scale the
 * difference to a geodesic centroid is centimetres. May lie outside a concave shape. For a
 * degenerate geometry (zero area) returns the mean of its vertices.
 */
export function centroidOf(geom: ArealGeometry): Position {
  const polygons = polygonsOf(geom)
  const origin = polygons[0]?.[0]?.[0]
  if (!origin)
    throw new RangeError('centroidOf: empty geometry')
  // Work relative to one vertex so the cross products keep their precision.
  const [ox, oy] = origin
  let weight = 0
  let cx = 0
  let cy = 0
  let vertexX = 0
  let vertexY = 0
  let vertices = 0
  for (const polygon of polygons) {
    polygon.forEach((ring, k) => {
      const n = closedLength(ring)
      let a2 = 0
      let sx = 0
      let sy = 0
      for (let i = 0; i < n; i++) {
        const ax = ring[i]![0] - ox
        const ay = ring[i]![1] - oy
        const bx = ring[(i + 1) % n]![0] - ox
        const by = ring[(i + 1) % n]![1] - oy
        const cross = ax * by - bx * ay
        a2 += cross
        sx += (ax + bx) * cross
        sy += (ay + by) * cross
        vertexX += ax
        vertexY += ay
        vertices++
      }
      if (a2 === 0)
        return
      // Ring centroid is (sx, sy) / (3·a2); exteriors weigh +|area|, holes −|area|.
      const w = (k === 0 ? 1 : -1) * Math.abs(a2)
      weight += w
      cx += (w * sx) / (3 * a2)
      cy += (w * sy) / (3 * a2)
    })
  }
  if (weight === 0 || !Number.isFinite(weight))
    return [ox + vertexX / vertices, oy + vertexY / vertices]
  return [ox + cx / weight, oy + cy / weight]
}

/** Great-circle distance in metres between two positions (haversine). */
export function distanceM(a: Position, b: Position): number {
  const dLat = (b[1] - a[1]) * RAD
  const dLon = (b[0] - a[0]) * RAD
  const h = Math.sin(dLat / 2) ** 2
    + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** Number of distinct positions of a ring: the closing duplicate, if any, is not counted. */
function closedLength(ring: Ring): number {
  const n = ring.length
  const first = ring[0]
  const last = ring[n - 1]
  if (n > 1 && first && last && first[0] === last[0] && first[1] === last[1])
    return n - 1
  return n
}
