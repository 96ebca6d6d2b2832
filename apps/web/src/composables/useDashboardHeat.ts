import type { Heat } from '@gridgov/domain'
import type { HeatLayer, Map as LeafletMap } from 'leaflet'
import type { ComputedRef, Ref } from 'vue'
import type { LoadStatus } from '../stores/territory'
import type { Query } from './useApi'
import { useDebounceFn } from '@vueuse/core'
import * as L from 'leaflet'
import { ref, watch } from 'vue'
import { apiGet, isAbort } from './useApi'

interface Options {
  on: Ref<boolean>
  /** period, within and category of the heat */
  query: () => Query
  /** changes on every dashboard refresh: the heat refreshes with the rest */
  stamp: () => unknown
}

let plugin: Promise<typeof L.heatLayer> | undefined

/**
 * leaflet.heat is a classic script that extends a global `L`. The ESM namespace is frozen, so it gets
 * a mutable copy; loaded on first use only (the heatmap is off by default).
 */
function loadPlugin(): Promise<typeof L.heatLayer> {
  plugin ??= (async () => {
    const g = globalThis as { L?: typeof L }
    g.L ??= { ...L }
    await import('leaflet.heat')
    return g.L.heatLayer
  })()
  return plugin
}

/**
 * The case heatmap: pre-binned weighted cells from `GET /api/dashboard/heat` for the map's box and
 * zoom (never raw cases), refetched when the map stops moving (debounced) or the filter changes.
 */
export function useDashboardHeat(map: ComputedRef<LeafletMap | undefined>, opts: Options) {
  const status = ref<LoadStatus>('idle')
  const truncated = ref(false)
  const count = ref(0)
  let layer: HeatLayer | undefined
  let abort: AbortController | undefined

  async function load(): Promise<void> {
    const m = map.value
    if (!m || !opts.on.value)
      return
    abort?.abort()
    const mine = abort = new AbortController()
    status.value = 'loading'
    const b = m.getBounds().pad(0.1)
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(v => v.toFixed(5)).join(',')
    try {
      const [heatLayer, heat] = await Promise.all([
        loadPlugin(),
        apiGet<Heat>('/api/dashboard/heat', { ...opts.query(), zoom: Math.round(m.getZoom()), bbox }, mine.signal),
      ])
      if (!opts.on.value || map.value !== m)
        return
      const points: [number, number, number][] = []
      for (let i = 0; i + 2 < heat.bins.length; i += 3)
        points.push([heat.bins[i + 1]!, heat.bins[i]!, heat.bins[i + 2]!])
      // a cell's size on screen sets the blur radius, so neighbouring cells melt into one surface
      const cellPx = m.latLngToContainerPoint([b.getCenter().lat, b.getCenter().lng + heat.cellDegrees]).x - m.latLngToContainerPoint(b.getCenter()).x
      const radius = Math.max(12, Math.min(40, cellPx * 1.2))
      const options = { radius, blur: radius * 0.8, max: Math.max(1, heat.max * 0.7), minOpacity: 0.25, maxZoom: Math.round(m.getZoom()) }
      if (layer) {
        layer.setOptions(options)
        layer.setLatLngs(points)
      }
      else {
        layer = heatLayer(points, options).addTo(m)
      }
      truncated.value = heat.truncated
      count.value = heat.count
      status.value = 'ready'
    }
    catch (err) {
      if (!isAbort(err) && !mine.signal.aborted)
        status.value = 'error'
    }
  }
  const debounced = useDebounceFn(load, 300)

  function remove(): void {
    abort?.abort()
    layer?.remove()
    layer = undefined
    status.value = 'idle'
  }

  watch([map, opts.on], ([m, on], [old]) => {
    old?.off('moveend', debounced)
    if (!m || !on) {
      remove()
      return
    }
    m.on('moveend', debounced)
    void load()
  }, { immediate: true })
  watch(() => [JSON.stringify(opts.query()), opts.stamp()], () => void load())

  return { status, truncated, count }
}
