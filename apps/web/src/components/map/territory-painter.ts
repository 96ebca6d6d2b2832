import type { AreaFeature, GridProps, TerritoryLayers } from '../../types/layers'
import type { PixelRect } from './territory-canvas'
import type { PackedAreas } from './territory-pack'
import Flatbush from 'flatbush'
import { groupBy } from '../../utils/group-by'
import { canvasStyle as style } from './map-style'
import { medianWidth, packAreas, segmentsIn, tracePath } from './territory-pack'

/** A grid's fill on the map, e.g. a choropleth class colour. `opacity` defaults to the base fill's. */
export interface GridStyle { fill: string, opacity?: number }

/** Per-grid style: a function of the grid, or a code → style map. Grids it leaves out keep the base tint. */
export type GridStyler = ((code: string, grid: GridProps) => GridStyle | null | undefined) | ReadonlyMap<string, GridStyle>

/** Outlines are batched per spatial tile of about this many grids: few canvas calls, little off-screen work. */
const GRIDS_PER_TILE = 400

/**
 * Past this median grid size (px) outlines are batched per community, so a close view strokes (and
 * dashes) only the few communities in it rather than whole tiles.
 */
const COMMUNITY_BATCH_PX = 40

/**
 * The longest side (px) of the overview raster: the styled fills of the whole district, drawn once
 * per style and scaled while grids are too small to read (25,000 polygons re-rasterized on every
 * zoom would cost 50–100 ms; a scaled image, a few ms).
 */
const OVERVIEW_PX = 2048

type Box = [number, number, number, number]

/** Features drawn with one canvas call: a Path2D and what it covers (relative world px). */
interface Batch { box: Box, path: Path2D }
interface FillGroup { fill: string, opacity: number }
/** Batches with an R-tree over their boxes, so a paint finds what is in view without a scan. */
interface BatchSet { batches: Batch[], index: Flatbush }

function batchSet(batches: Batch[]): BatchSet {
  const index = new Flatbush(Math.max(batches.length, 1))
  for (const { box } of batches)
    index.add(box[0], box[1], box[2], box[3])
  if (batches.length === 0)
    index.add(0, 0, 0, 0)
  index.finish()
  return { batches, index }
}

/** Indices (ascending, so build order is kept) of the batches meeting box `v`. */
function inView(set: BatchSet, v: Box): number[] {
  return set.batches.length ? set.index.search(v[0], v[1], v[2], v[3]).sort((a, b) => a - b) : []
}

function boxOf(p: PackedAreas<unknown>, items: number[]): Box {
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity]
  for (const i of items) {
    b[0] = Math.min(b[0], p.box[4 * i]!)
    b[1] = Math.min(b[1], p.box[4 * i + 1]!)
    b[2] = Math.max(b[2], p.box[4 * i + 2]!)
    b[3] = Math.max(b[3], p.box[4 * i + 3]!)
  }
  return b
}

function batchOf(p: PackedAreas<unknown>, items: number[]): Batch {
  const path = new Path2D()
  for (const i of items)
    tracePath(p, i, path)
  return { box: boxOf(p, items), path }
}

/** Items grouped by spatial tile (a square lattice over `extent`, by the centre of each item's box). */
function tiled(p: PackedAreas<unknown>, extent: Box, side: number): number[][] {
  const cell = Math.max(extent[2] - extent[0], extent[3] - extent[1], 1e-12) / side
  const at = (v: number, lo: number) => Math.min(side - 1, Math.max(0, Math.floor((v - lo) / cell)))
  return [...groupBy(p.features.keys(), i =>
    at((p.box[4 * i + 1]! + p.box[4 * i + 3]!) / 2, extent[1]) * side + at((p.box[4 * i]! + p.box[4 * i + 2]!) / 2, extent[0])).values()]
}

/**
 * Draws the whole territory on one canvas: grid fills, then grid, community, street and district
 * outlines, from Path2D objects built once in zoom-0 world pixels (the zoom is a canvas
 * transform, so no vertex is touched per frame). Fill batches are one community's grids of one
 * colour; outline batches are spatial tiles; batches outside the painted rect are skipped.
 * Level of detail: while grids are smaller than `gridOutlineMinPx`, unstyled grids are drawn as
 * their streets' areas (the same pixels: a street is the union of its grids, all of one tint,
 * in a few paths instead of 25,000), grid lines are left out and community lines are solid.
 */
export function createTerritoryPainter(data: TerritoryLayers) {
  const grids = packAreas(data.grids.features)
  // everything in the grids' frame, so one transform draws all
  const frame = <P>(features: AreaFeature<P>[]) => packAreas(features, grids.origin)
  const communities = frame(data.communities.features)
  const streets = frame(data.streets.features)
  const district = frame(data.district.features)
  const gridWidth = medianWidth(grids)
  const streetIndex = new Map(data.streets.features.map((f, i) => [f.properties.code, i]))

  const extent = boxOf(grids, [...grids.features.keys()])
  const side = Math.max(1, Math.ceil(Math.sqrt(grids.features.length / GRIDS_PER_TILE)))
  const gridOutlines = batchSet(tiled(grids, extent, side).map(items => batchOf(grids, items)))
  const communityOutlines = batchSet(tiled(communities, extent, side).map(items => batchOf(communities, items)))
  // grids of one community are contiguous in code order and close together: the fill batch unit
  const gridsByCommunity = [...groupBy(grids.features.keys(), i => grids.features[i]!.properties.communityCode).values()]
  // only close views need these: built when the browser is idle (or on first use, if sooner)
  let perCommunity: { grids: BatchSet, communities: BatchSet } | undefined
  const buildPerCommunity = () => perCommunity ??= {
    grids: batchSet(gridsByCommunity.map(items => batchOf(grids, items))),
    communities: batchSet([...communities.features.keys()].map(i => batchOf(communities, [i]))),
  }
  const streetAreas = [...streets.features.keys()].map(i => ({ street: i, batch: batchOf(streets, [i]) }))

  let baseOpacity = style.gridFillOpacity
  let styler: GridStyler | null = null
  let fills: { groups: FillGroup[], of: number[], set: BatchSet } = { groups: [], of: [], set: batchSet([]) }
  let overview: { canvas: HTMLCanvasElement, zoom: number } | null = null
  let lastCalls = 0

  /** The styled fills of the whole district at the zoom where it spans OVERVIEW_PX. */
  function overviewRaster(): { canvas: HTMLCanvasElement, zoom: number } {
    if (overview)
      return overview
    const zoom = Math.log2(OVERVIEW_PX / Math.max(extent[2] - extent[0], extent[3] - extent[1], 1e-12))
    const s = 2 ** zoom
    const canvas = document.createElement('canvas')
    canvas.width = Math.ceil((extent[2] - extent[0]) * s) + 2
    canvas.height = Math.ceil((extent[3] - extent[1]) * s) + 2
    const ctx = canvas.getContext('2d')!
    ctx.setTransform(s, 0, 0, s, 1 - extent[0] * s, 1 - extent[1] * s)
    fills.set.batches.forEach((b, k) => {
      const group = fills.groups[fills.of[k]!]!
      ctx.globalAlpha = group.opacity
      ctx.fillStyle = group.fill
      ctx.fill(b.path)
    })
    overview = { canvas, zoom }
    return overview
  }

  function styleOf(i: number): { fill: string, opacity: number } {
    const props = grids.features[i]!.properties
    const custom = styler === null ? undefined : typeof styler === 'function' ? styler(props.code, props) : styler.get(props.code)
    if (custom)
      return { fill: custom.fill, opacity: custom.opacity ?? baseOpacity }
    return { fill: style.streetFill(streetIndex.get(props.streetCode) ?? 0), opacity: baseOpacity }
  }

  /** (Re)builds the fill batches: per colour, one batch per community. ~30 ms for the city. */
  function buildFills(): void {
    const groups = new Map<string, { group: FillGroup, batches: Batch[] }>()
    for (const members of gridsByCommunity) {
      const styles = members.map(styleOf)
      for (const [key, items] of groupBy(members.keys(), k => `${styles[k]!.fill}|${styles[k]!.opacity}`)) {
        let entry = groups.get(key)
        if (!entry) {
          const { fill, opacity } = styles[items[0]!]!
          entry = { group: { fill, opacity }, batches: [] }
          groups.set(key, entry)
        }
        entry.batches.push(batchOf(grids, items.map(k => members[k]!)))
      }
    }
    // batches stored group after group, so drawing in index order switches colour once per group
    const all = [...groups.values()]
    fills = {
      groups: all.map(e => e.group),
      of: all.flatMap((e, g) => e.batches.map(() => g)),
      set: batchSet(all.flatMap(e => e.batches)),
    }
    overview = null
  }
  buildFills()
  if ('requestIdleCallback' in window)
    window.requestIdleCallback(() => buildPerCommunity(), { timeout: 5000 })

  /** How many screen px the median grid spans at a zoom. */
  const gridPx = (zoom: number) => gridWidth * 2 ** zoom

  /** Paints `rect` (absolute px at `zoom`) into a context whose (0, 0) is absolute px `origin`. */
  function draw(ctx: CanvasRenderingContext2D, zoom: number, origin: { x: number, y: number }, rect: PixelRect): void {
    const s = 2 ** zoom
    const [ox, oy] = grids.origin
    // the rect in relative world px, for culling
    const v: Box = [rect.x0 / s - ox, rect.y0 / s - oy, rect.x1 / s - ox, rect.y1 / s - oy]
    const detailed = gridPx(zoom) >= style.gridOutlineMinPx
    let calls = 0
    const base = ctx.getTransform()
    ctx.save()
    ctx.transform(s, 0, 0, s, ox * s - origin.x, oy * s - origin.y)
    ctx.lineJoin = 'round'
    const stroke = (width: number, color: string, opacity: number, paths: Iterable<Path2D>, dash?: [number, number]) => {
      ctx.globalAlpha = opacity
      ctx.strokeStyle = color
      ctx.lineWidth = width / s
      ctx.setLineDash(dash ? [dash[0] / s, dash[1] / s] : [])
      for (const path of paths) {
        ctx.stroke(path)
        calls++
      }
    }
    const visible = (set: BatchSet) => inView(set, v).map(k => set.batches[k]!.path)
    if (detailed) {
      let current = -1
      for (const k of inView(fills.set, v)) {
        const g = fills.of[k]!
        if (g !== current) {
          current = g
          ctx.globalAlpha = fills.groups[g]!.opacity
          ctx.fillStyle = fills.groups[g]!.fill
        }
        ctx.fill(fills.set.batches[k]!.path)
        calls++
      }
    }
    else if (styler === null) {
      ctx.globalAlpha = baseOpacity
      for (const { street, batch } of streetAreas) {
        ctx.fillStyle = style.streetFill(street)
        ctx.fill(batch.path)
        calls++
      }
    }
    else {
      // the overview raster, scaled: its pixel (0, 0) is world px extent[0..1] less one pixel
      const o = overviewRaster()
      const k = 2 ** (zoom - o.zoom)
      ctx.save()
      ctx.setTransform(base)
      ctx.transform(k, 0, 0, k, (ox + extent[0]) * s - k - origin.x, (oy + extent[1]) * s - k - origin.y)
      ctx.globalAlpha = 1
      ctx.drawImage(o.canvas, 0, 0)
      ctx.restore()
      calls++
    }
    const close = gridPx(zoom) >= COMMUNITY_BATCH_PX ? buildPerCommunity() : undefined
    if (detailed)
      stroke(style.gridOutline.weight, style.gridOutline.color, 1, visible(close?.grids ?? gridOutlines))
    const co = style.communityOutline
    stroke(detailed ? co.weight : co.overviewWeight, co.color, co.opacity, visible(close?.communities ?? communityOutlines), detailed ? co.dash : undefined)
    // thick lines: only the segments near the view (Skia strokes a whole path, on screen or not)
    const near: Box = [v[0] - 10 / s, v[1] - 10 / s, v[2] + 10 / s, v[3] + 10 / s]
    const streetLines = segmentsIn(streets, near)
    const districtLines = segmentsIn(district, near)
    stroke(style.streetOutline.weight, style.streetOutline.color, style.streetOutline.opacity, [streetLines])
    stroke(style.districtHalo.weight, style.districtHalo.color, style.districtHalo.opacity, [districtLines])
    stroke(style.districtOutline.weight, style.districtOutline.color, style.districtOutline.opacity, [districtLines])
    ctx.restore()
    lastCalls = calls
  }

  return {
    grids,
    draw,
    gridPx,
    /** canvas fill/stroke calls of the last paint */
    lastCalls: () => lastCalls,
    /** grids whose boxes meet a rect (absolute px at `zoom`) */
    gridsIn(zoom: number, rect: PixelRect): number {
      const s = 2 ** zoom
      const [ox, oy] = grids.origin
      return grids.index.search(rect.x0 / s - ox, rect.y0 / s - oy, rect.x1 / s - ox, rect.y1 / s - oy).length
    },
    /** Sets per-grid fills (null: the base tint by street); rebuilds the fill batches. */
    setGridStyle(next: GridStyler | null): void {
      styler = next
      buildFills()
    },
    /** The base fill opacity: opaque without a basemap, see-through over one. */
    setBaseOpacity(opacity: number): void {
      if (opacity === baseOpacity)
        return
      baseOpacity = opacity
      buildFills()
    },
  }
}

export type TerritoryPainter = ReturnType<typeof createTerritoryPainter>
