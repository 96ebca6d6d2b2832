import type { MultiPolygon, Polygon, Position } from 'geojson'

type Ring = Position[]

/** Even-odd ray cast over all rings of one polygon (outer ring and holes). */
function inPolygon(rings: Ring[], x: number, y: number): boolean {
  let inside = false
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi = 0, yi = 0] = ring[i] ?? []
      const [xj = 0, yj = 0] = ring[j] ?? []
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi)
        inside = !inside
    }
  }
  return inside
}

/** Middle of the widest inside span on the horizontal line through the middle of the outer ring. */
function spanMiddle(rings: Ring[]): [number, number] | undefined {
  const outer = rings[0] ?? []
  const ys = outer.map(p => p[1] ?? 0)
  const y = (Math.min(...ys) + Math.max(...ys)) / 2
  const xs: number[] = []
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi = 0, yi = 0] = ring[i] ?? []
      const [xj = 0, yj = 0] = ring[j] ?? []
      if ((yi > y) !== (yj > y))
        xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi)
    }
  }
  xs.sort((a, b) => a - b)
  let best: [number, number] | undefined
  let width = -1
  for (let k = 0; k + 1 < xs.length; k += 2) {
    const a = xs[k] ?? 0
    const b = xs[k + 1] ?? 0
    if (b - a > width) {
      width = b - a
      best = [(a + b) / 2, y]
    }
  }
  return best
}

/**
 * A point guaranteed to lie inside the (multi)polygon: `hint` (e.g. the feature's `center`) when it
 * is inside, otherwise a point on the widest horizontal span of the first part. Concave grids can
 * have their centroid outside; clicking there would pick the neighbour.
 */
export function interiorPoint(geometry: Polygon | MultiPolygon, hint: [number, number]): [number, number] {
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  if (parts.some(rings => inPolygon(rings, hint[0], hint[1])))
    return hint
  return (parts[0] && spanMiddle(parts[0])) ?? hint
}
