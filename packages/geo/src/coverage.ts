import type { ArealGeometry } from './types'
import { difference, union } from 'polyclip-ts'
import { geometryAreaM2 } from './measure'
import { fromClip, robustClip, toClip } from './polyclip-bridge'

/** How well a set of children covers a parent; all areas in m². */
export interface CoverageResult {
  parentAreaM2: number
  /** Sum of the children's own areas (counts overlaps twice). */
  childrenAreaM2: number
  /** Parent area no child covers. */
  gapAreaM2: number
  /** Area covered by more than one child: Σ child areas − area of their union. */
  overlapAreaM2: number
  /** Child area that lies outside the parent. */
  outsideAreaM2: number
}

/**
 * Measures how `children` tile `parent` (every point of a community in exactly one grid, 党建网格与
 * 综治网格统筹设置): gap = parent − ∪children, overlap = Σ children − |∪children|, outside =
 * ∪children − parent. Boolean operations by polyclip-ts, areas by {@link geometryAreaM2}.
 * Judge the result with {@link isTiling}.
 */
export function checkCoverage(parent: ArealGeometry, children: readonly ArealGeometry[]): CoverageResult {
  const parentAreaM2 = geometryAreaM2(parent)
  let childrenAreaM2 = 0
  for (const child of children)
    childrenAreaM2 += geometryAreaM2(child)
  if (children.length === 0)
    return { parentAreaM2, childrenAreaM2, gapAreaM2: parentAreaM2, overlapAreaM2: 0, outsideAreaM2: 0 }

  const [first, ...rest] = children.map(toClip)
  const covered = robustClip(() => union(first!, ...rest))
  const areaOf = (polygons: ReturnType<typeof union>): number => {
    const geom = fromClip(polygons)
    return geom ? geometryAreaM2(geom) : 0
  }
  const unionAreaM2 = areaOf(covered)
  return {
    parentAreaM2,
    childrenAreaM2,
    gapAreaM2: areaOf(robustClip(() => difference(toClip(parent), covered))),
    // Σ − ∪ can come out a hair negative from rounding; an overlap is never negative.
    overlapAreaM2: Math.max(0, childrenAreaM2 - unionAreaM2),
    outsideAreaM2: areaOf(robustClip(() => difference(covered, toClip(parent)))),
  }
}

/**
 * True when gap, overlap and outside area are each at most `toleranceRatio` of the parent's area.
 * The default 1e-6 admits floating-point slivers (≈ 1 m² per km²) and nothing a map would show.
 */
export function isTiling(result: CoverageResult, toleranceRatio = 1e-6): boolean {
  const limit = result.parentAreaM2 * toleranceRatio
  return result.gapAreaM2 <= limit && result.overlapAreaM2 <= limit && result.outsideAreaM2 <= limit
}
