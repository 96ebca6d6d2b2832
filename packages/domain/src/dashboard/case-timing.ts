/**
 * Figures stamped on a case row when it moves, so the dashboard can count them in SQL without
 * replaying the SLA clock for every case: when it turns "due soon", how long it took to handle,
 * and whether it was handled on time. Each is computed once, at the step, with the SLA clock.
 */
import type { SlaMode } from '../case/sla-clock'
import { hoursBetween, slaStatus, workingHoursBetween } from '../case/sla-clock'

/**
 * 处置时长 in working minutes from dispatch to resolution (平均处置时长 averages these, DESIGN.md
 * §4: working hours, from the SLA clock, whatever the category's own mode).
 */
export function handlingMinutes(dispatchedAt: number, resolvedAt: number): number {
  return Math.max(0, Math.round(workingHoursBetween(new Date(dispatchedAt), new Date(resolvedAt)) * 60))
}

/** 按期: the (last) resolution came no later than the deadline in force. */
export function resolvedOnTime(resolvedAt: number, deadline: number): boolean {
  return resolvedAt <= deadline
}

/**
 * The first instant at which a running case counts as "due soon" under `slaStatus` (the same rule
 * the board and the tablet show), found by bisection to the millisecond: the status only moves
 * forward in time, on_time → due_soon → overdue. Returns `deadline` when the case is never due soon
 * before it is overdue, and `dispatchedAt` when it is due soon from the start.
 */
export function dueSoonAt(dispatchedAt: number, deadline: number, mode: SlaMode): number {
  if (deadline <= dispatchedAt)
    return deadline
  const total = Math.max(hoursBetween(new Date(dispatchedAt), new Date(deadline), mode), 0.1)
  const status = (t: number) => slaStatus(new Date(deadline), new Date(t), total, mode)
  if (status(dispatchedAt) !== 'on_time')
    return dispatchedAt
  let lo = dispatchedAt // on time
  let hi = deadline // not on time (due soon, or overdue just after)
  if (status(hi) === 'on_time')
    return deadline
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (status(mid) === 'on_time')
      lo = mid
    else
      hi = mid
  }
  return hi
}

/** The timing columns of a case row (epoch ms; null until the step that sets them). */
export interface CaseStamps {
  readonly dispatchedAt: number | null
  readonly resolvedAt: number | null
  readonly dueSoonAt: number | null
  readonly onTime: boolean | null
  readonly handlingMinutes: number | null
}

export const NO_STAMPS: CaseStamps = { dispatchedAt: null, resolvedAt: null, dueSoonAt: null, onTime: null, handlingMinutes: null }

/**
 * The stamps after one accepted step. `deadline` is the deadline in force after the step; `mode`
 * the category's SLA mode. Dispatch and reopen restart the allowance; an approved extension moves
 * the due-soon instant; resolve records the time; verify (结案) fixes on-time and handling time.
 */
export function stampsAfter(action: string, stamps: CaseStamps, deadline: number | null, now: number, mode: SlaMode): CaseStamps {
  switch (action) {
    case 'dispatch':
    case 'reopen':
      return { ...stamps, dispatchedAt: now, dueSoonAt: deadline === null ? null : dueSoonAt(now, deadline, mode), onTime: null, handlingMinutes: null }
    case 'approve_extension':
      return stamps.dispatchedAt === null || deadline === null ? stamps : { ...stamps, dueSoonAt: dueSoonAt(stamps.dispatchedAt, deadline, mode) }
    case 'resolve':
      return { ...stamps, resolvedAt: now }
    case 'verify': {
      const resolvedAt = stamps.resolvedAt ?? now
      return {
        ...stamps,
        resolvedAt,
        onTime: deadline === null ? null : resolvedOnTime(resolvedAt, deadline),
        handlingMinutes: stamps.dispatchedAt === null ? null : handlingMinutes(stamps.dispatchedAt, resolvedAt),
      }
    }
    default:
      return stamps
  }
}

/** SLA stage of a case with a running clock at `now`: 0 on time, 1 due soon, 2 past the deadline. */
export type SlaStage = 0 | 1 | 2

/**
 * The stage `slaStatus` would show at `now` (overdue strictly after the deadline, due soon from
 * `dueSoonAt`); 0 for a case without a deadline. The database keeps it per case so the dashboard
 * counts stages from rollups; a sweeper moves it on as time passes.
 */
export function slaStageAt(now: number, dueSoonAt: number | null, deadline: number | null): SlaStage {
  if (deadline === null)
    return 0
  if (now > deadline)
    return 2
  return dueSoonAt !== null && now >= dueSoonAt ? 1 : 0
}
