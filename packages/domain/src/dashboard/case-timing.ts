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
