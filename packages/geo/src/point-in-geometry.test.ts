import type { ArealGeometry, MultiPolygonGeometry, PolygonGeometry, Position, Ring } from './types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { pointInGeometry, pointInPrepared, prepareGeometry } from './point-in-geometry'
import { arbTilingInput, boundaryDistance, mulberry32, polygon, quadMesh, rect, segmentDistance, uShape, verticesOf } from './test-helpers'
import { voronoiTiling } from './tiling'

const squareWithHole = polygon(rect(0, 0, 10, 10), rect(3, 3, 6, 6).reverse())
const twoParts: MultiPolygonGeometry = {
  type: 'MultiPolygon',
  coordinates: [[rect(0, 0, 1, 1)], [rect(5, 5, 7, 6)]],
}

/** Both ways of asking, which must always agree. */
function inside(lon: number, lat: number, geom: ArealGeometry): boolean {
  const raw = pointInGeometry(lon, lat, geom)
  expect(pointInPrepared(prepareGeometry(geom), lon, lat)).toBe(raw)
  return raw
}

function claimants(p: Position, cells: ArealGeometry[]): number {
  return cells.filter(cell => pointInGeometry(p[0], p[1], cell)).length
}

describe('pointInGeometry on hand-made shapes', () => {
  it('respects holes', () => {
    expect(inside(1, 1, squareWithHole)).toBe(true)
    expect(inside(4.5, 4.5, squareWithHole)).toBe(false)
    expect(inside(8, 4.5, squareWithHole)).toBe(true)
    expect(inside(11, 4.5, squareWithHole)).toBe(false)
    expect(inside(-1, 4.5, squareWithHole)).toBe(false)
  })

  it('finds points in either part of a MultiPolygon and not between them', () => {
    expect(inside(0.5, 0.5, twoParts)).toBe(true)
    expect(inside(6, 5.5, twoParts)).toBe(true)
    expect(inside(3, 3, twoParts)).toBe(false)
    // Same height as part two, left of it: the ray crosses part two twice.
    expect(inside(2, 5.5, twoParts)).toBe(false)
  })

  it('keeps the notch of a concave U outside', () => {
    const u = uShape(3, [0, 0]) // notch is [1, 2] × [1, 3]
    expect(inside(0.5, 2.5, u)).toBe(true)
    expect(inside(2.5, 2.5, u)).toBe(true)
    expect(inside(1.5, 0.5, u)).toBe(true)
    expect(inside(1.5, 2.5, u)).toBe(false)
    expect(inside(1.5, 1.5, u)).toBe(false)
  })

  it('gives the same answer for open rings, reversed rings and closed rings', () => {
    const closed = polygon(rect(0, 0, 2, 1))
    const open = polygon(rect(0, 0, 2, 1).slice(0, -1))
    const reversed = polygon(rect(0, 0, 2, 1).reverse())
    for (const [x, y] of [[1, 0.5], [0, 0], [2, 1], [1, 0], [1, 1], [0, 0.5], [2, 0.5], [3, 0.5]] as Position[]) {
      expect(inside(x, y, open)).toBe(pointInGeometry(x, y, closed))
      expect(inside(x, y, reversed)).toBe(pointInGeometry(x, y, closed))
    }
  })

  it('is false for an empty geometry', () => {
    expect(inside(0, 0, { type: 'MultiPolygon', coordinates: [] })).toBe(false)
  })
})

describe('shared edges and vertices (half-open rule)', () => {
  // 2 × 2 squares of side 1: every edge and vertex point below is exactly representable.
  const quads = [rect(0, 0, 1, 1), rect(1, 0, 2, 1), rect(0, 1, 1, 2), rect(1, 1, 2, 2)].map(r => polygon(r))

  it('gives the centre vertex and the inner edges to exactly one square', () => {
    for (const p of [[1, 1], [1, 0.5], [1, 1.5], [0.5, 1], [1.5, 1]] as Position[])
      expect(claimants(p, quads), `${p}`).toBe(1)
  })

  it('keeps a single square\'s own boundary half-open: south and west in, north and east out', () => {
    const unit = quads[0]!
    expect(inside(0.5, 0, unit)).toBe(true)
    expect(inside(0, 0.5, unit)).toBe(true)
    expect(inside(0, 0, unit)).toBe(true)
    expect(inside(0.5, 1, unit)).toBe(false)
    expect(inside(1, 0.5, unit)).toBe(false)
    expect(inside(1, 1, unit)).toBe(false)
  })

  it('property: on axis-aligned grids every interior vertex and edge midpoint has one owner', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: -12, max: -4 }), (cols, rows, exp) => {
      const step = 2 ** exp // exact in binary, so midpoints are exactly on the edges
      const cells = quadMesh(cols, rows, step, 0, () => 0)
      for (const cell of cells) {
        const ring = cell.coordinates[0]!
        for (let k = 0; k + 1 < ring.length; k++) {
          const [a, b] = [ring[k]!, ring[k + 1]!]
          const mid: Position = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]
          for (const p of [a, mid]) {
            if (onOuterBoundary(p, cols, rows, step))
              continue
            expect(claimants(p, cells)).toBe(1)
          }
        }
      }
    }), { numRuns: 40 })
  })

  it('property: on jittered quad meshes every interior vertex and edge point has one owner', () => {
    // Near lon/lat 0 the interpolation error is large against the coordinates' spacing, which is
    // where an order-dependent xIntersect would give a point to two cells or none (≈ 2 % of edge
    // points when interpolating from the first endpoint); near 泰安 the rounding hides it.
    const origin = fc.constantFrom<Position>([117.1, 36.2], [0, 0], [-0.0123, 0.0456])
    fc.assert(fc.property(fc.integer({ min: 2, max: 7 }), fc.integer({ min: 2, max: 7 }), fc.integer(), origin, fc.double({ min: 0, max: 1, noNaN: true }), (cols, rows, seed, o, t0) => {
      const step = 0.003
      const cells = quadMesh(cols, rows, step, 0.35, mulberry32(seed), o)
      const rand = mulberry32(seed ^ 0x5EED)
      for (const cell of cells) {
        const ring = cell.coordinates[0]!
        for (let k = 0; k + 1 < ring.length; k++) {
          const [a, b] = [ring[k]!, ring[k + 1]!]
          for (const t of [t0, rand(), rand(), rand()]) {
            // In floating point this point is on the edge or a rounding error off it; both cells
            // still make the same call for the shared edge, so exactly one owns it.
            const along: Position = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
            for (const p of [a, along]) {
              if (onOuterBoundary(p, cols, rows, step, o))
                continue
              expect(claimants(p, cells)).toBe(1)
            }
          }
        }
      }
    }), { numRuns: 60 })
  })

  it('property: Voronoi tilings give every interior shared vertex exactly one owner', () => {
    fc.assert(fc.property(arbTilingInput, ({ parent, seeds }) => {
      const cells = voronoiTiling(parent, seeds).filter((c): c is ArealGeometry => c !== null)
      for (const cell of cells) {
        for (const v of verticesOf(cell)) {
          // Vertices on the parent's boundary are outside or inside the union by the same rule
          // and may be T-junctions from clipping, so only interior ones are claimed by one cell.
          if (boundaryDistance(v, parent) < 1e-9)
            continue
          expect(claimants(v, cells)).toBe(1)
        }
      }
    }), { numRuns: 40 })
  })
})

/*
 * Random star-shaped polygons (with an optional star-shaped hole) have an independent truth:
 * walk out from the centre along the point's bearing and compare with where that ray meets the
 * boundary.
 */
interface Star { cx: number, cy: number, angles: number[], radii: number[] }

function starRing({ cx, cy, angles, radii }: Star): Ring {
  const ring: Ring = angles.map((a, k) => [cx + radii[k]! * Math.cos(a), cy + radii[k]! * Math.sin(a)])
  ring.push([...ring[0]!])
  return ring
}

/** True when (x, y) is inside the star, by ray from its centre. */
function inStar(star: Star, x: number, y: number): boolean {
  const ring = starRing(star)
  const phi = (Math.atan2(y - star.cy, x - star.cx) + 2 * Math.PI) % (2 * Math.PI)
  const n = star.angles.length
  let k = n - 1
  for (let i = 0; i < n; i++) {
    if (star.angles[i]! <= phi)
      k = i
  }
  const [a, b] = [ring[k]!, ring[(k + 1) % n]!]
  // Side of the edge a→b: the centre is on the left (counter-clockwise ring), so is an inside point.
  const side = (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0])
  return side > 0
}

const arbStar = fc.record({
  n: fc.integer({ min: 5, max: 40 }),
  gaps: fc.array(fc.double({ min: 1, max: 3, noNaN: true }), { minLength: 40, maxLength: 40 }),
  radii: fc.array(fc.double({ min: 0.2, max: 1, noNaN: true }), { minLength: 40, maxLength: 40 }),
}).map(({ n, gaps, radii }): Star => {
  // Angular gaps stay below π (max 3 / (3 + 4·1) of the turn), so the centre sees every edge.
  const used = gaps.slice(0, n)
  const total = used.reduce((s, g) => s + g, 0)
  const angles: number[] = []
  let acc = 0
  for (const g of used) {
    angles.push((acc / total) * 2 * Math.PI)
    acc += g
  }
  return { cx: 117.1, cy: 36.2, angles, radii: radii.slice(0, n).map(r => r * 0.01) }
})

describe('pointInGeometry against an independent truth', () => {
  it('property: agrees with the star oracle (with and without hole) away from edges', () => {
    const unit = fc.double({ min: -1, max: 1, noNaN: true })
    fc.assert(fc.property(arbStar, arbStar, fc.boolean(), fc.array(fc.tuple(unit, unit), { minLength: 20, maxLength: 20 }), (outer, innerRaw, withHole, samples) => {
      const outerRing = starRing(outer)
      // Shrink the hole into the disc the outer star surely contains.
      const clearance = Math.min(...outerRing.slice(0, -1).map((_, k) => segmentDistance([outer.cx, outer.cy], outerRing[k]!, outerRing[k + 1]!)))
      const scale = (0.9 * clearance) / Math.max(...innerRaw.radii)
      const inner: Star = { ...innerRaw, radii: innerRaw.radii.map(r => r * scale) }
      const innerRing = starRing(inner).reverse()
      const geom: PolygonGeometry = polygon(outerRing, ...(withHole ? [innerRing] : []))
      const prepared = prepareGeometry(geom)
      for (const [u, v] of samples) {
        const p: Position = [outer.cx + u * 0.011, outer.cy + v * 0.011]
        if (boundaryDistance(p, geom) < 1e-10)
          continue
        const truth = inStar(outer, p[0], p[1]) && !(withHole && inStar(inner, p[0], p[1]))
        expect(pointInGeometry(p[0], p[1], geom)).toBe(truth)
        expect(pointInPrepared(prepared, p[0], p[1])).toBe(truth)
      }
    }), { numRuns: 200 })
  })

  it('property: a MultiPolygon of two stars contains exactly the points of either', () => {
    const unit = fc.double({ min: -1, max: 1, noNaN: true })
    fc.assert(fc.property(arbStar, arbStar, fc.array(fc.tuple(unit, unit), { minLength: 20, maxLength: 20 }), (a, bRaw, samples) => {
      const b: Star = { ...bRaw, cx: a.cx + 0.025 }
      const geom: MultiPolygonGeometry = { type: 'MultiPolygon', coordinates: [[starRing(a)], [starRing(b)]] }
      for (const [u, v] of samples) {
        const p: Position = [a.cx + 0.0125 + u * 0.025, a.cy + v * 0.011]
        if (boundaryDistance(p, geom) < 1e-10)
          continue
        expect(inside(p[0], p[1], geom)).toBe(inStar(a, p[0], p[1]) || inStar(b, p[0], p[1]))
      }
    }), { numRuns: 100 })
  })
})

function onOuterBoundary([x, y]: Position, cols: number, rows: number, step: number, [x0, y0]: Position = [117.1, 36.2]): boolean {
  const eps = step * 1e-9
  return Math.abs(x - x0) < eps || Math.abs(x - (x0 + cols * step)) < eps
    || Math.abs(y - y0) < eps || Math.abs(y - (y0 + rows * step)) < eps
}
