import type { Building, Choropleth, ChoroplethMetric, DashboardCategories, DashboardSummary, DashboardTrend, DashboardUnits, KpiKey, PeriodPreset } from '@gridgov/domain'
import type { Query } from '../composables/useApi'
import { useLocalStorage } from '@vueuse/core'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import { childLevel, contextOf, levelOf } from '../components/dashboard/dashboard-levels'
import { useDashboardResource } from '../composables/useDashboardResource'
import { useAuthStore } from './auth'

export type ScreenMode = 'big' | 'laptop'
/** A preset period, or a run of whole months `{ from: 'YYYY-MM', to: 'YYYY-MM' }`. */
export type DashboardPeriod = { preset: PeriodPreset } | { from: string, to: string }

/**
 * The street dashboard (指挥大屏): the period filter, the drill-down (`within`), the map's metric and
 * the figures of every panel. `refresh()` reloads the figures in place — it never touches the
 * drill-down, the selection or the map view, so the auto-refresh can run under a user's hands.
 */
export const useDashboardStore = defineStore('dashboard', () => {
  const auth = useAuthStore()
  const period = ref<DashboardPeriod>({ preset: 'this_month' })
  /** the unit drilled into (street, community or grid); null = the user's whole territory */
  const within = ref<string | null>(null)
  /** the building picked at the deepest level (within is then its grid) */
  const building = shallowRef<Building | null>(null)
  const metric = ref<ChoroplethMetric>('open')
  const rankSort = ref<KpiKey>('onTimeRate')
  const screen = useLocalStorage<ScreenMode>('gridgov.dashboard.screen', 'laptop')
  const heatOn = ref(false)
  const heatCategory = ref<string | null>(null)
  const updatedAt = ref<Date | null>(null)

  /** The user's own territory: a street or community code; null for the whole district (admin). */
  const root = computed<string | null>(() => {
    const me = auth.me
    return me && (me.role === 'street' || me.role === 'community') ? me.scopeCode : null
  })
  const current = computed(() => within.value ?? root.value)
  const level = computed(() => (current.value ? levelOf(current.value) : undefined) ?? 'district')
  /** Ranking: the units one level down; at a grid, its community's grids (the grid is marked). */
  const rankLevel = computed(() => childLevel(level.value))
  const rankWithin = computed(() => (current.value ? contextOf(current.value) : null))
  /** Map colours and heat cover the unit's context: at a grid, its whole community stays coloured. */
  const mapWithin = rankWithin

  // another user signed in on this page: the old drill-down may lie outside their territory
  watch(() => auth.me?.id, () => drill(null))

  const periodQuery = computed<Query>(() => 'preset' in period.value
    ? { period: period.value.preset }
    : { from: period.value.from, to: period.value.to })
  const query = computed<Query>(() => ({ ...periodQuery.value, within: within.value }))

  const summary = useDashboardResource<DashboardSummary>('/api/dashboard/summary')
  const units = useDashboardResource<DashboardUnits>('/api/dashboard/units')
  const choropleth = useDashboardResource<Choropleth>('/api/dashboard/choropleth')
  const trend = useDashboardResource<DashboardTrend>('/api/dashboard/trend')
  const categories = useDashboardResource<DashboardCategories>('/api/dashboard/categories')

  function loadUnits(): Promise<void> {
    return units.load({ ...periodQuery.value, within: rankWithin.value, level: rankLevel.value, sort: rankSort.value, limit: 500 })
  }
  function loadChoropleth(): Promise<void> {
    return choropleth.load({ ...periodQuery.value, within: mapWithin.value, metric: metric.value })
  }

  /** Reloads every panel for the current period and drill-down, keeping what is on screen meanwhile. */
  async function refresh(): Promise<void> {
    await Promise.all([
      summary.load(query.value),
      trend.load(query.value),
      categories.load(query.value),
      loadUnits(),
      loadChoropleth(),
    ])
    if (summary.status.value === 'ready')
      updatedAt.value = new Date()
  }

  /** Narrows to a unit (or back to the whole territory with null); a building keeps its grid. */
  function drill(code: string | null): void {
    building.value = null
    within.value = code && code !== root.value ? code : null
  }

  function pickBuilding(b: Building | null): void {
    if (b)
      within.value = b.gridCode
    building.value = b
  }

  return {
    period,
    within,
    building,
    metric,
    rankSort,
    screen,
    heatOn,
    heatCategory,
    updatedAt,
    root,
    current,
    level,
    rankLevel,
    rankWithin,
    mapWithin,
    periodQuery,
    summary,
    units,
    choropleth,
    trend,
    categories,
    loadUnits,
    loadChoropleth,
    refresh,
    drill,
    pickBuilding,
  }
})
