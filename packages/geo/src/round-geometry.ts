import type { ArealGeometry, MultiPolygonGeometry, PolygonGeometry, Position, Ring } from './types'

/**
 * Rounds coordinates to `decimals` places for serialization (5 ≈ 1 m, 6 ≈ 0.1 m, 7 ≈ 1 cm).
 * Consecutive positions that become equal are merged, rings stay closed, and rings left with
 * fewer than 4 positions are dropped; a polygon whose exterior collapses is dropped with its holes.
 * Returns `null` when nothing is left. The geometry type is kept (a MultiPolygon with one part
 * stays a MultiPolygon).
 *
 * Shared vertices round to the same value, so neighbouring grids still share their edges; a
 * T-junction vertex, however, moves off its neighbour's edge by up to half a unit of the last
 * decimal — keep enough decimals for the coverage tolerance you need.
 */
export function roundGeometry(geom: PolygonGeometry, decimals: number): PolygonGeometry | null
export function roundGeometry(geom: MultiPolygonGeometry, decimals: number): MultiPolygonGeometry | null
export function roundGeometry(geom: ArealGeometry, decimals: number): ArealGeometry | null
export function roundGeometry(geom: ArealGeometry, decimals: number): ArealGeometry | null {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 15)
    throw new RangeError(`roundGeometry: decimals must be an integer 0…15, got ${decimals}`)
  const factor = 10 ** decimals
  const round = (v: number): number => Math.round(v * factor) / factor
  if (geom.type === 'Polygon') {
    const polygon = roundPolygon(geom.coordinates, round)
    return polygon ? { type: 'Polygon', coordinates: polygon } : null
  }
  const polygons = geom.coordinates
    .map(p => roundPolygon(p, round))
    .filter((p): p is Ring[] => p !== null)
  return polygons.length > 0 ? { type: 'MultiPolygon', coordinates: polygons } : null
}

function roundPolygon(rings: Ring[], round: (v: number) => number): Ring[] | null {
  const out: Ring[] = []
  for (const [k, ring] of rings.entries()) {
    const rounded = roundRing(ring, round)
    if (rounded)
      out.push(rounded)
    else if (k === 0)
      return null
  }
  return out
}

function roundRing(ring: Ring, round: (v: number) => number): Ring | null {
  const out: Ring = []
  let prev: Position | undefined
  for (const [x, y] of ring) {
    const p: Position = [round(x), round(y)]
    if (prev && prev[0] === p[0] && prev[1] === p[1])
      continue
    out.push(p)
    prev = p
  }
  const first = out[0]
  if (first && prev && (first[0] !== prev[0] || first[1] !== prev[1]))
    out.push([first[0], first[1]])
  return out.length >= 4 ? out : null
}
