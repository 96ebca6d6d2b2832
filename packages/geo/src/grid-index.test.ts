import type { Position } from './types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { GridIndex, naiveLocate } from './grid-index'
import { distanceM, METERS_PER_DEGREE } from './measure'
import { arbTilingInput, itemsOf, mulberry32, polygon, quadMesh, rect, verticesOf } from './test-helpers'
import { voronoiTiling } from './tiling'

describe('gridIndex.locate', () => {
  const cells = quadMesh(4, 3, 0.005, 0.3, mulberry32(7))
  const items = cells.map((geometry, i) => ({ id: `g${i}`, geometry }))
  const index = new GridIndex(items)

  it('finds the grid of a point and nothing outside the layer', () => {
    expect(index.size).toBe(12)
    // Cell (1, 1) is index 5; its centre moved by at most 0.3 step, so (x0 + 1.5 step, …) is in it.
    expect(index.locate(117.1 + 1.5 * 0.005, 36.2 + 1.5 * 0.005)).toBe('g5')
    expect(index.locate(117.0, 36.2)).toBeUndefined()
    expect(index.locate(117.1 + 0.021, 36.201)).toBeUndefined()
  })

  it('returns the first grid in input order when two grids overlap', () => {
    const overlapping = new GridIndex([
      { id: 'b', geometry: polygon(rect(0, 0, 2, 2)) },
      { id: 'a', geometry: polygon(rect(1, 1, 3, 3)) },
    ])
    expect(overlapping.locate(1.5, 1.5)).toBe('b')
    expect(overlapping.locate(2.5, 2.5)).toBe('a')
    const reversed = new GridIndex([
      { id: 'a', geometry: polygon(rect(1, 1, 3, 3)) },
      { id: 'b', geometry: polygon(rect(0, 0, 2, 2)) },
    ])
    expect(reversed.locate(1.5, 1.5)).toBe('a')
  })

  it('answers nothing when empty', () => {
    const empty = new GridIndex<string>([])
    expect(empty.size).toBe(0)
    expect(empty.locate(117.1, 36.2)).toBeUndefined()
    expect(empty.nearest(117.1, 36.2)).toBeUndefined()
  })

  it('property: equals the naive scan on random Voronoi tilings', () => {
    const unit = fc.double({ min: -0.1, max: 1.1, noNaN: true })
    fc.assert(fc.property(arbTilingInput, fc.array(fc.tuple(unit, unit), { minLength: 50, maxLength: 50 }), ({ parent, seeds }, samples) => {
      const items = itemsOf(voronoiTiling(parent, seeds))
      const index = new GridIndex(items)
      const [x0, y0] = parent.coordinates[0]![0]!
      const size = parent.coordinates[0]![2]![0] - x0
      const points: Position[] = samples.map(([u, v]) => [x0 + u * size, y0 + v * size])
      // Vertices are where a wrong candidate order would show.
      points.push(...items.slice(0, 5).flatMap(item => verticesOf(item.geometry)))
      for (const [x, y] of points)
        expect(index.locate(x, y)).toBe(naiveLocate(items, x, y))
    }), { numRuns: 60 })
  })
})

describe('gridIndex.nearest', () => {
  const items = [
    { id: 'west', geometry: polygon(rect(117.10, 36.20, 117.11, 36.21)) },
    { id: 'east', geometry: polygon(rect(117.12, 36.20, 117.13, 36.21)) },
  ]
  const index = new GridIndex(items)
  const mPerDegLon = METERS_PER_DEGREE * Math.cos((36.205 * Math.PI) / 180)

  it('reports distance 0 for a point inside a grid', () => {
    expect(index.nearest(117.105, 36.205)).toEqual({ id: 'west', distanceM: 0 })
  })

  it('picks the grid with the closest boundary, not the closest box centre', () => {
    // In the gap, 0.004° from west's east edge and 0.006° from east's west edge.
    const near = index.nearest(117.114, 36.205)!
    expect(near.id).toBe('west')
    expect(near.distanceM).toBeCloseTo(0.004 * mPerDegLon, 3)
  })

  it('measures to the nearest corner when the point is diagonal to the grid', () => {
    const near = index.nearest(117.135, 36.215)!
    expect(near.id).toBe('east')
    const exact = distanceM([117.135, 36.215], [117.13, 36.21])
    expect(Math.abs(near.distanceM - exact) / exact).toBeLessThan(1e-3)
  })

  it('property: agrees with a brute-force minimum over all grids', () => {
    const cells = quadMesh(6, 5, 0.004, 0.3, mulberry32(11))
    const items = cells.map((geometry, id) => ({ id, geometry }))
    // Leave holes in the layer so some points fall between grids.
    const sparse = items.filter(item => item.id % 3 !== 0)
    const index = new GridIndex(sparse)
    const single = sparse.map(item => new GridIndex([item]))
    const unit = fc.double({ min: -0.5, max: 1.5, noNaN: true })
    fc.assert(fc.property(unit, unit, (u, v) => {
      const [x, y] = [117.1 + u * 0.024, 36.2 + v * 0.02]
      const found = index.nearest(x, y)!
      const distances = single.map(s => s.nearest(x, y)!.distanceM)
      const best = Math.min(...distances)
      expect(found.distanceM).toBe(best)
      expect(found.id).toBe(sparse[distances.indexOf(best)]!.id)
    }), { numRuns: 300 })
  })
})

describe('naiveLocate', () => {
  it('returns the first containing item', () => {
    const items = [
      { id: 1, geometry: polygon(rect(0, 0, 1, 1)) },
      { id: 2, geometry: polygon(rect(0, 0, 2, 2)) },
    ]
    expect(naiveLocate(items, 0.5, 0.5)).toBe(1)
    expect(naiveLocate(items, 1.5, 1.5)).toBe(2)
    expect(naiveLocate(items, 3, 3)).toBeUndefined()
  })
})
