import type { LatLng, Map as LeafletMap, ZoomAnimEvent } from 'leaflet'
import * as L from 'leaflet'

/** A rectangle in absolute pixels at the current zoom (Leaflet's `map.project(latlng, zoom)`). */
export interface PixelRect { x0: number, y0: number, x1: number, y1: number }

/**
 * Paints the part `rect` of the map at `zoom` into `ctx`, whose origin is at absolute pixel
 * `origin`. The caller has already clipped to `rect` and cleared it.
 */
export type Paint = (ctx: CanvasRenderingContext2D, zoom: number, origin: { x: number, y: number }, rect: PixelRect) => void

interface MapInternals {
  _animatingZoom?: boolean
  _zoomAnimated?: boolean
  _getNewPixelOrigin: (center: LatLng, zoom: number) => L.Point
}

/** Parts of a rect `next` that `prev` does not cover (up to two bands). */
function exposed(prev: PixelRect, next: PixelRect): PixelRect[] {
  const out: PixelRect[] = []
  const top = Math.max(prev.y0, next.y0)
  const bottom = Math.min(prev.y1, next.y1)
  if (next.y0 < top)
    out.push({ x0: next.x0, y0: next.y0, x1: next.x1, y1: top })
  if (bottom < next.y1)
    out.push({ x0: next.x0, y0: bottom, x1: next.x1, y1: next.y1 })
  if (next.x0 < prev.x0)
    out.push({ x0: next.x0, y0: top, x1: prev.x0, y1: bottom })
  if (prev.x1 < next.x1)
    out.push({ x0: prev.x1, y0: top, x1: next.x1, y1: bottom })
  return out
}

/**
 * One canvas for the whole territory, sized to the padded view like Leaflet's canvas renderer
 * and CSS-scaled the same way during zoom animations. Unlike L.Canvas it does not repaint the
 * whole canvas after a pan: it copies what is still in view from the previous frame (two canvases,
 * swapped) and paints only the bands the pan exposed. A zoom, resize or `redraw()` repaints all.
 * It takes no pointer events: hit-testing is the caller's (map events + an R-tree).
 */
export class TerritoryCanvas extends L.Layer {
  private front = L.DomUtil.create('canvas', 'leaflet-zoom-animated gridgov-territory')
  private back = L.DomUtil.create('canvas', 'leaflet-zoom-animated gridgov-territory')
  /** what the front canvas shows: zoom and absolute pixel rect; null = nothing valid */
  private drawn: { zoom: number, rect: PixelRect } | null = null
  private center: LatLng | undefined
  private zoom = 0
  private frame: number | null = null

  constructor(private paint: Paint, private padding = 0.1, pane = 'overlayPane') {
    super({ pane })
    for (const c of [this.front, this.back])
      c.style.pointerEvents = 'none'
  }

  override onAdd(map: LeafletMap): this {
    this.getPane()!.appendChild(this.front)
    this.drawn = null
    this.update(map)
    return this
  }

  override onRemove(): this {
    L.DomUtil.remove(this.front)
    if (this.frame !== null)
      L.Util.cancelAnimFrame(this.frame)
    this.frame = null
    return this
  }

  override getEvents() {
    const events: Record<string, L.LeafletEventHandlerFn> = {
      viewreset: () => this.reset(),
      zoom: () => this.transform(this._map.getCenter(), this._map.getZoom()),
      moveend: () => this.update(this._map),
    }
    if ((this._map as unknown as MapInternals)._zoomAnimated)
      events.zoomanim = e => this.transform((e as ZoomAnimEvent).center, (e as ZoomAnimEvent).zoom)
    return events
  }

  /** Repaints everything in the next animation frame (e.g. after the styles changed). */
  redraw(): void {
    if (!this._map || this.frame !== null)
      return
    this.frame = L.Util.requestAnimFrame(() => {
      this.frame = null
      this.drawn = null
      if (this._map)
        this.update(this._map)
    })
  }

  private reset(): void {
    this.update(this._map)
    if (this.center)
      this.transform(this.center, this.zoom)
  }

  /** The zoom animation: scale the canvas as Leaflet's own renderers do. */
  private transform(center: LatLng, zoom: number): void {
    const map = this._map
    if (!this.center)
      return
    const scale = map.getZoomScale(zoom, this.zoom)
    const viewHalf = map.getSize().multiplyBy(0.5 + this.padding)
    const offset = viewHalf.multiplyBy(-scale).add(map.project(this.center, zoom)).subtract((map as unknown as MapInternals)._getNewPixelOrigin(center, zoom))
    L.DomUtil.setTransform(this.front, offset, scale)
  }

  private update(map: LeafletMap): void {
    if ((map as unknown as MapInternals)._animatingZoom && this.drawn)
      return
    const size = map.getSize()
    const min = map.containerPointToLayerPoint(size.multiplyBy(-this.padding)).round()
    const dims = size.multiplyBy(1 + 2 * this.padding).round()
    const origin = map.getPixelOrigin()
    const zoom = map.getZoom()
    const rect: PixelRect = { x0: min.x + origin.x, y0: min.y + origin.y, x1: min.x + origin.x + dims.x, y1: min.y + origin.y + dims.y }
    this.center = map.getCenter()
    this.zoom = zoom

    const prev = this.drawn
    const reuse = prev && prev.zoom === zoom && prev.rect.x1 - prev.rect.x0 === dims.x && prev.rect.y1 - prev.rect.y0 === dims.y
      && prev.rect.x0 < rect.x1 && rect.x0 < prev.rect.x1 && prev.rect.y0 < rect.y1 && rect.y0 < prev.rect.y1
    const target = reuse ? this.back : this.front
    // device pixels on a retina screen, CSS pixels everywhere else (as L.Canvas does)
    const m = L.Browser.retina ? 2 : 1
    if (target.width !== dims.x * m || target.height !== dims.y * m) {
      target.width = dims.x * m
      target.height = dims.y * m
      target.style.width = `${dims.x}px`
      target.style.height = `${dims.y}px`
    }
    const ctx = target.getContext('2d')!
    ctx.setTransform(m, 0, 0, m, 0, 0)
    const at = { x: rect.x0, y: rect.y0 }
    if (reuse && prev) {
      // 'copy' replaces every pixel (and clears what the old frame does not cover): no blending, no clear
      ctx.globalCompositeOperation = 'copy'
      ctx.drawImage(this.front, prev.rect.x0 - rect.x0, prev.rect.y0 - rect.y0, dims.x, dims.y)
      ctx.globalCompositeOperation = 'source-over'
      for (const band of exposed(prev.rect, rect)) {
        ctx.save()
        ctx.beginPath()
        ctx.rect(band.x0 - rect.x0, band.y0 - rect.y0, band.x1 - band.x0, band.y1 - band.y0)
        ctx.clip()
        ctx.clearRect(band.x0 - rect.x0, band.y0 - rect.y0, band.x1 - band.x0, band.y1 - band.y0)
        this.paint(ctx, zoom, at, band)
        ctx.restore()
      }
      // swap: the freshly painted canvas takes the old one's place in the pane
      this.front.replaceWith(this.back)
      ;[this.front, this.back] = [this.back, this.front]
    }
    else {
      ctx.clearRect(0, 0, dims.x, dims.y)
      this.paint(ctx, zoom, at, rect)
    }
    L.DomUtil.setPosition(this.front, min)
    this.drawn = { zoom, rect }
  }
}
