import type { Feature } from 'geojson'
import type { PathOptions, Renderer } from 'leaflet'
import * as L from 'leaflet'
import * as style from '../components/map/map-style'

/**
 * Hover and selection outlines, drawn on their own small canvas above the territory. The big grid
 * canvas is never restyled, so highlighting costs one or two paths whatever the number of grids.
 */
export function createHighlight(renderer: Renderer) {
  const group = L.layerGroup()
  let hover: L.GeoJSON | undefined
  let selected: L.GeoJSON[] = []
  let hoverFeature: Feature | undefined
  let selectedFeature: Feature | undefined

  // Geometry only: the outline is a drawing, not another copy of the grid for anyone iterating layers.
  const draw = (feature: Feature, s: PathOptions) =>
    L.geoJSON({ type: 'Feature', geometry: feature.geometry, properties: null } as Feature, { renderer, interactive: false, style: () => s } as L.GeoJSONOptions).addTo(group)

  function redraw(): void {
    hover?.remove()
    selected.forEach(l => l.remove())
    // The selected grid wins over hover: drawn last, and no hover outline on top of it. A white
    // halo under its red line tells it apart from "my grids" (red too, see useMapMine).
    hover = hoverFeature && hoverFeature !== selectedFeature ? draw(hoverFeature, style.gridHover) : undefined
    selected = selectedFeature ? [draw(selectedFeature, style.gridSelectedHalo), draw(selectedFeature, style.gridSelected)] : []
  }

  return {
    group,
    setHover(feature: Feature | undefined): void {
      if (feature === hoverFeature)
        return
      hoverFeature = feature
      redraw()
    },
    setSelected(feature: Feature | undefined): void {
      selectedFeature = feature
      redraw()
    },
  }
}
