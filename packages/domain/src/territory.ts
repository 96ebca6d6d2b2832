/** Street-level unit kinds: 街道 (urban sub-district), 镇 (town), 乡 (township). */
export const STREET_KINDS = ['street', 'town', 'township'] as const
export type StreetKind = typeof STREET_KINDS[number]

/** Community-level unit kinds: 社区居委会 (urban community) or 村委会 (village). */
export const COMMUNITY_KINDS = ['community', 'village'] as const
export type CommunityKind = typeof COMMUNITY_KINDS[number]

/**
 * Building types: residential 住宅, office 商务楼宇, market 商圈市场, public 公共建筑, mixed 商住混合.
 */
export const BUILDING_TYPES = ['residential', 'office', 'market', 'public', 'mixed'] as const
export type BuildingType = typeof BUILDING_TYPES[number]

/** Grid staff roles: grid leader 网格长 (exactly one per grid) and grid member 网格员 (at least one). */
export const GRID_ROLES = ['leader', 'member'] as const
export type GridRole = typeof GRID_ROLES[number]

/** Masks a mainland mobile number for display: 13812345678 → 138****5678. */
export function maskPhone(phone: string): string {
  if (phone.length < 7)
    return '*'.repeat(phone.length)
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`
}

/** Masks a personal name: 张三 → 张*, 欧阳小明 → 欧***. Keeps the first character. */
export function maskName(name: string): string {
  const chars = [...name]
  return chars.length <= 1 ? name : chars[0] + '*'.repeat(chars.length - 1)
}
