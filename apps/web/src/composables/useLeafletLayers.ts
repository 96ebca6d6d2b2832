import type { Map as LeafletMap, LeafletMouseEvent, Renderer } from 'leaflet'
import type { Ref, ShallowRef } from 'vue'
import type { GridStyler, TerritoryPainter } from '../components/map/territory-painter'
import type { AreaFeature, CommunityProps, GridProps, StreetProps, TerritoryLayers } from '../types/layers'
import type { MineScope } from './useMapMine'
import * as L from 'leaflet'
import { watch } from 'vue'
import { canvasStyle } from '../components/map/map-style'
import { TerritoryCanvas } from '../components/map/territory-canvas'
import { featureAt } from '../components/map/territory-pack'
import { createTerritoryPainter } from '../components/map/territory-painter'
import { createHighlight } from './useMapHighlight'
import { createMine } from './useMapMine'

interface Options {
  layers: Ref<TerritoryLayers | null>
  selectedCode: Ref<string | null>
  withBasemap: Ref<boolean>
  /** the signed-in user's grids or area, drawn as "mine" */
  mine: Ref<MineScope>
  /** per-grid fills (e.g. a choropleth); null keeps the base tint by street */
  gridStyle: Ref<GridStyler | null>
  onGridClick: (code: string) => void
  /**
   * Which territory a click (and the hover outline) acts on, given the grid under the pointer: a
   * street, community or grid code, or null for none — a drill-down one level at a time. Without
   * it: the grid once grids are big enough to pick, else its community, which the map flies to.
   */
  pick?: (gridCode: string) => string | null
  /** Called after the layers are (re)built, e.g. to set the first view. */
  onBuilt?: () => void
}

const reducedMotion = () => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false

function pane(map: LeafletMap, name: string, zIndex: number): string {
  const el = map.getPane(name) ?? map.createPane(name)
  el.style.zIndex = String(zIndex)
  el.style.pointerEvents = 'none' // the map itself takes pointer events; we hit-test an R-tree
  return name
}

/** Bounds of a (multi)polygon feature. */
export function featureBounds(feature: AreaFeature<unknown>): L.LatLngBounds {
  const g = feature.geometry
  const bounds = L.latLngBounds([])
  for (const polygon of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) {
    for (const [lon = 0, lat = 0] of polygon[0] ?? [])
      bounds.extend([lat, lon])
  }
  return bounds
}

/**
 * Draws the territory: every grid, community, street and district outline on one canvas in one
 * pass (territory-painter.ts), "my grids/area" on a second canvas, hover/selection on a third. No
 * DOM and no Leaflet layer per feature. Pointer → grid is an R-tree lookup plus a ray cast.
 * While grids are too small to pick (city zoom), hover and click act on the community instead.
 */
export function useLeafletLayers(map: ShallowRef<LeafletMap | undefined>, opts: Options) {
  let renderers: { mine: Renderer, highlight: Renderer } | undefined
  let territory: TerritoryCanvas | undefined
  let painter: TerritoryPainter | undefined
  let highlight: ReturnType<typeof createHighlight> | undefined
  let mine: ReturnType<typeof createMine> | undefined
  let districtBounds: L.LatLngBounds | undefined
  const gridsByCode = new Map<string, AreaFeature<GridProps>>()
  const communitiesByCode = new Map<string, AreaFeature<CommunityProps>>()
  const streetsByCode = new Map<string, AreaFeature<StreetProps>>()
  let pendingMove: Promise<void> = Promise.resolve()

  /**
   * What the pointer is over: with `pick`, the territory it names (`picked`); else the grid when
   * grids are big enough to pick, else its community.
   */
  function target(e: LeafletMouseEvent): { grid?: AreaFeature<GridProps>, community?: AreaFeature<CommunityProps>, picked?: { code: string, feature: AreaFeature<GridProps | CommunityProps | StreetProps> } } {
    const m = map.value
    if (!m || !painter)
      return {}
    const i = featureAt(painter.grids, e.latlng.lng, e.latlng.lat)
    const grid = painter.grids.features[i]
    if (!grid)
      return {}
    if (opts.pick) {
      const code = opts.pick(grid.properties.code)
      const feature = !code ? undefined : code.length === 15 ? gridsByCode.get(code) : code.length === 12 ? communitiesByCode.get(code) : streetsByCode.get(code)
      return code && feature ? { picked: { code, feature } } : {}
    }
    return painter.gridPx(m.getZoom()) >= canvasStyle.gridOutlineMinPx
      ? { grid }
      : { community: communitiesByCode.get(grid.properties.communityCode) }
  }

  function onMove(e: LeafletMouseEvent): void {
    const { grid, community, picked } = target(e)
    const feature = picked?.feature ?? grid ?? community
    highlight?.setHover(feature)
    map.value?.getContainer().classList.toggle('map-canvas--pointer', feature !== undefined)
  }
  function onLeave(): void {
    highlight?.setHover(undefined)
  }
  function onClick(e: LeafletMouseEvent): void {
    const { grid, community, picked } = target(e)
    if (picked)
      opts.onGridClick(picked.code)
    else if (grid)
      opts.onGridClick(grid.properties.code)
    else if (community)
      map.value?.flyToBounds(featureBounds(community), { padding: [40, 40], duration: 0.6 })
  }

  function baseOpacity(): number {
    return opts.withBasemap.value ? canvasStyle.gridFillOpacityOverBasemap : canvasStyle.gridFillOpacity
  }

  function build(m: LeafletMap, data: TerritoryLayers): void {
    territory?.remove()
    highlight?.group.remove()
    mine?.remove()
    gridsByCode.clear()
    communitiesByCode.clear()
    streetsByCode.clear()
    for (const f of data.streets.features)
      streetsByCode.set(f.properties.code, f)
    for (const f of data.grids.features)
      gridsByCode.set(f.properties.code, f)
    for (const f of data.communities.features)
      communitiesByCode.set(f.properties.code, f)
    const p = painter = createTerritoryPainter(data)
    p.setBaseOpacity(baseOpacity())
    if (opts.gridStyle.value)
      p.setGridStyle(opts.gridStyle.value)
    renderers ??= {
      mine: L.canvas({ padding: 0.3, pane: pane(m, 'gridgov-mine', 415) }),
      highlight: L.canvas({ padding: 0.3, pane: pane(m, 'gridgov-highlight', 420) }),
    }
    territory = new TerritoryCanvas(p.draw, 0.1, pane(m, 'gridgov-territory', 400))
    territory.addTo(m)
    const district = data.district.features[0]
    districtBounds = district ? featureBounds(district) : undefined

    mine = createMine(renderers.mine)
    mine.draw(m, data, code => gridsByCode.get(code), opts.mine.value)
    highlight = createHighlight(renderers.highlight)
    highlight.group.addTo(m)
    highlight.setSelected(opts.selectedCode.value ? gridsByCode.get(opts.selectedCode.value) : undefined)
    m.off('mousemove', onMove).on('mousemove', onMove)
    m.off('mouseout', onLeave).on('mouseout', onLeave)
    m.off('click', onClick).on('click', onClick)
    opts.onBuilt?.()
  }

  function moveTo(run: () => void): Promise<void> {
    const m = map.value
    if (!m)
      return Promise.resolve()
    pendingMove = new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined
      function done(): void {
        clearTimeout(timer)
        resolve()
      }
      // a move that ends where it started fires no moveend: give up waiting after 3 s
      timer = setTimeout(() => {
        m.off('moveend', done)
        resolve()
      }, 3000)
      m.once('moveend', done)
      run()
    })
    return pendingMove
  }

  /** Fits the whole district in view (the initial view). */
  function fitDistrict(animate = false): Promise<void> {
    const bounds = districtBounds
    if (!bounds?.isValid())
      return Promise.resolve()
    return moveTo(() => map.value?.fitBounds(bounds, { padding: [24, 24], animate }))
  }

  /** Fits the user's own grids or area in view; false when there is none (admin). */
  function fitMine(animate = false): Promise<boolean> {
    const bounds = mine?.bounds()
    if (!bounds?.isValid())
      return Promise.resolve(false)
    return moveTo(() => map.value?.fitBounds(bounds, { padding: [40, 40], maxZoom: 16, animate })).then(() => true)
  }

  /** Flies to a grid so that it fills a comfortable part of the view. Resolves when the map stops. */
  function focusGrid(code: string, animate = true): Promise<void> {
    const feature = gridsByCode.get(code)
    const bounds = feature && featureBounds(feature)
    if (!bounds?.isValid())
      return Promise.resolve()
    const options = { padding: [80, 80] as [number, number], maxZoom: 15 }
    return moveTo(() => !animate || reducedMotion()
      ? map.value?.fitBounds(bounds, { ...options, animate: false })
      : map.value?.flyToBounds(bounds, { ...options, duration: 0.8 }))
  }

  watch([map, opts.layers], ([m, data]) => {
    if (m && data)
      build(m, data)
  }, { immediate: true })

  watch(opts.selectedCode, (code) => {
    highlight?.setSelected(code ? gridsByCode.get(code) : undefined)
  })

  watch(opts.mine, (scope) => {
    const m = map.value
    const data = opts.layers.value
    if (m && data && mine)
      mine.draw(m, data, code => gridsByCode.get(code), scope)
  })

  watch(opts.withBasemap, () => {
    painter?.setBaseOpacity(baseOpacity())
    territory?.redraw()
  })

  watch(opts.gridStyle, (styler) => {
    painter?.setGridStyle(styler)
    territory?.redraw()
  })

  return {
    /** the grid feature of a code, if the layer has it */
    gridFeature: (code: string) => gridsByCode.get(code),
    fitDistrict,
    fitMine,
    focusGrid,
    /** codes of the grids currently drawn as "mine" */
    mineGridCodes: () => mine?.gridCodes() ?? [],
    /** grids (boxes) in the map's view */
    drawnGridCount: () => {
      const m = map.value
      if (!m || !painter)
        return 0
      const b = m.getPixelBounds()
      return painter.gridsIn(m.getZoom(), { x0: b.min!.x, y0: b.min!.y, x1: b.max!.x, y1: b.max!.y })
    },
    /** Resolves when the last programmatic move has finished. */
    settled: () => pendingMove,
    /** True once the territory canvas is built and on the map. */
    isReady: () => territory !== undefined && map.value?.hasLayer(territory) === true,
  }
}
