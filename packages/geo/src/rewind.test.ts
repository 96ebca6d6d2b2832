import type { MultiPolygonGeometry, Ring } from './types'
import { describe, expect, it } from 'vitest'
import { planarRingArea } from './measure'
import { rewind } from './rewind'
import { polygon, rect } from './test-helpers'

const ccw = (ring: Ring): boolean => planarRingArea(ring) > 0

describe('rewind', () => {
  it('makes exteriors counter-clockwise and holes clockwise, closing open rings', () => {
    const wrong = polygon(rect(0, 0, 10, 10).reverse(), rect(2, 2, 4, 4).slice(0, -1))
    const fixed = rewind(wrong)
    const [outer, hole] = fixed.coordinates
    expect(ccw(outer!)).toBe(true)
    expect(ccw(hole!)).toBe(false)
    expect(hole).toHaveLength(5)
    expect(hole![0]).toEqual(hole![4])
    // The input is left alone.
    expect(ccw(wrong.coordinates[0]!)).toBe(false)
    expect(wrong.coordinates[1]).toHaveLength(4)
  })

  it('leaves correctly wound geometry as it was and handles MultiPolygons', () => {
    const right: MultiPolygonGeometry = { type: 'MultiPolygon', coordinates: [[rect(0, 0, 1, 1)], [rect(5, 5, 6, 6).reverse()]] }
    const fixed = rewind(right)
    expect(fixed.type).toBe('MultiPolygon')
    expect(fixed.coordinates[0]).toEqual(right.coordinates[0])
    expect(ccw(fixed.coordinates[1]![0]!)).toBe(true)
  })
})
