/**
 * The case loop as a pure state machine, after the "seven steps" of GB/T 30428 / CJ/T 315
 * (DESIGN.md §4): 采集 report → 立案 file → 派遣 dispatch → 处置 handle → 反馈 resolve →
 * 核查结案 verify & close → 评价 rate, with the side paths 返工 rework, 延期 extension,
 * 督办 escalation, reassignment and reopening.
 *
 * `transition()` decides; it never writes. The caller persists `next` and appends `event`.
 * Territorial scope (is this case in the actor's community or grid?) and whether a new assignee
 * belongs to the case's grid are checked by the data-access layer before this is called; a
 * resident actor is whoever presented the case's tracking token.
 */
import type {
  CaseAction,
  CaseActionType,
  CaseActor,
  CaseActorRole,
  CaseEvent,
  CaseState,
  CaseStatus,
  TransitionRefusal,
  TransitionResult,
} from './case-state'
import { CASE_ACTIONS, CASE_ACTOR_ROLES, OPEN_STATUSES } from './case-state'

/** Days after closing during which a case may be reopened. */
export const REOPEN_WINDOW_DAYS = 30

const GRID_STAFF: readonly CaseActorRole[] = ['grid_leader', 'grid_member']
const WORKING: readonly CaseStatus[] = ['dispatched', 'in_progress']

interface Rule {
  readonly from: readonly CaseStatus[]
  readonly roles: readonly CaseActorRole[]
  /** Only the case's assignee among those roles. */
  readonly assigneeOnly?: boolean
}

/**
 * Who may do what, from which status. The community worker runs the desk (file, dispatch, verify,
 * approve); grid staff handle only the cases assigned to them; the street supervises (督办); the
 * resident rates — through the tracking code, or by telling the desk in a 回访 call-back, which the
 * desk records (so 满意率 covers cases taken by phone too). `admin` maintains data and accounts and takes no part in the loop — keeping the
 * system administrator out of case decisions keeps the audit trail meaningful.
 */
export const CASE_RULES: Readonly<Record<CaseActionType, Rule>> = {
  file: { from: ['reported'], roles: ['community'] },
  cancel: { from: ['reported'], roles: ['community'] },
  dispatch: { from: ['filed'], roles: ['community'] },
  accept: { from: ['dispatched'], roles: GRID_STAFF, assigneeOnly: true },
  resolve: { from: ['in_progress'], roles: GRID_STAFF, assigneeOnly: true },
  progress: { from: ['in_progress'], roles: GRID_STAFF, assigneeOnly: true },
  verify: { from: ['resolved'], roles: ['community'] },
  rework: { from: ['resolved'], roles: ['community'] },
  rate: { from: ['closed'], roles: ['resident', 'community'] },
  request_extension: { from: WORKING, roles: GRID_STAFF, assigneeOnly: true },
  approve_extension: { from: WORKING, roles: ['community'] },
  reject_extension: { from: WORKING, roles: ['community'] },
  escalate: { from: OPEN_STATUSES, roles: ['street'] },
  reassign: { from: WORKING, roles: ['community'] },
  reopen: { from: ['closed'], roles: ['community'] },
}

type Refusal = Extract<TransitionResult, { ok: false }>

function refuse(reason: TransitionRefusal, message: string, field?: string): Refusal {
  return field === undefined ? { ok: false, reason, message } : { ok: false, reason, message, field }
}

const DAY_MS = 86_400_000

/** The checks that do not depend on the payload: role, status, assignee, state guards. */
function precheck(state: CaseState, type: CaseActionType, actor: CaseActor, now: Date): Refusal | undefined {
  const rule = CASE_RULES[type]
  if (!rule.roles.includes(actor.role))
    return refuse('forbidden', `${actor.role} may not ${type} a case`)
  if (!rule.from.includes(state.status))
    return refuse('illegal_transition', `cannot ${type} a case that is ${state.status}`)
  if (rule.assigneeOnly && actor.id !== state.assigneeId)
    return refuse('forbidden', `only the assignee may ${type} this case`)
  switch (type) {
    case 'rate':
      if (state.rating !== null)
        return refuse('illegal_transition', 'the case has already been rated')
      return actor.role === 'community' && !state.fromResident ? refuse('illegal_transition', 'a patrol report has no caller to ask for a rating (回访)') : undefined
    case 'request_extension':
      return state.extension === null ? undefined : refuse('illegal_transition', 'an extension request is already pending')
    case 'approve_extension':
    case 'reject_extension':
      return state.extension !== null ? undefined : refuse('illegal_transition', 'there is no pending extension request')
    case 'escalate':
      return state.escalated ? refuse('illegal_transition', 'the case is already escalated') : undefined
    case 'reopen':
      return state.closedAt !== null && now.getTime() - state.closedAt.getTime() <= REOPEN_WINDOW_DAYS * DAY_MS
        ? undefined
        : refuse('illegal_transition', `a case can be reopened only within ${REOPEN_WINDOW_DAYS} days of closing`)
    default:
      return undefined
  }
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime())
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== ''
}

// Payload rules. Notes are required where a decision must be explained: cancelling (不予立案),
// resolving, sending back (返工), refusing an extension, asking for one, 督办 and reopening.
const NOTE_REQUIRED = new Set<CaseActionType>([
  'cancel',
  'resolve',
  'progress',
  'rework',
  'request_extension',
  'reject_extension',
  'escalate',
  'reopen',
])

function payloadProblem(state: CaseState, action: CaseAction, now: Date): Refusal | undefined {
  if (action.note !== undefined && typeof action.note !== 'string')
    return refuse('invalid', 'note must be text', 'note')
  if (NOTE_REQUIRED.has(action.type) && !nonEmpty(action.note))
    return refuse('invalid', `a note is required to ${action.type}`, 'note')
  const attachments: unknown = action.attachments
  if (attachments !== undefined && (!Array.isArray(attachments) || !attachments.every(nonEmpty)))
    return refuse('invalid', 'attachments must be a list of photo ids', 'attachments')
  switch (action.type) {
    case 'dispatch':
    case 'reassign':
      if (!nonEmpty(action.assigneeId))
        return refuse('invalid', 'an assignee is required', 'assigneeId')
      if (action.type === 'reassign' && action.assigneeId === state.assigneeId)
        return refuse('invalid', 'the case is already assigned to this person', 'assigneeId')
      if (action.type === 'dispatch' && !(isValidDate(action.deadline) && action.deadline > now))
        return refuse('invalid', 'the deadline must be a time in the future', 'deadline')
      return undefined
    case 'reopen':
      return isValidDate(action.deadline) && action.deadline > now
        ? undefined
        : refuse('invalid', 'the new deadline must be a time in the future', 'deadline')
    case 'request_extension':
      return isValidDate(action.deadline) && state.deadline !== null && action.deadline > state.deadline
        ? undefined
        : refuse('invalid', 'the requested deadline must be later than the current one', 'deadline')
    case 'resolve':
      return (state.categoryKind === 'component' || state.photoRequired) && (action.attachments?.length ?? 0) === 0
        ? refuse('invalid', 'at least one photo is required to resolve this category', 'attachments')
        : undefined
    case 'rate':
      return Number.isInteger(action.rating) && action.rating >= 1 && action.rating <= 5
        ? undefined
        : refuse('invalid', 'the rating must be a whole number from 1 to 5', 'rating')
    default:
      return undefined
  }
}

/** The next state; payload already validated. */
function apply(state: CaseState, action: CaseAction, actor: CaseActor, now: Date): CaseState {
  switch (action.type) {
    case 'file': return { ...state, status: 'filed' }
    case 'cancel': return { ...state, status: 'cancelled' }
    case 'dispatch':
      return { ...state, status: 'dispatched', assigneeId: action.assigneeId, deadline: new Date(action.deadline) }
    case 'accept': return { ...state, status: 'in_progress' }
    case 'resolve': return { ...state, status: 'resolved' }
    case 'progress': return state
    case 'verify': return { ...state, status: 'closed', closedAt: new Date(now) }
    // the deadline stays: rework is the handler's cost, and it shows in 按期结案率
    case 'rework': return { ...state, status: 'in_progress', reworkCount: state.reworkCount + 1 }
    case 'rate': return { ...state, rating: action.rating }
    case 'request_extension':
      return { ...state, extension: { requestedDeadline: new Date(action.deadline), requestedBy: actor.id } }
    case 'approve_extension':
      return {
        ...state,
        deadline: new Date(state.extension!.requestedDeadline),
        extension: null,
        extensionCount: state.extensionCount + 1,
      }
    case 'reject_extension': return { ...state, extension: null }
    case 'escalate': return { ...state, escalated: true }
    // a request made by the previous assignee is theirs: it lapses with the hand-over
    case 'reassign': return { ...state, status: 'dispatched', assigneeId: action.assigneeId, extension: null }
    // the old rating judged the old result; it stays in the event log, not on the case
    case 'reopen':
      return {
        ...state,
        status: 'in_progress',
        deadline: new Date(action.deadline),
        reopenCount: state.reopenCount + 1,
        rating: null,
        closedAt: null,
      }
  }
}

function eventDetails(state: CaseState, action: CaseAction): Pick<CaseEvent, 'assigneeId' | 'deadline' | 'rating'> {
  switch (action.type) {
    case 'dispatch': return { assigneeId: action.assigneeId, deadline: new Date(action.deadline) }
    case 'reassign': return { assigneeId: action.assigneeId }
    case 'request_extension':
    case 'reopen': return { deadline: new Date(action.deadline) }
    case 'approve_extension': return { deadline: new Date(state.extension!.requestedDeadline) }
    case 'rate': return { rating: action.rating }
    default: return {}
  }
}

/**
 * Applies an action to a case. Checks, in order: the actor's role (`forbidden`), the current status
 * and state (`illegal_transition`, e.g. already rated), that grid staff act on their own case
 * (`forbidden`), then the payload (`invalid`, naming the field). On success returns the next state
 * and the event to append; nothing is mutated.
 */
export function transition(state: CaseState, action: CaseAction, actor: CaseActor, now: Date): TransitionResult {
  if (!isValidDate(now))
    throw new TypeError('now must be a valid Date')
  if (!(CASE_ACTIONS as readonly string[]).includes(action.type))
    return refuse('invalid', `unknown action ${String(action.type)}`, 'type')
  if (!(CASE_ACTOR_ROLES as readonly string[]).includes(actor.role))
    return refuse('forbidden', `unknown role ${String(actor.role)}`)
  const refusal = precheck(state, action.type, actor, now) ?? payloadProblem(state, action, now)
  if (refusal)
    return refusal

  const next = apply(state, action, actor, now)
  const event: CaseEvent = Object.freeze({
    action: action.type,
    from: state.status,
    to: next.status,
    actorId: actor.id,
    actorRole: actor.role,
    at: new Date(now),
    note: nonEmpty(action.note) ? action.note.trim() : null,
    attachments: Object.freeze([...action.attachments ?? []]),
    ...eventDetails(state, action),
  })
  return { ok: true, next, event }
}

/**
 * The actions this actor may take on the case now — for showing buttons. A listed action can still
 * be refused for its payload (a missing note or photo); the server decides with transition().
 */
export function allowedActions(state: CaseState, actor: CaseActor, now: Date): CaseActionType[] {
  return CASE_ACTIONS.filter(type => precheck(state, type, actor, now) === undefined)
}
