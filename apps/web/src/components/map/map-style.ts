import type { PathOptions } from 'leaflet'

/** Soft fills, one per street, so the eye can tell streets apart without a basemap. */
const STREET_FILLS = ['#e3eefa', '#e4f3e6', '#fcf0dc', '#efe7f7', '#dff1f1', '#f8e6e4', '#eef0da', '#e8ebf2']

export function streetFill(streetIndex: number): string {
  return STREET_FILLS[streetIndex % STREET_FILLS.length] ?? '#eceff4'
}

export const gridHover: PathOptions = {
  color: '#2f7de1',
  weight: 2,
  opacity: 1,
  fillColor: '#2f7de1',
  fillOpacity: 0.12,
}

export const gridSelected: PathOptions = {
  color: '#c8161d',
  weight: 2.5,
  opacity: 1,
  fillColor: '#c8161d',
  fillOpacity: 0.22,
}

/** Drawn under `gridSelected`. */
export const gridSelectedHalo: PathOptions = {
  color: '#fff',
  weight: 7,
  opacity: 0.9,
  fill: false,
}

/**
 * The territory canvas (territory-painter.ts): widths in screen px. Grid lines are opaque — the
 * old #8d9bb0 at 75 % over the street tints — so that an edge drawn from two neighbouring tiles
 * does not come out darker.
 */
export const canvasStyle = {
  streetFill,
  /** opaque without a basemap: the same look as the old 95 %, and opaque fills skip blending */
  gridFillOpacity: 1,
  gridFillOpacityOverBasemap: 0.35,
  gridOutline: { weight: 0.6, color: '#a2b0c2' },
  /** grid lines (and dashed community lines) once the median grid spans this many px */
  gridOutlineMinPx: 14,
  /**
   * Dashed once grids are readable, solid and thin below. Canvas lines up to 1 px wide take Skia's
   * fast hairline path; at 1.2 px 3,424 community rings cost 10× more to rasterize.
   */
  communityOutline: { weight: 1, overviewWeight: 0.9, color: '#6f8097', opacity: 0.9, dash: [5, 3] as [number, number] },
  streetOutline: { weight: 2, color: '#3f4f64', opacity: 0.9 },
  /** the district boundary: a wide pale halo under a red line */
  districtHalo: { weight: 9, color: '#c8161d', opacity: 0.12 },
  districtOutline: { weight: 2.5, color: '#c8161d', opacity: 0.85 },
}

/** A grid role's own grids (我的网格): red outline and a light red wash, under hover/selection. */
export const mineGrid: PathOptions = {
  color: '#c8161d',
  weight: 2,
  opacity: 0.95,
  fillColor: '#c8161d',
  fillOpacity: 0.16,
}

/** A community/street worker's own area: a red boundary with a pale halo, hardly any fill. */
export const mineArea: PathOptions = {
  color: '#c8161d',
  weight: 2.5,
  opacity: 0.95,
  fillColor: '#c8161d',
  fillOpacity: 0.05,
}

export const mineAreaHalo: PathOptions = {
  color: '#c8161d',
  weight: 8,
  opacity: 0.15,
  fill: false,
}
