import type { ArealGeometry } from './types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkCoverage, isTiling } from './coverage'
import { geometryAreaM2 } from './measure'
import { arbTilingInput, mulberry32, polygon, quadMesh, rect, square } from './test-helpers'
import { voronoiTiling } from './tiling'

const nonNull = (cells: (ArealGeometry | null)[]) => cells.filter((c): c is ArealGeometry => c !== null)

describe('checkCoverage', () => {
  it('accepts an exact hand-made tiling', () => {
    const parent = polygon(rect(117.1, 36.2, 117.1 + 4 * 0.005, 36.2 + 3 * 0.005))
    const result = checkCoverage(parent, quadMesh(4, 3, 0.005, 0.3, mulberry32(5)))
    expect(result.gapAreaM2).toBeLessThan(1e-3)
    expect(result.overlapAreaM2).toBeLessThan(1e-3)
    expect(result.childrenAreaM2 / result.parentAreaM2).toBeCloseTo(1, 9)
    expect(isTiling(result)).toBe(true)
  })

  it('reports a child sticking out of the parent', () => {
    const parent = square(0.01)
    const result = checkCoverage(parent, [square(0.01), polygon(rect(117.11, 36.2, 117.12, 36.21))])
    expect(result.outsideAreaM2 / result.parentAreaM2).toBeCloseTo(1, 6)
    expect(isTiling(result)).toBe(false)
  })

  it('reports everything as gap when there are no children', () => {
    const result = checkCoverage(square(0.01), [])
    expect(result.gapAreaM2).toBe(result.parentAreaM2)
    expect(isTiling(result)).toBe(false)
  })

  it('property: Voronoi tilings pass; dropping a cell makes a gap, duplicating one an overlap', () => {
    fc.assert(fc.property(arbTilingInput, fc.nat(), ({ parent, seeds }, pick) => {
      const cells = nonNull(voronoiTiling(parent, seeds))
      const ok = checkCoverage(parent, cells)
      expect(ok.gapAreaM2 / ok.parentAreaM2).toBeLessThan(1e-9)
      expect(ok.overlapAreaM2 / ok.parentAreaM2).toBeLessThan(1e-9)
      expect(ok.outsideAreaM2 / ok.parentAreaM2).toBeLessThan(1e-9)
      expect(isTiling(ok)).toBe(true)

      const victim = cells[pick % cells.length]!
      const victimArea = geometryAreaM2(victim)
      if (victimArea / ok.parentAreaM2 < 1e-4)
        return // a sliver cell is below any sensible tolerance anyway
      const gap = checkCoverage(parent, cells.filter(c => c !== victim))
      expect(gap.gapAreaM2 / victimArea).toBeCloseTo(1, 6)
      expect(isTiling(gap)).toBe(false)
      const overlap = checkCoverage(parent, [...cells, victim])
      expect(overlap.overlapAreaM2 / victimArea).toBeCloseTo(1, 6)
      expect(overlap.gapAreaM2 / ok.parentAreaM2).toBeLessThan(1e-9)
      expect(isTiling(overlap)).toBe(false)
    }), { numRuns: 40 })
  })
})
