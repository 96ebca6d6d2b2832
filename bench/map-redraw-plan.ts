/** The three view levels of the map redraw benchmark, as Leaflet bounds from the city dataset. */
import { bboxOf } from '@gridgov/geo'
import { createTerritoryRepository, openDatabase } from '../packages/db/src/index'

/** Leaflet's [[south, west], [north, east]]. */
export type Bounds = [[number, number], [number, number]]

/**
 * Whole city (the district), one street (the one with the most grids: the densest view), and
 * one community of that street (its first), in that order.
 */
export function levelsOf(dbFile: string): { name: string, bounds: Bounds }[] {
  const database = openDatabase(dbFile)
  try {
    const territory = createTerritoryRepository(database)
    const grids = territory.layerFeatures('grids').map(f => f.properties.streetCode as string)
    const count = (code: string) => grids.filter(c => c === code).length
    const streets = territory.layerFeatures('streets').sort((a, b) => count(b.properties.code as string) - count(a.properties.code as string))
    const street = streets[0]!
    const community = territory.layerFeatures('communities').find(c => c.properties.streetCode === street.properties.code)!
    const bounds = (f: { geometry: Parameters<typeof bboxOf>[0] }): Bounds => {
      const [w, s, e, n] = bboxOf(f.geometry)
      return [[s, w], [n, e]]
    }
    return [
      { name: 'city', bounds: bounds(territory.layerFeatures('district')[0]!) },
      { name: `street ${street.properties.name as string}`, bounds: bounds(street) },
      { name: `community ${community.properties.name as string}`, bounds: bounds(community) },
    ]
  }
  finally {
    database.close()
  }
}
