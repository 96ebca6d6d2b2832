/**
 * GeoJSON shapes used across GridGov (RFC 7946). Coordinates are always WGS-84 lon/lat; data that
 * arrives in GCJ-02 is converted on import (see `coordinate-conversion.ts`).
 */

/** `[lon, lat]` in WGS-84 degrees. */
export type Position = [number, number]

/** A closed linear ring: at least four positions, first === last (RFC 7946 §3.1.6). */
export type Ring = Position[]

/** Bounding box `[minLon, minLat, maxLon, maxLat]`. */
export type BBox = [number, number, number, number]

/** One exterior ring followed by zero or more holes. */
export interface PolygonGeometry {
  type: 'Polygon'
  coordinates: Ring[]
}

/** Several polygons that share no area. */
export interface MultiPolygonGeometry {
  type: 'MultiPolygon'
  coordinates: Ring[][]
}

/** Anything with an area: a grid, community or district boundary. */
export type ArealGeometry = PolygonGeometry | MultiPolygonGeometry

/** A point, e.g. a building location. */
export interface PointGeometry {
  type: 'Point'
  coordinates: Position
}

export interface MultiPointGeometry {
  type: 'MultiPoint'
  coordinates: Position[]
}

export interface LineStringGeometry {
  type: 'LineString'
  coordinates: Position[]
}

export interface MultiLineStringGeometry {
  type: 'MultiLineString'
  coordinates: Position[][]
}

/** The GeoJSON geometries GridGov reads (GeometryCollection is not used). */
export type Geometry
  = | PointGeometry
    | MultiPointGeometry
    | LineStringGeometry
    | MultiLineStringGeometry
    | ArealGeometry

export interface Feature<G extends Geometry = Geometry, P = Record<string, unknown> | null> {
  type: 'Feature'
  id?: string | number
  geometry: G
  properties: P
}

export interface FeatureCollection<G extends Geometry = Geometry, P = Record<string, unknown> | null> {
  type: 'FeatureCollection'
  features: Feature<G, P>[]
}

/** The polygons of an areal geometry, so callers need not branch on `type`. */
export function polygonsOf(geom: ArealGeometry): Ring[][] {
  return geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates
}
