import type { PackedGeometries } from './packed-geometry'
import { pointInPolygonRange } from './packed-geometry'

/*
 * A uniform raster of cells over a grid layer, for `GridIndex.locate`. Each cell knows which grids
 * can own a point in it:
 *  - none (the cell is outside every grid),
 *  - one grid that contains the whole cell, with no earlier grid's boundary near it — the answer
 *    without a ray cast (most cells inside a tiled city),
 *  - a short list of grids whose boundary comes near the cell, in input order, ray cast in turn,
 *    then the grid (if any) containing the whole cell as the fallback.
 *
 * Exactness. A cell's class holds for its box grown by MARGIN_DEG on every side, so a point that
 * rounding sends to a neighbouring cell (≈ 1e-14°) is still classified right. A grid "contains the
 * whole cell" only when none of its edges comes within the margin of the grown box and the ray
 * cast puts the cell's centre inside: every point of the grown box is then more than MARGIN_DEG
 * from the grid's boundary, where the ray cast's rounding cannot change its answer, and the box is
 * connected, so all its points share the centre's answer. Points near an edge always go through
 * the ray cast (`pointInPolygonRange`), so the shared-edge rule and the earliest-grid tie-break are
 * those of the naive scan. Internal to the package.
 */

/** Cells are classified for their box grown by this much (degrees, ≈ 0.1 mm). */
const MARGIN_DEG = 1e-9
/**
 * Cells across the median grid (√(box width · box height)). Measured on the city layer (25,650
 * grids): 4 gives 0.77 M cells — a quarter answered without a ray cast, half outside every grid,
 * 2.3 candidates in the rest — in 6 MB, built in ~0.15 s. A lookup's time goes to cache misses in
 * the cells with candidates; 2, 6, 8 and 12 were within the noise of 4 on uniform points (8 and 12
 * ~10 % faster on points inside grids, at 3–9× the memory and 2–3× the build time).
 */
const CELLS_PER_GRID_SIDE = 4
/** Upper bounds on the cell count whatever the layer looks like (4 bytes a cell). */
const MAX_CELLS_PER_GRID = 256
const MAX_CELLS = 4_000_000

export interface CellRaster {
  readonly minX: number
  readonly minY: number
  readonly maxX: number
  readonly maxY: number
  readonly cols: number
  readonly rows: number
  /** Cells per degree along x and y: a point's column is `⌊(x − minX) · scaleX⌋`, clamped. */
  readonly scaleX: number
  readonly scaleY: number
  /**
   * Per cell, row-major: `g ≥ 0` — grid g owns every point of the cell; `-1` — no grid does;
   * `≤ -2` — a candidate list starts at `lists[-2 - value]`.
   */
  readonly cells: Int32Array
  /** Candidate lists `n, g1 … gn, fallback`: the first of g1…gn containing the point, else `fallback` (a grid or -1). */
  readonly lists: Int32Array
}

/** (cell, grid) pairs in an Int32Array that doubles as it fills. */
class PairList {
  data = new Int32Array(4096)
  length = 0
  push(a: number, b: number): void {
    if (this.length + 2 > this.data.length) {
      const grown = new Int32Array(this.data.length * 2)
      grown.set(this.data)
      this.data = grown
    }
    this.data[this.length++] = a
    this.data[this.length++] = b
  }
}

/** Builds the raster for `packed`; `undefined` when no grid has a position. */
export function buildCellRaster(packed: PackedGeometries): CellRaster | undefined {
  const { bboxes, coords, ringStarts, polygonStarts, geometryStarts } = packed
  const count = geometryStarts.length - 1
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity]
  const sizes: number[] = []
  for (let g = 0; g < count; g++) {
    const [x0, y0, x1, y1] = [bboxes[4 * g]!, bboxes[4 * g + 1]!, bboxes[4 * g + 2]!, bboxes[4 * g + 3]!]
    if (!(x0 <= x1 && y0 <= y1))
      continue // no positions
    minX = Math.min(minX, x0)
    minY = Math.min(minY, y0)
    maxX = Math.max(maxX, x1)
    maxY = Math.max(maxY, y1)
    sizes.push(Math.sqrt((x1 - x0) * (y1 - y0)))
  }
  if (sizes.length === 0)
    return undefined

  const { cols, rows } = rasterSize(maxX - minX, maxY - minY, sizes)
  const cellW = (maxX - minX) / cols
  const cellH = (maxY - minY) / rows
  const scaleX = cellW > 0 ? 1 / cellW : 0
  const scaleY = cellH > 0 ? 1 / cellH : 0
  const colOf = (x: number) => Math.min(cols - 1, Math.max(0, Math.floor((x - minX) * scaleX)))
  const rowOf = (y: number) => Math.min(rows - 1, Math.max(0, Math.floor((y - minY) * scaleY)))

  const cellCount = cols * rows
  // The last grid whose boundary came near each cell: dedupes (cell, grid) pairs, and tells the
  // interior fill which cells of the current grid's box its boundary touches.
  const touchedBy = new Int32Array(cellCount).fill(-1)
  // The earliest grid containing the whole cell, -1 for none.
  const whole = new Int32Array(cellCount).fill(-1)
  const crossings = new PairList() // (cell, grid), grids ascending
  let g = 0
  const touch = (col: number, row: number) => {
    const cell = row * cols + col
    if (touchedBy[cell] !== g) {
      touchedBy[cell] = g
      crossings.push(cell, g)
    }
  }
  // Every cell whose grown box the edge a–b meets (or a few more), walking along the edge's
  // longer axis so that the interpolated coordinate is off by a few ulps at most.
  const touchEdge = (ax: number, ay: number, bx: number, by: number) => {
    if (Math.abs(bx - ax) >= Math.abs(by - ay)) {
      const xLo = Math.min(ax, bx)
      const xHi = Math.max(ax, bx)
      const slope = xHi > xLo ? (by - ay) / (bx - ax) : 0
      for (let col = colOf(xLo - MARGIN_DEG), last = colOf(xHi + MARGIN_DEG); col <= last; col++) {
        const ya = ay + (Math.max(xLo, minX + col * cellW - MARGIN_DEG) - ax) * slope
        const yb = ay + (Math.min(xHi, minX + (col + 1) * cellW + MARGIN_DEG) - ax) * slope
        for (let row = rowOf(Math.min(ya, yb) - MARGIN_DEG), end = rowOf(Math.max(ya, yb) + MARGIN_DEG); row <= end; row++)
          touch(col, row)
      }
    }
    else {
      const yLo = Math.min(ay, by)
      const yHi = Math.max(ay, by)
      const slope = (bx - ax) / (by - ay)
      for (let row = rowOf(yLo - MARGIN_DEG), last = rowOf(yHi + MARGIN_DEG); row <= last; row++) {
        const xa = ax + (Math.max(yLo, minY + row * cellH - MARGIN_DEG) - ay) * slope
        const xb = ax + (Math.min(yHi, minY + (row + 1) * cellH + MARGIN_DEG) - ay) * slope
        for (let col = colOf(Math.min(xa, xb) - MARGIN_DEG), end = colOf(Math.max(xa, xb) + MARGIN_DEG); col <= end; col++)
          touch(col, row)
      }
    }
  }

  for (g = 0; g < count; g++) {
    const [bx0, by0, bx1, by1] = [bboxes[4 * g]!, bboxes[4 * g + 1]!, bboxes[4 * g + 2]!, bboxes[4 * g + 3]!]
    if (!(bx0 <= bx1 && by0 <= by1))
      continue

    // 1. The cells its boundary comes near.
    const firstPolygon = geometryStarts[g]!
    const endPolygon = geometryStarts[g + 1]!
    for (let r = polygonStarts[firstPolygon]!; r < polygonStarts[endPolygon]!; r++) {
      for (let k = ringStarts[r]! * 2 + 2; k < ringStarts[r + 1]! * 2; k += 2)
        touchEdge(coords[k - 2]!, coords[k - 1]!, coords[k]!, coords[k + 1]!)
    }

    // 2. The other cells of its box lie wholly inside or wholly outside it; a run of them along a
    // row shares one answer (no boundary between them), read at the first one's centre.
    const col0 = colOf(bx0)
    const col1 = colOf(bx1)
    for (let row = rowOf(by0); row <= rowOf(by1); row++) {
      const y = minY + (row + 0.5) * cellH
      let inRun = false
      let inside = false
      for (let col = col0, cell = row * cols + col0; col <= col1; col++, cell++) {
        if (touchedBy[cell] === g) {
          inRun = false
          continue
        }
        if (!inRun) {
          inRun = true
          inside = pointInPolygonRange(packed, firstPolygon, endPolygon, minX + (col + 0.5) * cellW, y)
        }
        if (inside && whole[cell]! < 0)
          whole[cell] = g
      }
    }
  }

  // 3. Per cell, the crossing grids before its whole-cell grid (later ones can never win), in
  // input order: a counting sort of the pairs by cell, stable, so grids stay ascending.
  const pairs = crossings.data
  const starts = new Uint32Array(cellCount + 1)
  for (let i = 0; i < crossings.length; i += 2)
    starts[pairs[i]! + 1]!++
  for (let c = 0; c < cellCount; c++)
    starts[c + 1]! += starts[c]!
  const byCell = new Int32Array(crossings.length / 2)
  const next = starts.slice(0, cellCount)
  for (let i = 0; i < crossings.length; i += 2)
    byCell[next[pairs[i]!]!++] = pairs[i + 1]!

  const listEnds = next // reused: where each cell's useful crossings end
  let listsLength = 0
  for (let c = 0; c < cellCount; c++) {
    const owner = whole[c]!
    const before = owner < 0 ? count : owner
    let end = starts[c]!
    while (end < starts[c + 1]! && byCell[end]! < before)
      end++
    listEnds[c] = end
    if (end > starts[c]!)
      listsLength += end - starts[c]! + 2
  }
  const cells = new Int32Array(cellCount)
  const lists = new Int32Array(listsLength)
  let at = 0
  for (let c = 0; c < cellCount; c++) {
    const begin = starts[c]!
    const end = listEnds[c]!
    if (end === begin) {
      cells[c] = whole[c]!
      continue
    }
    cells[c] = -2 - at
    lists[at++] = end - begin
    for (let i = begin; i < end; i++)
      lists[at++] = byCell[i]!
    lists[at++] = whole[c]!
  }
  return { minX, minY, maxX, maxY, cols, rows, scaleX, scaleY, cells, lists }
}

/** Columns and rows: cells about 1/CELLS_PER_GRID_SIDE of the median grid across, capped. */
function rasterSize(width: number, height: number, sizes: number[]): { cols: number, rows: number } {
  sizes.sort((a, b) => a - b)
  const cap = Math.min(MAX_CELLS, MAX_CELLS_PER_GRID * sizes.length)
  let side = sizes[sizes.length >> 1]! / CELLS_PER_GRID_SIDE
  if (!(side > 0))
    side = Math.max(width, height) / Math.sqrt(cap) // the median grid has no area
  if (!(side > 0))
    return { cols: 1, rows: 1 } // every grid is one point
  // Cells stay square; a long thin layer gets fewer, larger ones if it would pass the cap.
  const area = Math.max(width, side) * Math.max(height, side)
  if (area / (side * side) > cap)
    side = Math.sqrt(area / cap)
  return {
    cols: Math.max(1, Math.min(cap, Math.ceil(width / side))),
    rows: Math.max(1, Math.min(cap, Math.ceil(height / side))),
  }
}
