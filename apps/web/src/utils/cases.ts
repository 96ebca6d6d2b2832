import type { CaseActionType, CaseChannel, CaseStatus, CaseSummary } from '@gridgov/domain'

/*
 * Runtime mirrors of the case constants of @gridgov/domain (the app imports only its types, see
 * access.ts). The `Exhaustive` checks fail the typecheck when the domain adds a status or action.
 */
type Exhaustive<All, Listed extends All> = [Exclude<All, Listed>] extends [never] ? true : never

export const CASE_STATUSES = ['reported', 'filed', 'dispatched', 'in_progress', 'resolved', 'closed', 'cancelled'] as const satisfies readonly CaseStatus[]
export const CASE_STATUSES_COMPLETE: Exhaustive<CaseStatus, typeof CASE_STATUSES[number]> = true

/** Statuses in which the case still needs work. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['reported', 'filed', 'dispatched', 'in_progress', 'resolved']

export const CASE_CHANNELS = ['phone', 'walk_in', 'hotline_12345', 'patrol', 'resident_web'] as const satisfies readonly CaseChannel[]
export const CASE_CHANNELS_COMPLETE: Exhaustive<CaseChannel, typeof CASE_CHANNELS[number]> = true

/** The channels a community worker records at intake (patrol is the tablet's, resident_web the public form's). */
export const INTAKE_CHANNELS = ['phone', 'walk_in', 'hotline_12345'] as const

/** Action buttons in display order: the forward step first, side paths after, destructive last. */
export const CASE_ACTIONS = [
  'file',
  'dispatch',
  'accept',
  'progress', // 添加进展
  'resolve',
  'verify',
  'rework', // 返工
  'request_extension', // 延期申请
  'approve_extension',
  'reject_extension',
  'reassign', // 改派
  'escalate', // 督办
  'reopen',
  'rate',
  'cancel', // 作废
] as const satisfies readonly CaseActionType[]
export const CASE_ACTIONS_COMPLETE: Exhaustive<CaseActionType, typeof CASE_ACTIONS[number]> = true

/** The main (forward) steps of the loop, shown as primary buttons. */
export const PRIMARY_ACTIONS: readonly CaseActionType[] = ['file', 'dispatch', 'accept', 'resolve', 'verify', 'approve_extension']

/** What each action's dialog asks for. The server checks the same rules; this shapes the form. */
export interface ActionForm {
  note: 'none' | 'optional' | 'required'
  assignee?: boolean
  deadline?: 'optional' | 'required'
  rating?: boolean
  photos?: boolean
  danger?: boolean
}

export const ACTION_FORMS: Record<CaseActionType, ActionForm> = {
  file: { note: 'optional' },
  cancel: { note: 'required', danger: true },
  dispatch: { note: 'optional', assignee: true, deadline: 'optional' },
  accept: { note: 'optional' },
  resolve: { note: 'required', photos: true },
  progress: { note: 'required', photos: true },
  verify: { note: 'optional' },
  rework: { note: 'required', danger: true },
  rate: { note: 'optional', rating: true },
  request_extension: { note: 'required', deadline: 'required' },
  approve_extension: { note: 'optional' },
  reject_extension: { note: 'optional' },
  escalate: { note: 'required', danger: true },
  reassign: { note: 'optional', assignee: true },
  reopen: { note: 'required', deadline: 'required' },
}

/** Element Plus tag type of a status. */
export function statusTagType(status: CaseStatus): 'primary' | 'success' | 'warning' | 'info' | 'danger' {
  switch (status) {
    case 'reported': return 'danger'
    case 'filed': return 'warning'
    case 'dispatched':
    case 'in_progress': return 'primary'
    case 'resolved': return 'warning'
    case 'closed': return 'success'
    default: return 'info'
  }
}

export type SlaState = NonNullable<CaseSummary['sla']>

/** Element Plus tag type of an SLA state (DESIGN §9: overdue red, due soon amber, on time green). */
export const SLA_TAG: Record<SlaState, 'danger' | 'warning' | 'success'> = { overdue: 'danger', due_soon: 'warning', on_time: 'success' }

/** Hours as the server counted them, rounded to a tenth (3.5, 12, 0.3). Never recomputed here. */
export function formatHours(hours: number): string {
  return String(Math.round(Math.abs(hours) * 10) / 10)
}

/** The board's filters (status, category, grid, channel, overdue, unassigned queue, sort). */
export interface CaseBoardFilters {
  status: CaseStatus[]
  categoryCode: string | null
  gridCode: string | null
  channel: CaseChannel | null
  overdue: boolean
  unassigned: boolean
  sort: 'deadline' | '-reported'
}
