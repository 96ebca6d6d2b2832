/**
 * Territory levels by code length (DESIGN.md §3): district 6 digits, street 9, community 12,
 * grid 15, building 18. Drill-down walks these prefixes, so the path to any unit is its code's
 * prefixes — no lookup needed to draw the breadcrumbs.
 */
export type UnitLevel = 'district' | 'street' | 'community' | 'grid' | 'building'

const LENGTHS: Record<UnitLevel, number> = { district: 6, street: 9, community: 12, grid: 15, building: 18 }
const BY_LENGTH = new Map(Object.entries(LENGTHS).map(([level, n]) => [n, level as UnitLevel]))

/** Code length of the whole district (the drill-down's top when the user has no street of their own). */
export const DISTRICT_LENGTH = LENGTHS.district

/** The code length one level down, stopping at grids (buildings are picked, not drilled by area). */
export function childLength(length: number): number {
  return length < LENGTHS.street ? LENGTHS.street : length < LENGTHS.community ? LENGTHS.community : LENGTHS.grid
}

export function levelOf(code: string): UnitLevel | undefined {
  return BY_LENGTH.get(code.length)
}

/** The ranking one level down: a street ranks its communities, a community its grids. */
export function childLevel(level: UnitLevel): 'street' | 'community' | 'grid' {
  return level === 'district' ? 'street' : level === 'street' ? 'community' : 'grid'
}

/** Codes from just below `root` down to `code`: root 370902001, code 370902001002001 → [community, grid]. */
export function pathBetween(root: string | null, code: string | null): string[] {
  if (!code)
    return []
  const from = root?.length ?? LENGTHS.district
  return [LENGTHS.street, LENGTHS.community, LENGTHS.grid, LENGTHS.building]
    .filter(n => n > from && n <= code.length)
    .map(n => code.slice(0, n))
}

/** The community of a grid, the grid of a building; other codes are their own context. */
export function contextOf(code: string): string {
  return code.length >= LENGTHS.grid ? code.slice(0, LENGTHS.community) : code
}
