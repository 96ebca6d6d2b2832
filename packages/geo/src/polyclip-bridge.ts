import type { Geom } from 'polyclip-ts'
import type { ArealGeometry, Ring } from './types'
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
