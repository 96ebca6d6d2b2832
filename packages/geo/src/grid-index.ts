import type { CellRaster } from './cell-raster'
import type { PackedGeometries } from './packed-geometry'
import type { ArealGeometry } from './types'
import Flatbush from 'flatbush'
import { buildCellRaster } from './cell-raster'
import { METERS_PER_DEGREE } from './measure'
import { packGeometries, pointInPolygonRange, pointInRing } from './packed-geometry'
import { pointInGeometry } from './point-in-geometry'

/** A grid (or any area) to index: its id and boundary. */
export interface GridItem<T> {
  id: T
  geometry: ArealGeometry
}

/** Answer of {@link GridIndex.nearest}. */
export interface NearestGrid<T> {
  id: T
  /** Metres from the point to the grid; 0 when the point is inside it. */
  distanceM: number
}

/**
 * Point → grid lookup. A uniform cell raster over the layer answers most points straight from one
 * array read (the cell lies wholly inside one grid, or outside all); in a cell that grid boundaries
 * cross, an exact ray cast (the shared-edge rule of {@link pointInGeometry}) on those few grids
 * decides. A flatbush R-tree over the grid boxes serves {@link GridIndex.nearest}. All boundaries
 * live packed in one typed array. Build once per grid layer; the index is immutable.
 *
 * Hand-written because it measured faster than the library route (bench/locate.bench.ts, city
 * layer of 25,650 grids, uniform points, one core, 3 runs on 2026-12-04): 4.8–5.2 M lookups/s
 * against 0.70–0.74 M/s for flatbush + turf `booleanPointInPolygon` (6.8–7.3×); flatbush + this
 * ray cast, the previous version, did 1.0–1.3 M/s (1.4–2.4×). Costs: ~0.2 s to build instead of
 * ~0.08 s, 11 MB of typed arrays instead of 5 MB.
 */
export class GridIndex<T> {
  /** Number of indexed grids. */
  readonly size: number
  readonly #ids: T[]
  readonly #packed: PackedGeometries
  readonly #tree: Flatbush | undefined
  readonly #raster: CellRaster | undefined
  /**
   * Per grid, `coords` indices `[start, end)` of its ring when it is one polygon without holes
   * (nearly every grid), else `-1, 0`: one small table instead of three lookups per candidate.
   */
  readonly #singleRing: Int32Array

  constructor(items: readonly GridItem<T>[]) {
    this.size = items.length
    this.#ids = items.map(item => item.id)
    const packed = packGeometries(items.map(item => item.geometry))
    this.#packed = packed
    this.#raster = buildCellRaster(packed)
    const { geometryStarts, polygonStarts, ringStarts } = packed
    this.#singleRing = new Int32Array(2 * items.length)
    for (let g = 0; g < items.length; g++) {
      const p = geometryStarts[g]!
      const single = geometryStarts[g + 1]! === p + 1 && polygonStarts[p + 1]! === polygonStarts[p]! + 1
      const r = polygonStarts[p]!
      this.#singleRing[2 * g] = single ? 2 * ringStarts[r]! : -1
      this.#singleRing[2 * g + 1] = single ? 2 * ringStarts[r + 1]! : 0
    }
    if (items.length > 0) {
      // nodeSize 8 measured ~8 % faster than the default 16 for point queries on 20k grids.
      const tree = new Flatbush(items.length, 8)
      const { bboxes } = packed
      for (let g = 0; g < items.length; g++)
        tree.add(bboxes[4 * g]!, bboxes[4 * g + 1]!, bboxes[4 * g + 2]!, bboxes[4 * g + 3]!)
      tree.finish()
      this.#tree = tree
    }
  }

  /** The id of the grid containing `(lon, lat)`, or `undefined` when no grid does. */
  locate(lon: number, lat: number): T | undefined {
    const index = this.#locateIndex(lon, lat)
    return index < 0 ? undefined : this.#ids[index]
  }

  /**
   * The grid nearest to `(lon, lat)` — for a point outside every grid, the one whose boundary is
   * closest; for a point inside a grid, that grid at distance 0. Distances use a local
   * equirectangular projection centred on the point (accurate to well under 1 % within tens of
   * kilometres). Ties go to the grid first in input order. `undefined` for an empty index.
   */
  nearest(lon: number, lat: number): NearestGrid<T> | undefined {
    const tree = this.#tree
    if (!tree)
      return undefined
    const inside = this.#locateIndex(lon, lat)
    if (inside >= 0)
      return { id: this.#ids[inside]!, distanceM: 0 }

    const ky = METERS_PER_DEGREE
    const kx = METERS_PER_DEGREE * Math.cos((lat * Math.PI) / 180)
    // flatbush ranks by distance in raw degrees. One degree is at least kx metres in any direction
    // (kx ≤ ky), so a box d degrees away holds nothing closer than kx·d metres: that bounds the
    // search once we have one exact distance.
    const first = tree.neighbors(lon, lat, 1)[0]!
    let bestIndex = first
    let best = this.#boundaryDistanceM(first, lon, lat, kx, ky)
    for (const index of tree.neighbors(lon, lat, Infinity, kx > 0 ? best / kx : Infinity)) {
      const { bboxes } = this.#packed
      const dx = Math.max(bboxes[4 * index]! - lon, lon - bboxes[4 * index + 2]!, 0)
      const dy = Math.max(bboxes[4 * index + 1]! - lat, lat - bboxes[4 * index + 3]!, 0)
      if (kx * Math.hypot(dx, dy) > best)
        break // candidates arrive by increasing box distance: none of the rest can win
      if (Math.hypot(dx * kx, dy * ky) > best)
        continue
      const d = this.#boundaryDistanceM(index, lon, lat, kx, ky)
      if (d < best || (d === best && index < bestIndex)) {
        best = d
        bestIndex = index
      }
    }
    return { id: this.#ids[bestIndex]!, distanceM: best }
  }

  /**
   * Metres from (lon, lat) to the nearest boundary segment of grid `index`, in the local
   * equirectangular projection x = Δlon·kx, y = Δlat·ky centred on the point.
   */
  #boundaryDistanceM(index: number, lon: number, lat: number, kx: number, ky: number): number {
    const { coords, ringStarts, polygonStarts, geometryStarts } = this.#packed
    const firstRing = polygonStarts[geometryStarts[index]!]!
    const endRing = polygonStarts[geometryStarts[index + 1]!]!
    let best = Infinity
    for (let r = firstRing; r < endRing; r++) {
      const end = ringStarts[r + 1]! * 2
      let k = ringStarts[r]! * 2
      let ax = (coords[k]! - lon) * kx
      let ay = (coords[k + 1]! - lat) * ky
      for (k += 2; k < end; k += 2) {
        const bx = (coords[k]! - lon) * kx
        const by = (coords[k + 1]! - lat) * ky
        const dx = bx - ax
        const dy = by - ay
        const len2 = dx * dx + dy * dy
        // Parameter of the point's projection onto the segment, clamped to the segment.
        const t = len2 > 0 ? Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2)) : 0
        const px = ax + t * dx
        const py = ay + t * dy
        best = Math.min(best, px * px + py * py)
        ax = bx
        ay = by
      }
    }
    return Math.sqrt(best)
  }

  /**
   * The exact test, as the R-tree route had it: the ray cast and the grid's closed box. The box
   * comes second (in a boundary cell it rarely fails); it keeps answers identical to the naive scan
   * with a box check even where rounding could put a ray-cast hit a hair outside the box.
   */
  #contains(g: number, lon: number, lat: number): boolean {
    const packed = this.#packed
    const start = this.#singleRing[2 * g]!
    const inside = start >= 0
      ? pointInRing(packed.coords, start, this.#singleRing[2 * g + 1]!, lon, lat)
      : pointInPolygonRange(packed, packed.geometryStarts[g]!, packed.geometryStarts[g + 1]!, lon, lat)
    const { bboxes } = packed
    return inside && lon >= bboxes[4 * g]! && lat >= bboxes[4 * g + 1]! && lon <= bboxes[4 * g + 2]! && lat <= bboxes[4 * g + 3]!
  }

  #locateIndex(lon: number, lat: number): number {
    const raster = this.#raster
    // Outside the layer's box no grid's box holds the point (NaN lands here too).
    if (!raster || !(lon >= raster.minX && lon <= raster.maxX && lat >= raster.minY && lat <= raster.maxY))
      return -1
    const col = Math.min(raster.cols - 1, ((lon - raster.minX) * raster.scaleX) | 0)
    const row = Math.min(raster.rows - 1, ((lat - raster.minY) * raster.scaleY) | 0)
    const cell = raster.cells[row * raster.cols + col]!
    if (cell >= -1)
      return cell
    // Grids whose boundary crosses the cell, in input order, so the earliest containing grid wins.
    const { lists } = raster
    const start = -2 - cell
    const end = start + 1 + lists[start]!
    for (let k = start + 1; k < end; k++) {
      const g = lists[k]!
      if (this.#contains(g, lon, lat))
        return g
    }
    return lists[end]!
  }
}

/**
 * Linear scan with the same {@link pointInGeometry}: the first item containing the point. The
 * baseline {@link GridIndex} is tested and benchmarked against.
 */
export function naiveLocate<T>(items: readonly GridItem<T>[], lon: number, lat: number): T | undefined {
  for (const item of items) {
    if (pointInGeometry(lon, lat, item.geometry))
      return item.id
  }
  return undefined
}
