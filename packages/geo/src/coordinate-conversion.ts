import type { Feature, FeatureCollection, Geometry, Position } from './types'
import gcoord from 'gcoord'

/*
 * GCJ-02 ("Mars coordinates", 火星坐标) is the obfuscated datum Chinese web maps (AMap, DataV,
 * Tencent) publish in; it sits a few hundred metres off WGS-84. GridGov stores WGS-84 only, so
 * GCJ-02 sources are converted on import. gcoord's inverse is iterative, accurate to ~1e-6°.
 * gcoord.transform mutates GeoJSON in place (and would shift a ring's shared first/last
 * position twice if both were the same array), so we walk the structure ourselves and only hand
 * it single positions.
 */

/** Anything {@link gcj02ToWgs84} accepts. */
export type Convertible = Position | Geometry | Feature | FeatureCollection

type PositionFn = (p: Position) => Position

/**
 * Converts GCJ-02 coordinates to WGS-84. Accepts a position, a geometry, a Feature or a
 * FeatureCollection and returns a converted deep copy of the same shape (the input is not
 * touched). Stale `bbox` members are dropped. Positions outside China are returned unchanged
 * (GCJ-02 is only defined there).
 */
export function gcj02ToWgs84<T extends Convertible>(input: T): T {
  return convert(input, p => toPosition(gcoord.transform([p[0], p[1]], gcoord.GCJ02, gcoord.WGS84)))
}

/**
 * Converts WGS-84 to GCJ-02 — for drawing our data over a GCJ-02 tile layer (AMap); stored data
 * stays WGS-84. Same shapes and copy semantics as {@link gcj02ToWgs84}.
 */
export function wgs84ToGcj02<T extends Convertible>(input: T): T {
  return convert(input, p => toPosition(gcoord.transform([p[0], p[1]], gcoord.WGS84, gcoord.GCJ02)))
}

function toPosition(p: readonly number[]): Position {
  return [p[0]!, p[1]!]
}

function convert<T extends Convertible>(input: T, fn: PositionFn): T {
  if (Array.isArray(input))
    return fn(input) as T
  const obj = input as Exclude<Convertible, Position>
  switch (obj.type) {
    case 'FeatureCollection':
      return { ...withoutBbox(obj), features: obj.features.map(f => convertFeature(f, fn)) } as T
    case 'Feature':
      return convertFeature(obj, fn) as T
    default:
      return convertGeometry(obj, fn) as T
  }
}

function convertFeature(feature: Feature, fn: PositionFn): Feature {
  // GeoJSON allows `geometry: null` for features without a location; keep it as it is.
  const geometry = feature.geometry as Geometry | null
  return { ...withoutBbox(feature), geometry: geometry && convertGeometry(geometry, fn) } as Feature
}

function convertGeometry(geom: Geometry, fn: PositionFn): Geometry {
  return { ...withoutBbox(geom), coordinates: convertCoordinates(geom.coordinates, fn) } as Geometry
}

/** Maps every position in nested coordinate arrays of any depth. */
function convertCoordinates(coords: unknown, fn: PositionFn): unknown {
  if (!Array.isArray(coords))
    return coords
  if (typeof coords[0] === 'number')
    return fn(coords as Position)
  return coords.map(c => convertCoordinates(c, fn))
}

function withoutBbox<O extends object>(obj: O): O {
  if (!('bbox' in obj))
    return obj
  const { bbox: _stale, ...rest } = obj as O & { bbox: unknown }
  return rest as O
}
