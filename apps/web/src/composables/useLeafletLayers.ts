import type { Feature, Geometry } from 'geojson'
import type { Layer, Map as LeafletMap, LeafletMouseEvent, Renderer } from 'leaflet'
import type { Ref, ShallowRef } from 'vue'
import type { AreaFeature, CommunityProps, GridProps, TerritoryLayers } from '../types/layers'
import type { MineScope } from './useMapMine'
import * as L from 'leaflet'
import { watch } from 'vue'
import * as style from '../components/map/map-style'
import { createHighlight } from './useMapHighlight'
import { createMine } from './useMapMine'

interface Options {
  layers: Ref<TerritoryLayers | null>
  selectedCode: Ref<string | null>
  withBasemap: Ref<boolean>
  /** the signed-in user's grids or area, drawn as "mine" */
  mine: Ref<MineScope>
  onGridClick: (code: string) => void
  /** Called after the layers are (re)built, e.g. to set the first view. */
  onBuilt?: () => void
}

/** A drawn grid polygon; Leaflet keeps its source feature on it. */
export type GridPath = L.Polygon & { feature: AreaFeature<GridProps> }
type AreaPath = L.Polygon & { feature: AreaFeature<GridProps | CommunityProps> }

/**
 * Above this many grids in view, draw community areas instead of grids (level of detail): a canvas
 * redraw costs ~25 µs per polygon, so 20,000 tiny grids at city zoom would take half a second.
 * Grids come back below 80 % of it (hysteresis, so the layers don't flicker at the threshold).
 */
const GRID_DRAW_LIMIT = 2000

const reducedMotion = () => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false

function pane(map: LeafletMap, name: string, zIndex: number): string {
  const el = map.getPane(name) ?? map.createPane(name)
  el.style.zIndex = String(zIndex)
  el.style.pointerEvents = 'none' // clicks fall through to the grid canvas below
  return name
}

/**
 * Draws the territory on canvas, no per-feature DOM: grids (interactive) on one canvas, community,
 * street and district outlines on a second one above it, hover/selection outlines on a third.
 * Hit-testing is Leaflet's canvas point-in-polygon on the grid canvas.
 */
export function useLeafletLayers(map: ShallowRef<LeafletMap | undefined>, opts: Options) {
  let renderers: { areas: Renderer, outlines: Renderer, mine: Renderer, highlight: Renderer } | undefined
  let highlight: ReturnType<typeof createHighlight> | undefined
  let mine: ReturnType<typeof createMine> | undefined
  let group: L.LayerGroup | undefined
  let gridsLayer: L.GeoJSON | undefined
  let communityAreas: L.GeoJSON | undefined
  let districtLayer: L.GeoJSON | undefined
  let gridCenters: L.LatLng[] = []
  const gridPaths = new Map<string, GridPath>()
  const fillByStreet = new Map<string, string>()
  let pendingMove: Promise<void> = Promise.resolve()

  const fill = (streetCode: string) => fillByStreet.get(streetCode) ?? style.streetFill(0)

  function onHover(e: { propagatedFrom: AreaPath }): void {
    highlight?.setHover(e.propagatedFrom.feature)
  }
  function onLeave(): void {
    highlight?.setHover(undefined)
  }
  function onGridClick(e: LeafletMouseEvent): void {
    opts.onGridClick((e.propagatedFrom as GridPath).feature.properties.code)
  }
  function onCommunityClick(e: LeafletMouseEvent): void {
    map.value?.flyToBounds((e.propagatedFrom as AreaPath).getBounds(), { padding: [40, 40], duration: 0.6 })
  }

  /** Grids when few enough are in view, else community areas. */
  function updateDetail(): void {
    const m = map.value
    if (!m || !group || !gridsLayer || !communityAreas)
      return
    const bounds = m.getBounds()
    const showing = group.hasLayer(gridsLayer)
    let inView = 0
    for (const c of gridCenters) {
      if (bounds.contains(c))
        inView++
    }
    const wantGrids = showing ? inView <= GRID_DRAW_LIMIT : inView < GRID_DRAW_LIMIT * 0.8
    if (wantGrids === showing)
      return
    onLeave()
    group.removeLayer(wantGrids ? communityAreas : gridsLayer)
    group.addLayer(wantGrids ? gridsLayer : communityAreas)
  }

  function build(m: LeafletMap, data: TerritoryLayers): void {
    group?.remove()
    highlight?.group.remove()
    mine?.remove()
    gridPaths.clear()
    renderers ??= {
      areas: L.canvas({ padding: 0.3, tolerance: 2 }),
      outlines: L.canvas({ padding: 0.3, pane: pane(m, 'gridgov-outlines', 410) }),
      mine: L.canvas({ padding: 0.3, pane: pane(m, 'gridgov-mine', 415) }),
      highlight: L.canvas({ padding: 0.3, pane: pane(m, 'gridgov-highlight', 420) }),
    }
    const { areas, outlines } = renderers
    data.streets.features.forEach((f, i) => fillByStreet.set(f.properties.code, style.streetFill(i)))
    const outline = (fc: TerritoryLayers[keyof TerritoryLayers], s: L.PathOptions) =>
      L.geoJSON(fc, { renderer: outlines, style: () => s, interactive: false } as L.GeoJSONOptions)

    gridsLayer = L.geoJSON(data.grids, {
      renderer: areas,
      style: f => style.gridBase(fill((f!.properties as GridProps).streetCode), opts.withBasemap.value),
      onEachFeature: (f: Feature<Geometry, GridProps>, layer: Layer) => { gridPaths.set(f.properties.code, layer as GridPath) },
    } as L.GeoJSONOptions)
    gridsLayer.on({ mouseover: onHover, mouseout: onLeave, click: onGridClick } as L.LeafletEventHandlerFnMap)
    gridCenters = data.grids.features.map(f => L.latLng(f.properties.center[1], f.properties.center[0]))

    communityAreas = L.geoJSON(data.communities, {
      renderer: areas,
      style: f => style.communityArea(fill((f!.properties as CommunityProps).streetCode), opts.withBasemap.value),
    } as L.GeoJSONOptions)
    communityAreas.on({ mouseover: onHover, mouseout: onLeave, click: onCommunityClick } as L.LeafletEventHandlerFnMap)

    districtLayer = outline(data.district, style.districtOutline)
    // Within one canvas, the order of addition is the draw order.
    group = L.layerGroup([
      outline(data.communities, style.communityOutline),
      outline(data.streets, style.streetOutline),
      outline(data.district, style.districtHalo),
      districtLayer,
    ]).addTo(m)
    mine = createMine(renderers.mine)
    mine.draw(m, data, code => gridPaths.get(code)?.feature, opts.mine.value)
    highlight = createHighlight(renderers.highlight)
    highlight.group.addTo(m)
    highlight.setSelected(opts.selectedCode.value ? gridPaths.get(opts.selectedCode.value)?.feature : undefined)
    // Start with the cheap community areas; updateDetail swaps in the grids when few enough are in view.
    group.addLayer(communityAreas)
    m.off('moveend', updateDetail).on('moveend', updateDetail)
    opts.onBuilt?.()
    updateDetail()
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
    const bounds = districtLayer?.getBounds()
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
    const bounds = gridPaths.get(code)?.getBounds()
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
    highlight?.setSelected(code ? gridPaths.get(code)?.feature : undefined)
  })

  watch(opts.mine, (scope) => {
    const m = map.value
    const data = opts.layers.value
    if (m && data && mine)
      mine.draw(m, data, code => gridPaths.get(code)?.feature, scope)
  })

  watch(opts.withBasemap, (withBasemap) => {
    gridsLayer?.setStyle(f => style.gridBase(fill((f!.properties as GridProps).streetCode), withBasemap))
    communityAreas?.setStyle(f => style.communityArea(fill((f!.properties as CommunityProps).streetCode), withBasemap))
  })

  return {
    gridPaths,
    fitDistrict,
    fitMine,
    focusGrid,
    /** codes of the grids currently drawn as "mine" */
    mineGridCodes: () => mine?.gridCodes() ?? [],
    /** Resolves when the last programmatic move has finished. */
    settled: () => pendingMove,
    /** True once the grid layer is built and on the map (at low zoom with many grids it yields to community areas). */
    isReady: () => gridsLayer !== undefined && group !== undefined && map.value?.hasLayer(group) === true,
  }
}
