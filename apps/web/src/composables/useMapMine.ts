import type { Feature } from 'geojson'
import type { Renderer } from 'leaflet'
import type { AreaFeature, CommunityProps, GridProps, StreetProps, TerritoryLayers } from '../types/layers'
import * as L from 'leaflet'
import * as style from '../components/map/map-style'

/** The signed-in user's own territory: a grid role's grids, or a community/street worker's area. */
export interface MineScope {
  gridCodes: readonly string[]
  /** street (9) or community (12) code */
  areaCode: string | null
}

type Area = AreaFeature<GridProps | CommunityProps | StreetProps>

/**
 * "My grids" / "my area", drawn once on its own canvas above the territory outlines and below
 * hover/selection, so the user sees at a glance where they work.
 */
export function createMine(renderer: Renderer) {
  let layer: L.FeatureGroup | undefined
  let gridCodes: string[] = []

  function draw(map: L.Map, data: TerritoryLayers, gridFeature: (code: string) => Area | undefined, scope: MineScope): void {
    layer?.remove()
    layer = undefined
    const grids = scope.gridCodes.map(gridFeature).filter((f): f is Area => f !== undefined)
    gridCodes = grids.map(f => f.properties.code)
    const areas: Area[] = scope.areaCode
      ? [...data.streets.features, ...data.communities.features].filter(f => f.properties.code === scope.areaCode)
      : []
    if (grids.length + areas.length === 0)
      return
    // Geometry only: a drawing, not another copy of the territory for anyone iterating layers.
    const shapes = (fs: Area[], s: L.PathOptions) => fs.map(f =>
      L.geoJSON({ type: 'Feature', geometry: f.geometry, properties: null } as Feature, { renderer, interactive: false, style: () => s } as L.GeoJSONOptions))
    layer = L.featureGroup([
      ...shapes(areas, style.mineAreaHalo),
      ...shapes(areas, style.mineArea),
      ...shapes(grids, style.mineGrid),
    ]).addTo(map)
  }

  return {
    draw,
    remove: () => layer?.remove(),
    bounds: () => layer?.getBounds(),
    /** codes of the grids drawn as "mine" */
    gridCodes: () => [...gridCodes],
  }
}
