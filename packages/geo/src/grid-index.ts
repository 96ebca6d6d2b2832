import type { PreparedGeometry } from './point-in-geometry'
import type { ArealGeometry } from './types'
import Flatbush from 'flatbush'
import { METERS_PER_DEGREE } from './measure'
import { pointInGeometry, pointInPrepared, prepareGeometry } from './point-in-geometry'

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
 * Point → grid lookup: a flatbush R-tree over grid bounding boxes narrows the candidates, an
 * exact ray cast on each prepared (flattened) boundary decides. Build once per grid layer; the
 * index is immutable.
 */
export class GridIndex<T> {
  /** Number of indexed grids. */
  readonly size: number
  readonly #ids: T[]
  readonly #prepared: PreparedGeometry[]
  readonly #tree: Flatbush | undefined
  // Query state read by #filter, so that locate() creates no closure per call.
  #lon = 0
  #lat = 0
  #best = -1
  readonly #filter: (index: number) => boolean

  constructor(items: readonly GridItem<T>[]) {
    this.size = items.length
    this.#ids = items.map(item => item.id)
    this.#prepared = items.map(item => prepareGeometry(item.geometry))
    if (items.length > 0) {
      const tree = new Flatbush(items.length)
      for (const { bbox } of this.#prepared)
        tree.add(bbox[0], bbox[1], bbox[2], bbox[3])
      tree.finish()
      this.#tree = tree
    }
    this.#filter = (index) => {
      // Several grids can claim a point only through floating-point slivers; the earliest in
      // input order wins so the answer never depends on tree layout. Always false: we keep the
      // result in #best and leave flatbush's result array empty.
      if ((this.#best < 0 || index < this.#best) && pointInPrepared(this.#prepared[index]!, this.#lon, this.#lat))
        this.#best = index
      return false
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
    let best = boundaryDistanceM(this.#prepared[first]!, lon, lat, kx, ky)
    for (const index of tree.neighbors(lon, lat, Infinity, kx > 0 ? best / kx : Infinity)) {
      const [x0, y0, x1, y1] = this.#prepared[index]!.bbox
      const dx = Math.max(x0 - lon, lon - x1, 0)
      const dy = Math.max(y0 - lat, lat - y1, 0)
      if (kx * Math.hypot(dx, dy) > best)
        break // candidates arrive by increasing box distance: none of the rest can win
      if (Math.hypot(dx * kx, dy * ky) > best)
        continue
      const d = boundaryDistanceM(this.#prepared[index]!, lon, lat, kx, ky)
      if (d < best || (d === best && index < bestIndex)) {
        best = d
        bestIndex = index
      }
    }
    return { id: this.#ids[bestIndex]!, distanceM: best }
  }

  #locateIndex(lon: number, lat: number): number {
    if (!this.#tree)
      return -1
    this.#lon = lon
    this.#lat = lat
    this.#best = -1
    this.#tree.search(lon, lat, lon, lat, this.#filter)
    return this.#best
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

/**
 * Distance in metres from (lon, lat) to the nearest boundary segment of `prepared`, in the local
 * equirectangular projection x = Δlon·kx, y = Δlat·ky centred on the point.
 */
function boundaryDistanceM(prepared: PreparedGeometry, lon: number, lat: number, kx: number, ky: number): number {
  const { coords, ringStarts } = prepared
  let best = Infinity
  for (let r = 0; r + 1 < ringStarts.length; r++) {
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
      const d2 = px * px + py * py
      if (d2 < best)
        best = d2
      ax = bx
      ay = by
    }
  }
  return Math.sqrt(best)
}
