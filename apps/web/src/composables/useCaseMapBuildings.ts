import type { Building, PageOf } from '@gridgov/domain'
import type { Map as LeafletMap } from 'leaflet'
import type { ShallowRef } from 'vue'
import { useDebounceFn } from '@vueuse/core'
import * as L from 'leaflet'
import { onBeforeUnmount, watch } from 'vue'
import { apiGet, isAbort } from './useApi'

/** Buildings appear from this zoom on; their names from the next, or at once when few are in view. */
const FROM_ZOOM = 16
const NAMES_FROM_ZOOM = 17
const FEW = 30

/**
 * The buildings (楼栋) in view on a case's small map, so the desk and the field see which building
 * a point is at: dots from zoom 16, their names from zoom 17 or when few (set as text, never as HTML).
 * Signed-in users only (the building list is scoped); the resident's form has no buildings.
 */
export function useCaseMapBuildings(map: ShallowRef<LeafletMap | undefined>, enabled: () => boolean) {
  const group = L.layerGroup()
  let abort: AbortController | undefined

  const load = useDebounceFn(async () => {
    const m = map.value
    abort?.abort()
    if (!m || !enabled() || m.getZoom() < FROM_ZOOM) {
      group.clearLayers()
      return
    }
    const mine = abort = new AbortController()
    const b = m.getBounds()
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(v => Math.min(180, Math.max(-180, v)).toFixed(5)).join(',')
    try {
      const page = await apiGet<PageOf<Building>>('/api/buildings', { bbox, limit: 300 }, mine.signal)
      group.clearLayers()
      const names = m.getZoom() >= NAMES_FROM_ZOOM || page.items.length <= FEW
      for (const building of page.items) {
        const dot = L.circleMarker([building.location[1], building.location[0]], { radius: 4, color: '#35506f', weight: 1, fillColor: '#fff', fillOpacity: 0.9, interactive: false })
        if (names) {
          const label = document.createElement('span')
          label.textContent = building.name
          dot.bindTooltip(label, { permanent: true, direction: 'right', offset: [6, 0], className: 'case-map__building-label' })
        }
        group.addLayer(dot)
      }
    }
    catch (err) {
      if (!isAbort(err))
        group.clearLayers() // orientation only: the map works without them
    }
  }, 200)

  watch(map, (m) => {
    if (!m)
      return
    group.addTo(m)
    m.on('moveend', load)
    void load()
  }, { immediate: true })

  onBeforeUnmount(() => {
    abort?.abort()
    map.value?.off('moveend', load)
    group.remove()
  })
}
