import type { MultiPolygonGeometry } from './types'
import { describe, expect, it } from 'vitest'
import { bboxOf, centroidOf, distanceM, EARTH_RADIUS_M, geometryAreaM2, METERS_PER_DEGREE, ringArea } from './measure'
import { polygon, rect, uShape } from './test-helpers'

const RAD = Math.PI / 180

/** Exact area of a lon/lat rectangle on the sphere: R² · Δλ · (sin φ₂ − sin φ₁). */
function sphereRectArea(x0: number, y0: number, x1: number, y1: number): number {
  return EARTH_RADIUS_M ** 2 * (x1 - x0) * RAD * (Math.sin(y1 * RAD) - Math.sin(y0 * RAD))
}

describe('ringArea', () => {
  it('is exact for lon/lat rectangles and positive when counter-clockwise', () => {
    for (const [x0, y0, x1, y1] of [[0, 0, 1, 1], [117.1, 36.2, 117.11, 36.21], [117.1, 36.2, 117.1003, 36.2002]]) {
      const expected = sphereRectArea(x0!, y0!, x1!, y1!)
      expect(Math.abs(ringArea(rect(x0!, y0!, x1!, y1!)) / expected - 1)).toBeLessThan(1e-9)
      expect(Math.abs(ringArea(rect(x0!, y0!, x1!, y1!).reverse()) / -expected - 1)).toBeLessThan(1e-9)
    }
  })

  it('gives about 0.997 km² for a 0.01° square in 泰安', () => {
    // 0.01° ≈ 1112 m north–south and 1112 · cos 36.2° ≈ 897 m east–west.
    expect(ringArea(rect(117.1, 36.2, 117.11, 36.21)) / 1e6).toBeCloseTo(0.9975, 3)
  })

  it('does not change when an edge is split at a collinear vertex (clippers add and drop those)', () => {
    const triangle: [number, number][] = [[117.1, 36.2], [117.13, 36.2], [117.1, 36.23], [117.1, 36.2]]
    const split: [number, number][] = [[117.1, 36.2], [117.13, 36.2], [117.115, 36.215], [117.1, 36.23], [117.1, 36.2]]
    expect(Math.abs(ringArea(split) / ringArea(triangle) - 1)).toBeLessThan(1e-12)
  })

  it('is 0 for degenerate rings', () => {
    expect(ringArea([])).toBe(0)
    expect(ringArea([[1, 1], [2, 2], [1, 1]])).toBe(0)
  })
})

describe('geometryAreaM2', () => {
  it('subtracts holes whatever their winding and adds MultiPolygon parts', () => {
    const outer = rect(117.1, 36.2, 117.11, 36.21)
    const hole = rect(117.102, 36.202, 117.104, 36.204)
    const expected = sphereRectArea(117.1, 36.2, 117.11, 36.21) - sphereRectArea(117.102, 36.202, 117.104, 36.204)
    expect(geometryAreaM2(polygon(outer, hole.slice().reverse())) / expected).toBeCloseTo(1, 9)
    expect(geometryAreaM2(polygon(outer.slice().reverse(), hole)) / expected).toBeCloseTo(1, 9)
    const multi: MultiPolygonGeometry = { type: 'MultiPolygon', coordinates: [[outer], [rect(117.2, 36.2, 117.21, 36.21)]] }
    expect(geometryAreaM2(multi) / (2 * sphereRectArea(117.1, 36.2, 117.11, 36.21))).toBeCloseTo(1, 4)
  })
})

describe('centroidOf', () => {
  it('weights by area and subtracts holes', () => {
    const [cx, cy] = centroidOf(polygon(rect(0, 0, 10, 10), rect(3, 3, 6, 6).reverse()))
    expect(cx).toBeCloseTo(459.5 / 91, 12)
    expect(cy).toBeCloseTo(459.5 / 91, 12)
  })

  it('finds the centroid of a concave U (outside-ish, on its axis)', () => {
    const [cx, cy] = centroidOf(uShape(3, [0, 0]))
    expect(cx).toBeCloseTo(1.5, 12)
    expect(cy).toBeCloseTo(9.5 / 7, 12)
  })

  it('weights MultiPolygon parts by their area', () => {
    const multi: MultiPolygonGeometry = { type: 'MultiPolygon', coordinates: [[rect(0, 0, 1, 1)], [rect(10, 0, 13, 1)]] }
    const [cx, cy] = centroidOf(multi)
    expect(cx).toBeCloseTo((1 * 0.5 + 3 * 11.5) / 4, 12)
    expect(cy).toBeCloseTo(0.5, 12)
  })

  it('keeps precision at real coordinates and falls back to the vertex mean when flat', () => {
    const [cx, cy] = centroidOf(polygon(rect(117.1, 36.2, 117.1001, 36.2001)))
    expect(Math.abs(cx - 117.10005)).toBeLessThan(1e-12)
    expect(Math.abs(cy - 36.20005)).toBeLessThan(1e-12)
    expect(centroidOf(polygon([[0, 0], [2, 2], [4, 4], [0, 0]]))).toEqual([2, 2])
    expect(() => centroidOf({ type: 'MultiPolygon', coordinates: [] })).toThrow(RangeError)
  })
})

describe('bboxOf', () => {
  it('spans all rings and parts', () => {
    const multi: MultiPolygonGeometry = { type: 'MultiPolygon', coordinates: [[rect(1, 2, 3, 4)], [rect(-1, 5, 0, 6)]] }
    expect(bboxOf(multi)).toEqual([-1, 2, 3, 6])
  })
})

describe('distanceM', () => {
  it('measures a degree of latitude and shrinks longitude degrees by cos φ', () => {
    expect(distanceM([117, 36], [117, 37])).toBeCloseTo(METERS_PER_DEGREE, 6)
    expect(METERS_PER_DEGREE).toBeCloseTo(111_195.08, 1)
    expect(distanceM([117, 36.2], [117.001, 36.2]) / (METERS_PER_DEGREE * 0.001 * Math.cos(36.2 * RAD))).toBeCloseTo(1, 6)
    expect(distanceM([117.1, 36.2], [117.1, 36.2])).toBe(0)
  })
})
