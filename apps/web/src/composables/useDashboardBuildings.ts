import type { Building, PageOf } from '@gridgov/domain'
import type { Map as LeafletMap } from 'leaflet'
import type { ComputedRef } from 'vue'
import { useDebounceFn } from '@vueuse/core'
import * as L from 'leaflet'
import { ref, watch } from 'vue'
import { textElement } from '../utils/text-element'
import { apiGet, isAbort } from './useApi'

interface Options {
  /** code of the building picked, drawn highlighted */
  selected: () => string | null
  onPick: (b: Building) => void
  /** tooltip text of a building */
  label: (b: Building) => string
  /**
   * Whether buildings take clicks (and show their tooltip). Until then they are drawn for
   * orientation only and a click goes through to the grid beneath, so a drill-down never skips
   * the grid on its way to a building.
   */
  pickable: () => boolean
}

/** Buildings appear from this zoom on: below it a street's thousands of dots are noise. */
export const BUILDINGS_FROM_ZOOM = 16

/**
 * Buildings (楼栋) at high zoom, fetched for the map's box. Drawn as SVG in their own pane whose
 * empty area lets clicks through to the grid canvas below (a second canvas on top would swallow
 * them); once pickable, a click on a building drills down to it.
 */
export function useDashboardBuildings(map: ComputedRef<LeafletMap | undefined>, opts: Options) {
  const visible = ref(false)
  let group: L.LayerGroup | undefined
  let renderer: L.Renderer | undefined
  let abort: AbortController | undefined

  function style(b: Building): L.PathOptions {
    const picked = b.code === opts.selected()
    return { color: picked ? '#c8161d' : '#35506f', weight: picked ? 3 : 1, fillColor: picked ? '#c8161d' : '#ffffff', fillOpacity: picked ? 0.55 : 0.75 }
  }

  async function load(): Promise<void> {
    const m = map.value
    if (!m)
      return
    visible.value = m.getZoom() >= BUILDINGS_FROM_ZOOM
    abort?.abort()
    if (!visible.value) {
      group?.clearLayers()
      return
    }
    const mine = abort = new AbortController()
    const b = m.getBounds()
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(v => v.toFixed(5)).join(',')
    try {
      const page = await apiGet<PageOf<Building>>('/api/buildings', { bbox, limit: 500 }, mine.signal)
      if (!renderer) {
        const pane = m.getPane('dashboard-buildings') ?? m.createPane('dashboard-buildings')
        pane.style.zIndex = '425'
        pane.style.pointerEvents = 'none' // only the building shapes catch clicks
        renderer = L.svg({ pane: 'dashboard-buildings' })
      }
      group ??= L.layerGroup().addTo(m)
      group.clearLayers()
      const interactive = opts.pickable()
      for (const building of page.items) {
        const shape = building.footprint
          ? L.geoJSON(building.footprint, { renderer, interactive, style: () => style(building) } as L.GeoJSONOptions)
          : L.circleMarker([building.location[1], building.location[0]], { renderer, interactive, radius: 6, ...style(building) })
        if (interactive) {
          shape.bindTooltip(textElement(opts.label(building)))
          shape.on('click', (e) => {
            L.DomEvent.stopPropagation(e)
            opts.onPick(building)
          })
        }
        group.addLayer(shape)
      }
    }
    catch (err) {
      if (!isAbort(err) && !mine.signal.aborted)
        group?.clearLayers() // buildings are a detail layer: the map stays usable without them
    }
  }
  const debounced = useDebounceFn(load, 250)

  watch(map, (m, old) => {
    old?.off('moveend', debounced)
    m?.on('moveend', debounced)
  }, { immediate: true })
  watch([opts.selected, opts.pickable], () => void load())

  return { visible }
}
