/**
 * Point → grid for the API: an R-tree index over every grid, rebuilt when the territory version
 * changes (the rebuild is lazy, on the first lookup after a change).
 */
import type { TerritoryRepository } from '@gridgov/db'
import type { LocateResult } from '@gridgov/domain'
import { GridIndex } from '@gridgov/geo'

type GridInfo = ReturnType<TerritoryRepository['gridsForLocate']>[number]

export function createGridLocator(territory: TerritoryRepository) {
  let built: { version: number, grids: GridInfo[], index: GridIndex<number> } | undefined
  // the version is read at most once per turn of the event loop: a busy intake locates thousands
  // of points a second, and a territory change is seen from the next turn on
  let checked = false

  function current() {
    if (built && checked)
      return built
    const version = territory.territoryVersion()
    checked = true
    setImmediate(() => {
      checked = false
    })
    if (!built || built.version !== version) {
      const grids = territory.gridsForLocate()
      built = { version, grids, index: new GridIndex(grids.map((g, i) => ({ id: i, geometry: g.geometry }))) }
    }
    return built
  }

  const names = (g: GridInfo) => ({
    grid: { code: g.code, name: g.name },
    community: { code: g.communityCode, name: g.communityName },
    street: { code: g.streetCode, name: g.streetName },
  })

  return {
    locate(lon: number, lat: number): LocateResult {
      const { grids, index } = current()
      const hit = index.locate(lon, lat)
      if (hit !== undefined)
        return { status: 'inside', ...names(grids[hit]!) }
      const near = index.nearest(lon, lat)
      return {
        status: 'outside',
        nearest: near ? { ...names(grids[near.id]!), distanceM: Math.round(near.distanceM * 10) / 10 } : null,
      }
    },
  }
}

export type GridLocator = ReturnType<typeof createGridLocator>

/** Cases farther than this from every grid are refused: not in this district. */
const MAX_OUTSIDE_M = 3000

/** The locator in the shape case intake needs: grid and community, or the nearest grid's community. */
export function caseLocator(locator: GridLocator) {
  return {
    locate(lon: number, lat: number) {
      const r = locator.locate(lon, lat)
      if (r.status === 'inside')
        return { grid: r.grid.code, gridName: r.grid.name, community: r.community.code }
      if (r.nearest && r.nearest.distanceM <= MAX_OUTSIDE_M)
        return { grid: null, community: r.nearest.community.code, suggested: r.nearest.grid.code }
      return null
    },
  }
}
