import type { CaseSummary } from '@gridgov/domain'
import type { CaseActionType, CaseChannel, CaseStatus } from '@gridgov/domain/core'

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
  /** a case number or a 12345 work-order number (whole or its start) */
  q: string
  status: CaseStatus[]
  categoryCode: string | null
  gridCode: string | null
  channel: CaseChannel | null
  overdue: boolean
  unassigned: boolean
  sort: 'deadline' | '-reported'
}
