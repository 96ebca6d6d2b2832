/**
 * A 区域化党建 project's lifecycle as a pure state machine (DESIGN.md §5):
 * 提出 proposed → 认领 claimed → 实施 in_progress → 完成 completed → 评价 evaluated,
 * with 撤销 cancel before work starts. Progress updates (进展) keep the status. Evaluation is
 * two-way (双向评价): the community rates the provider and the provider rates the community; the
 * project is `evaluated` once both ratings are in, in either order.
 *
 * Units and Party members are not system users: the community worker (or the street's 党建
 * office) records their claims and ratings. `transition()` decides; it never writes.
 */
import type { Role } from '../access'
import type { NeedStatus } from './vocabulary'

export const PROJECT_STATUSES = ['proposed', 'claimed', 'in_progress', 'completed', 'evaluated', 'cancelled'] as const
export type ProjectStatus = typeof PROJECT_STATUSES[number]
export const PROJECT_STATUS_LABELS: Record<ProjectStatus, string> = {
  proposed: '待认领',
  claimed: '已认领',
  in_progress: '实施中',
  completed: '已完成',
  evaluated: '已评价',
  cancelled: '已撤销',
}

export const PROJECT_ACTIONS = ['claim', 'start', 'progress', 'complete', 'rate_provider', 'rate_community', 'cancel'] as const
export type ProjectActionType = typeof PROJECT_ACTIONS[number]
export const PROJECT_ACTION_LABELS: Record<ProjectActionType | 'propose', string> = {
  propose: '提出项目',
  claim: '认领',
  start: '启动实施',
  progress: '进展',
  complete: '完成',
  rate_provider: '社区评价单位',
  rate_community: '单位评价社区',
  cancel: '撤销',
}

/** What the machine reads of a project. */
export interface ProjectState {
  readonly status: ProjectStatus
  /** the claiming unit or Party member, as 'unit:<id>' / 'member:<id>' (null until known) */
  readonly lead: string | null
  readonly providerRating: number | null
  readonly communityRating: number | null
}

export type ProjectAction
  = | { readonly type: 'claim', readonly lead?: string, readonly note?: string }
    | { readonly type: 'start' | 'cancel' | 'progress', readonly note?: string, readonly attachments?: readonly string[] }
    | { readonly type: 'complete', readonly note?: string, readonly beneficiariesServed?: number, readonly attachments?: readonly string[] }
    | { readonly type: 'rate_provider' | 'rate_community', readonly rating?: number, readonly note?: string }

export type ProjectRefusal = 'illegal_transition' | 'forbidden' | 'invalid'

export type ProjectTransitionResult
  = | { readonly ok: true, readonly next: ProjectState, readonly event: { action: ProjectActionType, from: ProjectStatus, to: ProjectStatus, note: string | null, attachments: readonly string[], rating: number | null } }
    | { readonly ok: false, readonly reason: ProjectRefusal, readonly message: string, readonly field?: string }

/** The community desk and the street's Party-building office run the lists; grid staff and admin do not. */
export const LIST_WRITERS: readonly Role[] = ['community', 'street']

const FROM: Readonly<Record<ProjectActionType, readonly ProjectStatus[]>> = {
  claim: ['proposed'],
  start: ['claimed'],
  progress: ['in_progress'],
  complete: ['in_progress'],
  rate_provider: ['completed'],
  rate_community: ['completed'],
  cancel: ['proposed', 'claimed'],
}
/** Actions whose note explains a decision or reports what was done. */
const NOTE_REQUIRED = new Set<ProjectActionType>(['progress', 'complete', 'cancel'])
const LEAD = /^(?:unit|member):[1-9]\d*$/

type Refusal = Extract<ProjectTransitionResult, { ok: false }>
function refuse(reason: ProjectRefusal, message: string, field?: string): Refusal {
  return field === undefined ? { ok: false, reason, message } : { ok: false, reason, message, field }
}
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== ''

function precheck(state: ProjectState, type: ProjectActionType, role: Role): Refusal | undefined {
  if (!LIST_WRITERS.includes(role))
    return refuse('forbidden', `${role} may not ${type} a project`)
  if (!FROM[type].includes(state.status))
    return refuse('illegal_transition', `cannot ${type} a project that is ${state.status}`)
  if (type === 'rate_provider' && state.providerRating !== null)
    return refuse('illegal_transition', 'the provider has already been rated')
  if (type === 'rate_community' && state.communityRating !== null)
    return refuse('illegal_transition', 'the community has already been rated')
  return undefined
}

function payloadProblem(state: ProjectState, action: ProjectAction): Refusal | undefined {
  if (NOTE_REQUIRED.has(action.type) && !nonEmpty(action.note))
    return refuse('invalid', `a note is required to ${action.type}`, 'note')
  switch (action.type) {
    case 'claim':
      if (action.lead !== undefined && !LEAD.test(action.lead))
        return refuse('invalid', 'the lead is a unit or a Party member', 'lead')
      return (action.lead ?? state.lead) === null ? refuse('invalid', 'name the unit or Party member who claims the project', 'lead') : undefined
    case 'complete':
      return Number.isInteger(action.beneficiariesServed) && action.beneficiariesServed! >= 0
        ? undefined
        : refuse('invalid', 'say how many people the project served', 'beneficiariesServed')
    case 'rate_provider':
    case 'rate_community':
      return Number.isInteger(action.rating) && action.rating! >= 1 && action.rating! <= 5
        ? undefined
        : refuse('invalid', 'the rating must be a whole number from 1 to 5', 'rating')
    default:
      return undefined
  }
}

function apply(state: ProjectState, action: ProjectAction): ProjectState {
  switch (action.type) {
    case 'claim': return { ...state, status: 'claimed', lead: action.lead ?? state.lead }
    case 'start': return { ...state, status: 'in_progress' }
    case 'progress': return state
    case 'complete': return { ...state, status: 'completed' }
    case 'cancel': return { ...state, status: 'cancelled' }
    case 'rate_provider':
    case 'rate_community': {
      const rated = action.type === 'rate_provider' ? { ...state, providerRating: action.rating! } : { ...state, communityRating: action.rating! }
      return rated.providerRating !== null && rated.communityRating !== null ? { ...rated, status: 'evaluated' } : rated
    }
  }
}

/**
 * Applies an action. Checks, in order: the role (`forbidden`), the status and ratings already
 * given (`illegal_transition`), then the payload (`invalid`, naming the field).
 */
export function projectTransition(state: ProjectState, action: ProjectAction, role: Role): ProjectTransitionResult {
  if (!(PROJECT_ACTIONS as readonly string[]).includes(action.type))
    return refuse('invalid', `unknown action ${String(action.type)}`, 'action')
  const refusal = precheck(state, action.type, role) ?? payloadProblem(state, action)
  if (refusal)
    return refusal
  const next = apply(state, action)
  const attachments = 'attachments' in action ? [...action.attachments ?? []] : []
  const rating = 'rating' in action ? action.rating ?? null : null
  return {
    ok: true,
    next,
    event: { action: action.type, from: state.status, to: next.status, note: nonEmpty(action.note) ? action.note.trim() : null, attachments, rating },
  }
}

/** The actions this role may take now (for buttons; the payload can still be refused). */
export function allowedProjectActions(state: ProjectState, role: Role): ProjectActionType[] {
  return PROJECT_ACTIONS.filter(type => precheck(state, type, role) === undefined)
}

/** Volunteer hours are logged while the work goes on and until it is evaluated. */
export function acceptsHours(status: ProjectStatus): boolean {
  return status === 'in_progress' || status === 'completed'
}

/**
 * A need's status follows the projects that serve it: a proposed project → 已匹配 matched, a claimed
 * or running one → 实施中 in_project, a completed or evaluated one → 已满足 fulfilled; cancelled
 * projects count for nothing. A need closed by hand stays closed.
 */
export function needStatusFor(current: NeedStatus, projectStatuses: readonly ProjectStatus[]): NeedStatus {
  if (current === 'closed')
    return 'closed'
  const live = projectStatuses.filter(s => s !== 'cancelled')
  if (live.some(s => s === 'completed' || s === 'evaluated'))
    return 'fulfilled'
  if (live.some(s => s === 'claimed' || s === 'in_progress'))
    return 'in_project'
  return live.length > 0 ? 'matched' : 'open'
}

/** A need may be closed by hand (with a note) while no project is working on it. */
export function canCloseNeed(status: NeedStatus): boolean {
  return status === 'open' || status === 'matched'
}
