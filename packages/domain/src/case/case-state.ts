/**
 * The shapes of the case loop (DESIGN.md §4): statuses, actions with their payloads, actors, the
 * case state the machine reads and the immutable event it writes. The rules are in state-machine.ts.
 */
import type { Role } from '../access'
import type { CategoryKind } from './categories'
import { ROLES } from '../access'

/** In the order a case moves through them (作废 cancelled, the side exit, last). */
export const CASE_STATUSES = ['reported', 'filed', 'dispatched', 'in_progress', 'resolved', 'closed', 'cancelled'] as const
export type CaseStatus = typeof CASE_STATUSES[number]

/** Statuses in which the case still needs work (督办 is possible in any of them). */
export const OPEN_STATUSES: readonly CaseStatus[] = ['reported', 'filed', 'dispatched', 'in_progress', 'resolved']

/** How a case came in: 电话, 来访, 12345 转办, 网格员巡查上报, 居民网上自报. */
export const CASE_CHANNELS = ['phone', 'walk_in', 'hotline_12345', 'patrol', 'resident_web'] as const
export type CaseChannel = typeof CASE_CHANNELS[number]
/** The channels a community worker records at the desk (patrol is the tablet's, resident_web the public form's). */
export const DESK_CHANNELS = ['phone', 'walk_in', 'hotline_12345'] as const satisfies readonly CaseChannel[]

/** The loop's steps in the order they are offered: forward steps first, side paths after, 作废 last. */
export const CASE_ACTIONS = [
  'file',
  'dispatch',
  'accept',
  'progress', // 添加进展: a note (and photos) on the way, status unchanged
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
] as const
export type CaseActionType = typeof CASE_ACTIONS[number]

/** Staff roles plus the anonymous resident holding a tracking token. */
export const CASE_ACTOR_ROLES = [...ROLES, 'resident'] as const
export type CaseActorRole = Role | 'resident'

/** Who acts: a user id (or, for a resident, the case's tracking reference) and a role. */
export interface CaseActor { readonly id: string, readonly role: CaseActorRole }

/** A pending extension request (延期申请); decided requests live only in the event log. */
export interface PendingExtension {
  readonly requestedDeadline: Date
  readonly requestedBy: string
}

/** What the machine needs to know about a case. Plain data; the database row maps onto it. */
export interface CaseState {
  readonly status: CaseStatus
  /** The category's kind: 部件 component cases need a photo to resolve. */
  readonly categoryKind: CategoryKind
  /** The category's own photo rule (some events need one too); components always do. */
  readonly photoRequired: boolean
  readonly assigneeId: string | null
  readonly deadline: Date | null
  readonly reworkCount: number
  readonly reopenCount: number
  /** Approved extensions (延期率 counts cases with at least one). */
  readonly extensionCount: number
  readonly extension: PendingExtension | null
  readonly escalated: boolean
  /** 1–5, only while closed. */
  readonly rating: number | null
  /**
   * A resident brought the case (phone, walk-in, 12345, the web form) — someone the desk can ask
   * for a rating in a 回访 call-back. A grid member's patrol report has no such caller.
   */
  readonly fromResident: boolean
  readonly closedAt: Date | null
}

interface ActionBase {
  readonly note?: string
  /** Ids of uploaded photos. */
  readonly attachments?: readonly string[]
}

/** An action with its payload. Fields are checked at run time too (they come from requests). */
export type CaseAction
  = | ActionBase & { readonly type: 'file' | 'accept' | 'verify' | 'approve_extension' }
    | ActionBase & { readonly type: 'cancel' | 'resolve' | 'progress' | 'rework' | 'reject_extension' | 'escalate' }
    | ActionBase & { readonly type: 'dispatch', readonly assigneeId: string, readonly deadline: Date }
    | ActionBase & { readonly type: 'reassign', readonly assigneeId: string }
    | ActionBase & { readonly type: 'rate', readonly rating: number }
    | ActionBase & { readonly type: 'request_extension' | 'reopen', readonly deadline: Date }

/** The immutable record appended to the case's timeline for every accepted transition. */
export interface CaseEvent {
  readonly action: CaseActionType
  readonly from: CaseStatus
  readonly to: CaseStatus
  readonly actorId: string
  readonly actorRole: CaseActorRole
  readonly at: Date
  readonly note: string | null
  readonly attachments: readonly string[]
  /** The new assignee (dispatch, reassign). */
  readonly assigneeId?: string
  /** The new or requested deadline (dispatch, request/approve extension, reopen). */
  readonly deadline?: Date
  readonly rating?: number
}

/** Why a transition was refused: 409 illegal_transition, 403 forbidden, 400 invalid. */
export type TransitionRefusal = 'illegal_transition' | 'forbidden' | 'invalid'

export type TransitionResult
  = | { readonly ok: true, readonly next: CaseState, readonly event: CaseEvent }
    | { readonly ok: false, readonly reason: TransitionRefusal, readonly message: string, readonly field?: string }

/** A newly reported case (采集), before filing. */
export function reportedCase(category: { kind: CategoryKind, photoRequired: boolean }, fromResident = true): CaseState {
  return {
    fromResident,
    status: 'reported',
    categoryKind: category.kind,
    photoRequired: category.photoRequired,
    assigneeId: null,
    deadline: null,
    reworkCount: 0,
    reopenCount: 0,
    extensionCount: 0,
    extension: null,
    escalated: false,
    rating: null,
    closedAt: null,
  }
}
