import type { ArealGeometry, Ring } from './types'
import { planarRingArea } from './measure'

/**
 * A copy of `geom` in RFC 7946 winding (§3.1.6): exterior rings counter-clockwise, holes
 * clockwise, every ring closed (first === last). Clipping and Voronoi libraries each have their
 * own habits; this puts their output into one canonical form.
 */
export function rewind<G extends ArealGeometry>(geom: G): G {
  if (geom.type === 'Polygon')
    return { ...geom, coordinates: rewindPolygon(geom.coordinates) }
  return { ...geom, coordinates: geom.coordinates.map(rewindPolygon) }
}

function rewindPolygon(rings: Ring[]): Ring[] {
  return rings.map((ring, k) => {
    const closed = closeRing(ring)
    const counterClockwise = planarRingArea(closed) > 0
    // Exterior (k = 0) wants counter-clockwise, holes want clockwise.
    return counterClockwise === (k === 0) ? closed : closed.reverse()
  })
}

/** A closed copy of `ring` (positions copied, so callers may mutate the result). */
export function closeRing(ring: Ring): Ring {
  const out: Ring = ring.map(([x, y]) => [x, y])
  const first = out[0]
  const last = out[out.length - 1]
  if (first && last && (first[0] !== last[0] || first[1] !== last[1]))
    out.push([first[0], first[1]])
  return out
}
