import type { LatLngBounds, Map as LeafletMap } from 'leaflet'
import type { Ref, ShallowRef } from 'vue'
import type { AreaCollection, LonLat, TerritoryLayers } from '../types/layers'
import * as L from 'leaflet'
import { onBeforeUnmount, watch } from 'vue'
import { textElement } from '../utils/text-element'

/** At most this many labels at once: a few dozen DOM nodes, whatever the number of grids. */
const MAX_LABELS = 60

type Level = 'grids' | 'communities' | 'streets'

interface LabelPoint { name: string, lat: number, lng: number }

/** Rough on-screen label size in px (CJK glyphs are about 1 em wide). */
const FONT_PX: Record<Level, number> = { streets: 16, communities: 13, grids: 12 }

function points(fc: AreaCollection<{ name: string, center: LonLat }>): LabelPoint[] {
  return fc.features.map(f => ({ name: f.properties.name, lng: f.properties.center[0], lat: f.properties.center[1] }))
}

/**
 * Names on the map for what is in view, at the finest level that fits: grid names when few enough
 * grids are in view, else community names, else street names. Recomputed on `moveend`, capped at
 * MAX_LABELS, with a greedy overlap check so labels never pile up.
 */
export function useMapLabels(map: ShallowRef<LeafletMap | undefined>, layers: Ref<TerritoryLayers | null>) {
  const group = L.layerGroup()
  let byLevel: Record<Level, LabelPoint[]> | undefined
  /** markers on the map by level + point: kept across moves, so a pan adds and removes only the difference */
  let shown = new Map<string, L.Marker>()

  /** Plain number compares: this runs over every grid's label point on every moveend. */
  function inView(items: LabelPoint[], bounds: LatLngBounds): LabelPoint[] {
    const s = bounds.getSouth()
    const w = bounds.getWest()
    const n = bounds.getNorth()
    const e = bounds.getEast()
    return items.filter(p => p.lat >= s && p.lat <= n && p.lng >= w && p.lng <= e)
  }

  function update(): void {
    const m = map.value
    if (!m || !byLevel) {
      group.clearLayers()
      shown.clear()
      return
    }
    const bounds = m.getBounds()
    let level: Level = 'streets'
    let visible: LabelPoint[] = inView(byLevel.streets, bounds)
    for (const candidate of ['grids', 'communities'] as const) {
      const found = inView(byLevel[candidate], bounds)
      if (found.length > 0 && found.length <= MAX_LABELS) {
        level = candidate
        visible = found
        break
      }
    }
    const placed: Array<[number, number, number, number]> = []
    const next = new Map<string, L.Marker>()
    const px = FONT_PX[level]
    for (const p of visible) {
      const pt = m.latLngToContainerPoint([p.lat, p.lng])
      const w = ([...p.name].length * px) / 2 + 4
      const h = px / 2 + 3
      const box: [number, number, number, number] = [pt.x - w, pt.y - h, pt.x + w, pt.y + h]
      if (placed.some(b => box[0] < b[2] && box[2] > b[0] && box[1] < b[3] && box[3] > b[1]))
        continue
      placed.push(box)
      const key = `${level}|${p.lat}|${p.lng}|${p.name}`
      let marker = shown.get(key)
      if (!marker) {
        // the name as text in an element (divIcon would parse a string as HTML)
        const icon = L.divIcon({ className: `map-label map-label--${level}`, html: textElement(p.name), iconSize: [0, 0] })
        marker = L.marker([p.lat, p.lng], { icon, interactive: false, keyboard: false })
        group.addLayer(marker)
      }
      next.set(key, marker)
    }
    for (const [key, marker] of shown) {
      if (!next.has(key))
        group.removeLayer(marker)
    }
    shown = next
  }

  watch([map, layers], ([m, data]) => {
    byLevel = data
      ? { streets: points(data.streets), communities: points(data.communities), grids: points(data.grids) }
      : undefined
    if (!m)
      return
    group.addTo(m)
    m.off('moveend', update).on('moveend', update)
    update()
  }, { immediate: true })

  onBeforeUnmount(() => {
    map.value?.off('moveend', update)
    group.remove()
  })

  return { update }
}
