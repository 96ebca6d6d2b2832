import type { NeedStatus, ProjectStatus, ResourceStatus } from '@gridgov/domain/core'

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

/** One colour per status everywhere (DESIGN.md §9): waiting amber, working blue, done green, off grey. */
export const STATUS_TAG: Record<NeedStatus | ResourceStatus | ProjectStatus, TagType> = {
  open: 'danger',
  matched: 'warning',
  in_project: 'primary',
  fulfilled: 'success',
  closed: 'info',
  available: 'success',
  exhausted: 'warning',
  expired: 'info',
  withdrawn: 'info',
  proposed: 'warning',
  claimed: 'primary',
  in_progress: 'primary',
  completed: 'success',
  evaluated: 'success',
  cancelled: 'info',
}

/** Map colours of the three lists' markers. */
export const LIST_COLOURS = { need: '#c8161d', resource: '#1f6fd1', project: '#2e8b57' } as const
export type ListKind = keyof typeof LIST_COLOURS

/** 850 m, 2.4 km */
export function formatDistance(m: number): string {
  return m < 1000 ? `${Math.round(m)} 米` : `${(m / 1000).toFixed(1)} 公里`
}

/** Today in China (UTC+8) as YYYY-MM-DD, and a date `days` later. */
export function cstToday(days = 0): string {
  return new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10)
}
