import type { GridDetail } from '@gridgov/domain'
import type { CommunityProps, GridProps, LayerName, MapConfig, StreetProps, TerritoryLayers } from '../types/layers'
import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import { ApiError, apiGet, isAbort } from '../composables/useApi'
import { groupBy } from '../utils/group-by'

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'

const LAYER_NAMES: LayerName[] = ['district', 'streets', 'communities', 'grids']

function toApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, 'network', String(err))
}

/**
 * Territory boundaries (district → street → community → grid) and the selected grid.
 * The GeoJSON is held raw (`shallowRef` + `markRaw`): 20,000 polygons must never become reactive.
 */
export const useTerritoryStore = defineStore('territory', () => {
  const layers = shallowRef<TerritoryLayers | null>(null)
  const layersStatus = ref<LoadStatus>('idle')
  const layersError = shallowRef<ApiError | null>(null)
  const mapConfig = shallowRef<MapConfig>({ tileLayer: null })

  const streets = computed<StreetProps[]>(() =>
    (layers.value?.streets.features ?? []).map(f => f.properties).sort((a, b) => a.code.localeCompare(b.code)))
  const communitiesByStreet = computed(() => groupBy(
    (layers.value?.communities.features ?? []).map(f => f.properties).sort((a, b) => a.code.localeCompare(b.code)),
    (c: CommunityProps) => c.streetCode,
  ))
  const gridsByCommunity = computed(() => groupBy(
    (layers.value?.grids.features ?? []).map(f => f.properties).sort((a, b) => a.code.localeCompare(b.code)),
    (g: GridProps) => g.communityCode,
  ))
  const gridIndex = computed(() => new Map((layers.value?.grids.features ?? []).map(f => [f.properties.code, f.properties])))
  const gridCount = computed(() => layers.value?.grids.features.length ?? 0)
  const districtName = computed(() => layers.value?.district.features[0]?.properties.name ?? '')

  let layersAbort: AbortController | undefined

  /** Loads the four boundary layers in parallel (and the optional basemap config). */
  async function loadLayers(): Promise<void> {
    layersAbort?.abort()
    const abort = layersAbort = new AbortController()
    layersStatus.value = 'loading'
    layersError.value = null
    // The basemap is optional: a failing /api/config just means "no tile layer".
    apiGet<MapConfig>('/api/config', undefined, abort.signal)
      .then((config) => { mapConfig.value = config })
      .catch(() => {})
    try {
      const loaded = await Promise.all(LAYER_NAMES.map(name =>
        apiGet<TerritoryLayers[typeof name]>(`/api/layers/${name}`, undefined, abort.signal)))
      const [district, streets, communities, grids] = loaded.map(fc => markRaw(fc))
      layers.value = markRaw({ district, streets, communities, grids } as TerritoryLayers)
      layersStatus.value = 'ready'
    }
    catch (err) {
      if (isAbort(err))
        return
      layersError.value = toApiError(err)
      layersStatus.value = 'error'
    }
  }

  const selectedCode = ref<string | null>(null)
  const detail = shallowRef<GridDetail | null>(null)
  const detailStatus = ref<LoadStatus>('idle')
  const detailError = shallowRef<ApiError | null>(null)
  let detailAbort: AbortController | undefined

  async function fetchDetail(code: string): Promise<void> {
    detailAbort?.abort()
    const abort = detailAbort = new AbortController()
    detailStatus.value = 'loading'
    detailError.value = null
    detail.value = null
    try {
      detail.value = await apiGet<GridDetail>(`/api/grids/${encodeURIComponent(code)}`, undefined, abort.signal)
      detailStatus.value = 'ready'
    }
    catch (err) {
      if (isAbort(err))
        return
      detailError.value = toApiError(err)
      detailStatus.value = 'error'
    }
  }

  /** Selects a grid (or clears the selection with `null`) and loads its detail. */
  function selectGrid(code: string | null): void {
    if (code === selectedCode.value)
      return
    selectedCode.value = code
    if (code) {
      void fetchDetail(code)
      return
    }
    detailAbort?.abort()
    detail.value = null
    detailError.value = null
    detailStatus.value = 'idle'
  }

  function reloadDetail(): void {
    if (selectedCode.value)
      void fetchDetail(selectedCode.value)
  }

  return {
    layers,
    layersStatus,
    layersError,
    mapConfig,
    streets,
    communitiesByStreet,
    gridsByCommunity,
    gridIndex,
    gridCount,
    districtName,
    loadLayers,
    selectedCode,
    detail,
    detailStatus,
    detailError,
    selectGrid,
    reloadDetail,
  }
})
