import type { Map as LeafletMap, TileLayer } from 'leaflet'
import type { Ref, ShallowRef } from 'vue'
import type { MapConfig } from '../types/layers'
import * as L from 'leaflet'
import { computed, watch } from 'vue'

/**
 * The deployer's optional tile layer from `/api/config`. Without one (the default) the map shows
 * only our own vector layers on a plain background, so it works with no internet at all.
 */
export function useBasemap(map: ShallowRef<LeafletMap | undefined>, config: Ref<MapConfig>) {
  let tiles: TileLayer | undefined
  // Attribution is shown only when there is someone else's basemap to credit.
  const attribution = L.control.attribution({ prefix: false })

  watch([map, config], ([m, cfg]) => {
    tiles?.remove()
    attribution.remove()
    tiles = undefined
    const layer = cfg.tileLayer
    if (!m || !layer)
      return
    // TODO(gcj02): our vectors are WGS-84; a GCJ-02 basemap (AMap) is offset by a few hundred metres
    // until we shift at display time (gcoord). Tianditu is CGCS2000 ≈ WGS-84 and needs no shift.
    if (layer.crs === 'gcj02')
      console.warn('[gridgov] GCJ-02 tile layer drawn without datum shift; expect an offset')
    attribution.addTo(m)
    tiles = L.tileLayer(layer.url, { attribution: layer.attribution, maxZoom: layer.maxZoom }).addTo(m)
  }, { immediate: true })

  return { withBasemap: computed(() => config.value.tileLayer !== null) }
}
