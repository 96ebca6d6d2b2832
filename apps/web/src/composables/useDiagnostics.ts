import type { Map as LeafletMap } from 'leaflet'
import type { GridStyler } from '../components/map/territory-painter'

/**
 * Test/diagnostics handle on `window.__gridgov`, used by the browser tests to find grids on screen.
 * Not an API for app code.
 */
export interface GridGovDiagnostics {
  map: LeafletMap
  /** True once the grid layer is drawn and clickable. */
  readonly gridsLoaded: boolean
  /** Selects a grid as if picked from search (URL changes, map flies); resolves when the map stops. */
  selectGrid: (code: string) => Promise<void>
  /** Container pixel [x, y] of a point inside the grid (its centre when that is inside), or null. */
  gridScreenPoint: (code: string) => [number, number] | null
  /** Codes of the grids drawn as the signed-in user's own ("my grids"); empty for non-grid roles. */
  highlightedGridCodes: () => string[]
  /** Grids in the drawn (padded) view at the last redraw of the territory canvas. */
  drawnGridCount?: () => number
  /** Per-grid fills, as MapCanvas's `gridStyle` prop (benchmarks and tests colour a choropleth). */
  setGridStyle?: (styler: GridStyler | null) => void
}

declare global {
  interface Window { __gridgov?: GridGovDiagnostics }
}

/** Publishes the handle; returns a function that withdraws it. */
export function exposeDiagnostics(handle: GridGovDiagnostics): () => void {
  window.__gridgov = handle
  return () => {
    if (window.__gridgov === handle)
      delete window.__gridgov
  }
}
