import type { PathOptions } from 'leaflet'

/** Soft fills, one per street, so the eye can tell streets apart without a basemap. */
const STREET_FILLS = ['#e3eefa', '#e4f3e6', '#fcf0dc', '#efe7f7', '#dff1f1', '#f8e6e4', '#eef0da', '#e8ebf2']

export function streetFill(streetIndex: number): string {
  return STREET_FILLS[streetIndex % STREET_FILLS.length] ?? '#eceff4'
}

export function gridBase(fillColor: string, withBasemap: boolean): PathOptions {
  return {
    color: '#8d9bb0',
    weight: 0.6,
    opacity: 0.75,
    fillColor,
    fillOpacity: withBasemap ? 0.35 : 0.95,
  }
}

/** Low-zoom stand-in for thousands of tiny grids: the community area in its street's tint. */
export function communityArea(fillColor: string, withBasemap: boolean): PathOptions {
  return {
    stroke: false,
    fillColor,
    fillOpacity: withBasemap ? 0.35 : 0.95,
  }
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

export const communityOutline: PathOptions = {
  color: '#6f8097',
  weight: 1.2,
  opacity: 0.9,
  dashArray: '5 3',
  fill: false,
  interactive: false,
}

export const streetOutline: PathOptions = {
  color: '#3f4f64',
  weight: 2,
  opacity: 0.9,
  fill: false,
  interactive: false,
}

/** The district boundary: a wide pale halo under a red line. */
export const districtHalo: PathOptions = {
  color: '#c8161d',
  weight: 9,
  opacity: 0.12,
  fill: false,
  interactive: false,
}

export const districtOutline: PathOptions = {
  color: '#c8161d',
  weight: 2.5,
  opacity: 0.85,
  fill: false,
  interactive: false,
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
