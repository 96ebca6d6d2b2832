import type { Geom } from 'polyclip-ts'
import type { ArealGeometry, Ring } from './types'
import { setPrecision } from 'polyclip-ts'
import { rewind } from './rewind'

/*
 * polyclip-ts speaks bare coordinate arrays (Polygon = Ring[], MultiPolygon = Ring[][]); these
 * helpers translate to and from our GeoJSON geometries. Internal to the package.
 */

/** Our geometry as polyclip input. */
export function toClip(geom: ArealGeometry): Geom {
  return geom.coordinates
}

/** polyclip output (always a multipolygon) as a Polygon, MultiPolygon, or `null` when empty. */
export function fromClip(polygons: Ring[][]): ArealGeometry | null {
  const nonEmpty = polygons.filter(p => p.length > 0)
  if (nonEmpty.length === 0)
    return null
  if (nonEmpty.length === 1)
    return rewind({ type: 'Polygon', coordinates: nonEmpty[0]! })
  return rewind({ type: 'MultiPolygon', coordinates: nonEmpty })
}

/** Snapping tolerances to retry with, in degrees: 1e-13° ≈ 10 nm, 1e-9° ≈ 0.1 mm. */
const RETRY_EPSILONS = [1e-13, 1e-11, 1e-9]

/**
 * Runs a polyclip operation exactly and, should it throw — polyclip-ts can fail to close an output
 * ring when a vertex lies within an ulp of another polygon's edge ("Unable to complete output
 * ring") — again with growing snapping tolerance. The tolerance is module-global in polyclip, so
 * it is always reset; operations are synchronous, so nothing else can observe it.
 */
export function robustClip<R>(operation: () => R): R {
  try {
    return operation()
  }
  catch (exactError) {
    for (const eps of RETRY_EPSILONS) {
      setPrecision(eps)
      try {
        return operation()
      }
      catch {
        // try the next tolerance
      }
      finally {
        setPrecision()
      }
    }
    throw exactError
  }
}
