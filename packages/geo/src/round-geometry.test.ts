import type { MultiPolygonGeometry } from './types'
import { describe, expect, it } from 'vitest'
import { roundGeometry } from './round-geometry'
import { polygon, rect } from './test-helpers'

describe('roundGeometry', () => {
  it('rounds, merges vertices that become equal, and keeps the ring closed', () => {
    const g = polygon([[117.123456, 36.1], [117.123457, 36.1], [117.2, 36.1], [117.2, 36.2], [117.123456, 36.2], [117.1234561, 36.1]])
    expect(roundGeometry(g, 5)).toEqual(polygon([[117.12346, 36.1], [117.2, 36.1], [117.2, 36.2], [117.12346, 36.2], [117.12346, 36.1]]))
  })

  it('closes a ring whose closing vertex was merged into its neighbour', () => {
    const g = polygon([[0.1, 0.1], [1, 0.1], [1, 1], [0.1, 1], [0.1, 0.14], [0.1, 0.1]])
    const rounded = roundGeometry(g, 1)!
    expect(rounded.coordinates[0]).toEqual([[0.1, 0.1], [1, 0.1], [1, 1], [0.1, 1], [0.1, 0.1]])
  })

  it('drops collapsed holes, collapsed parts, and returns null when nothing is left', () => {
    const tinyHole = rect(0.5, 0.5, 0.5000001, 0.5000001)
    expect(roundGeometry(polygon(rect(0, 0, 1, 1), tinyHole), 4)).toEqual(polygon(rect(0, 0, 1, 1)))
    const multi: MultiPolygonGeometry = { type: 'MultiPolygon', coordinates: [[rect(0, 0, 1, 1)], [rect(5, 5, 5.00001, 5.00001)]] }
    expect(roundGeometry(multi, 3)).toEqual({ type: 'MultiPolygon', coordinates: [[rect(0, 0, 1, 1)]] })
    expect(roundGeometry(polygon(rect(5, 5, 5.00001, 5.00001)), 3)).toBeNull()
  })

  it('keeps shared vertices shared', () => {
    const a = roundGeometry(polygon(rect(117.1000004, 36.2, 117.3, 36.3)), 6)!
    const b = roundGeometry(polygon(rect(116.9, 36.2, 117.1000004, 36.3)), 6)!
    expect(a.coordinates[0]![0]).toEqual(b.coordinates[0]![1])
  })

  it('rejects a nonsensical precision', () => {
    expect(() => roundGeometry(polygon(rect(0, 0, 1, 1)), -1)).toThrow(RangeError)
    expect(() => roundGeometry(polygon(rect(0, 0, 1, 1)), 2.5)).toThrow(RangeError)
  })
})
