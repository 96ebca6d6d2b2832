import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson'

/** [lon, lat] WGS-84, as in RFC 7946. */
export type LonLat = [number, number]

type Area = Polygon | MultiPolygon

export interface DistrictProps { code: string, name: string }
export interface StreetProps { code: string, name: string, kind: string, center: LonLat }
export interface CommunityProps { code: string, name: string, streetCode: string, center: LonLat }
export interface GridProps { code: string, name: string, communityCode: string, streetCode: string, center: LonLat }

export type AreaFeature<P> = Feature<Area, P>
export type AreaCollection<P> = FeatureCollection<Area, P>

/** The four boundary layers served by `GET /api/layers/:level`. */
export interface TerritoryLayers {
  district: AreaCollection<DistrictProps>
  streets: AreaCollection<StreetProps>
  communities: AreaCollection<CommunityProps>
  grids: AreaCollection<GridProps>
}

export type LayerName = keyof TerritoryLayers

/** `GET /api/config` — the deployer's optional basemap. */
export interface MapConfig {
  tileLayer: null | { url: string, attribution: string, crs: 'wgs84' | 'gcj02', maxZoom: number }
}
