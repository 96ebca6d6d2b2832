import type { ArealGeometry, MultiPolygonGeometry, Position, Ring } from './types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildCellRaster } from './cell-raster'
import { GridIndex, naiveLocate } from './grid-index'
import { packGeometries } from './packed-geometry'
import { pointInGeometry } from './point-in-geometry'
import { mulberry32, polygon, quadMesh, rect, verticesOf } from './test-helpers'
import { polygonsOf } from './types'

/*
 * GridIndex.locate answers from a cell raster (cell-raster.ts) and ray casts only near
 * boundaries; these properties hold it to the naive scan on layers built to hit every class of
 * cell: points on cell borders and a hair either side, on vertices and edges, grids smaller than a
 * cell, holes filled by another grid, MultiPolygons, overlaps decided by input order.
 */

interface Item { id: number, geometry: ArealGeometry }

/** The cell borders of the raster GridIndex builds for `items`, as x and y lines. */
function cellLines(items: Item[]): { xs: number[], ys: number[] } {
  const raster = buildCellRaster(packGeometries(items.map(item => item.geometry)))
  if (!raster)
    return { xs: [], ys: [] }
  const xs = Array.from({ length: raster.cols + 1 }, (_, c) => raster.minX + c / raster.scaleX)
  const ys = Array.from({ length: raster.rows + 1 }, (_, r) => raster.minY + r / raster.scaleY)
  return { xs: raster.scaleX > 0 ? xs : [raster.minX], ys: raster.scaleY > 0 ? ys : [raster.minY] }
}

/** `v` and its neighbours: a few ulps, the index's 1e-9° margin, and a little more, either side. */
function around(v: number): number[] {
  const ulp = Math.abs(v) * Number.EPSILON || Number.MIN_VALUE
  return [0, ulp, 3 * ulp, 5e-10, 1e-9, 2e-9, 1e-7].flatMap(d => [v - d, v + d])
}

/** Points along every edge of `geom`: its vertices, midpoints and `extra` random fractions. */
function edgePoints(geom: ArealGeometry, rand: () => number, extra = 2): Position[] {
  const points: Position[] = []
  for (const ring of polygonsOf(geom).flat()) {
    for (let k = 0; k + 1 < ring.length; k++) {
      const [[ax, ay], [bx, by]] = [ring[k]!, ring[k + 1]!]
      for (const t of [0, 0.5, ...Array.from({ length: extra }, rand)])
        points.push([ax + t * (bx - ax), ay + t * (by - ay)])
    }
  }
  return points
}

/** Checks GridIndex against the naive scan on `points` plus cell-border and edge probes. */
function expectSameAsScan(items: Item[], points: Position[], rand: () => number) {
  const index = new GridIndex(items)
  const probes: Position[] = [...points]
  for (const item of items)
    probes.push(...edgePoints(item.geometry, rand))
  const { xs, ys } = cellLines(items)
  const pick = <V>(a: V[]) => a[Math.floor(rand() * a.length)]!
  for (let i = 0; i < 40 && xs.length > 0; i++) {
    // a vertical and a horizontal cell border, a cell corner, each with close neighbours
    const [x, y] = [pick(xs), pick(ys)]
    const [u, v] = [xs[0]! + rand() * (xs.at(-1)! - xs[0]!), ys[0]! + rand() * (ys.at(-1)! - ys[0]!)]
    for (const a of around(x))
      probes.push([a, v])
    for (const b of around(y))
      probes.push([u, b])
    for (const a of around(x).slice(0, 6)) {
      for (const b of around(y).slice(0, 6))
        probes.push([a, b])
    }
  }
  for (const [x, y] of probes)
    expect(index.locate(x, y), `(${x}, ${y})`).toBe(naiveLocate(items, x, y))
}

/** Uniform points over the items' box grown by 10 %. */
function randomPoints(items: Item[], n: number, rand: () => number): Position[] {
  const all = items.flatMap(item => verticesOf(item.geometry))
  const [x0, x1] = [Math.min(...all.map(p => p[0])), Math.max(...all.map(p => p[0]))]
  const [y0, y1] = [Math.min(...all.map(p => p[1])), Math.max(...all.map(p => p[1]))]
  const [w, h] = [(x1 - x0) * 1.2, (y1 - y0) * 1.2]
  return Array.from({ length: n }, (): Position => [x0 - w / 12 + rand() * w, y0 - h / 12 + rand() * h])
}

function shuffled<V>(values: V[], rand: () => number): V[] {
  const out = [...values]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/** Ring `r` shrunk towards its centroid by `f` (0 < f < 1), reversed: a hole for a convex cell. */
function hole(r: Ring, f: number): Ring {
  const n = r.length - 1
  const [cx, cy] = [r.slice(0, n).reduce((s, p) => s + p[0], 0) / n, r.slice(0, n).reduce((s, p) => s + p[1], 0) / n]
  return r.map(([x, y]): Position => [cx + f * (x - cx), cy + f * (y - cy)]).reverse()
}

/**
 * A jittered quad mesh (a partition, shared vertices bit for bit) with some cells holed and the
 * hole filled by a grid of its own, some pairs of cells merged into a MultiPolygon, tiny grids and
 * a few larger rectangles on top (overlaps), all in a shuffled input order.
 */
const arbLayer = fc.record({
  cols: fc.integer({ min: 1, max: 9 }),
  rows: fc.integer({ min: 1, max: 9 }),
  step: fc.constantFrom(0.001, 0.0023, 2 ** -9),
  jitter: fc.constantFrom(0, 0.2, 0.35),
  origin: fc.constantFrom<Position>([117.1, 36.2], [0, 0], [-0.0123, 0.0456], [117.05, 36.09]),
  holes: fc.integer({ min: 0, max: 3 }),
  merges: fc.integer({ min: 0, max: 2 }),
  tiny: fc.integer({ min: 0, max: 12 }),
  overlaps: fc.integer({ min: 0, max: 2 }),
  seed: fc.integer(),
}).map(({ cols, rows, step, jitter, origin, holes, merges, tiny, overlaps, seed }) => {
  const rand = mulberry32(seed)
  const geometries: ArealGeometry[] = quadMesh(cols, rows, step, jitter, rand, origin)
  for (let h = 0; h < holes; h++) {
    const i = Math.floor(rand() * geometries.length)
    const cell = geometries[i]!
    if (cell.type !== 'Polygon' || cell.coordinates.length > 1)
      continue
    const inner = hole(cell.coordinates[0]!, 0.2 + 0.6 * rand())
    geometries[i] = polygon(cell.coordinates[0]!, inner)
    geometries.push(polygon([...inner].reverse())) // the grid filling the hole
  }
  for (let m = 0; m < merges && geometries.length > 2; m++) {
    const [i, j] = [0, geometries.length - 1]
    const multi: MultiPolygonGeometry = { type: 'MultiPolygon', coordinates: [...polygonsOf(geometries[i]!), ...polygonsOf(geometries[j]!)] }
    geometries.splice(j, 1)
    geometries[i] = multi
  }
  const [x0, y0] = origin
  for (let t = 0; t < tiny; t++) {
    const size = step * (0.001 + 0.05 * rand())
    const [x, y] = [x0 + rand() * cols * step, y0 + rand() * rows * step]
    geometries.push(polygon(rect(x, y, x + size, y + size)))
  }
  for (let o = 0; o < overlaps; o++) {
    const [x, y] = [x0 + rand() * cols * step, y0 + rand() * rows * step]
    geometries.push(polygon(rect(x, y, x + step * 1.5 * rand(), y + step * 1.5 * rand())))
  }
  return { items: shuffled(geometries, rand).map((geometry, id) => ({ id, geometry })), seed }
})

describe('gridIndex.locate on its cell raster', () => {
  it('property: equals the naive scan on meshes with holes, MultiPolygons, tiny and overlapping grids', () => {
    fc.assert(fc.property(arbLayer, ({ items, seed }) => {
      const rand = mulberry32(seed ^ 0x51DE)
      expectSameAsScan(items, randomPoints(items, 200, rand), rand)
    }), { numRuns: 100 })
  })

  it('property: a single grid answers exactly pointInGeometry, on and off its boundary', () => {
    const arbGrid = fc.record({
      n: fc.integer({ min: 3, max: 12 }),
      radii: fc.array(fc.double({ min: 0.2, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
      holed: fc.boolean(),
      seed: fc.integer(),
    })
    fc.assert(fc.property(arbGrid, ({ n, radii, holed, seed }) => {
      // a star around 泰安 (star-shaped, possibly concave) with an optional hole
      const ring: Ring = Array.from({ length: n }, (_, k): Position => {
        const a = (2 * Math.PI * k) / n
        return [117.1 + 0.004 * radii[k]! * Math.cos(a), 36.2 + 0.004 * radii[k]! * Math.sin(a)]
      })
      ring.push([...ring[0]!])
      const inner = rect(117.0995, 36.1995, 117.1005, 36.2005).reverse()
      const items = [{ id: 7, geometry: polygon(ring, ...(holed ? [inner] : [])) }]
      const rand = mulberry32(seed)
      expectSameAsScan(items, randomPoints(items, 300, rand), rand)
      const index = new GridIndex(items)
      for (const [x, y] of randomPoints(items, 100, rand))
        expect(index.locate(x, y)).toBe(pointInGeometry(x, y, items[0]!.geometry) ? 7 : undefined)
    }), { numRuns: 50 })
  })

  it('finds grids smaller than a cell, earlier ones over the grid around them, later ones not', () => {
    const rand = mulberry32(3)
    const big = quadMesh(6, 6, 0.002, 0.3, rand)
    // tiny grids 1/100 of a mesh cell across, a fraction of a raster cell
    const tiny = Array.from({ length: 30 }, () => {
      const [x, y] = [117.1 + rand() * 0.012, 36.2 + rand() * 0.012]
      return polygon(rect(x, y, x + 0.00002, y + 0.00002))
    })
    const before = [...tiny.slice(0, 15), ...big, ...tiny.slice(15)].map((geometry, id) => ({ id, geometry }))
    const cellSide = 1 / buildCellRaster(packGeometries(before.map(item => item.geometry)))!.scaleX
    expect(cellSide).toBeGreaterThan(0.00002 * 5)
    const index = new GridIndex(before)
    for (let t = 0; t < 30; t++) {
      const r = tiny[t]!.coordinates[0]!
      const centre: Position = [(r[0]![0] + r[2]![0]) / 2, (r[0]![1] + r[2]![1]) / 2]
      // an earlier tiny grid wins over the mesh cell under it; a later one never shows
      const id = index.locate(...centre)
      if (t < 15)
        expect(id).toBe(t)
      else
        expect(id).toBeGreaterThanOrEqual(15)
      expect(id).toBe(naiveLocate(before, ...centre))
    }
    expectSameAsScan(before, randomPoints(before, 2000, rand), rand)
  })

  it('answers nothing for grids without positions, points off the layer and non-numbers', () => {
    const empty: ArealGeometry = { type: 'MultiPolygon', coordinates: [] }
    expect(new GridIndex([{ id: 1, geometry: empty }]).locate(117.1, 36.2)).toBeUndefined()
    const index = new GridIndex([{ id: 1, geometry: empty }, { id: 2, geometry: polygon(rect(0, 0, 1, 1)) }])
    expect(index.size).toBe(2)
    expect(index.locate(0.5, 0.5)).toBe(2)
    for (const [x, y] of [[-0.1, 0.5], [1.1, 0.5], [0.5, -0.1], [0.5, 1.1], [Number.NaN, 0.5], [0.5, Number.NaN], [Infinity, 0.5], [-Infinity, -Infinity]])
      expect(index.locate(x!, y!)).toBeUndefined()
    // half-open as the ray cast: south and west sides in, north and east out
    expect(index.locate(0, 0)).toBe(2)
    expect(index.locate(1, 0.5)).toBeUndefined()
    expect(index.locate(0.5, 1)).toBeUndefined()
  })

  it('handles degenerate layers: one point, one segment, a zero-height strip', () => {
    const point = polygon([[1, 1], [1, 1], [1, 1], [1, 1]])
    const segment = polygon([[1, 1], [2, 1], [1, 1], [1, 1]])
    for (const geometry of [point, segment]) {
      const items = [{ id: 0, geometry }, { id: 1, geometry: polygon(rect(5, 5, 6, 6)) }]
      const rand = mulberry32(1)
      expectSameAsScan(items, [[1, 1], [1.5, 1], [5.5, 5.5], ...randomPoints(items, 100, rand)], rand)
      expectSameAsScan([{ id: 0, geometry }], [[1, 1], [1.5, 1], [0, 0]], rand)
    }
  })
})
