import type { Static } from 'typebox'
/** Request and response shapes of the case API (居民诉求: intake, board, actions, tracking). */
import { Type } from 'typebox'
import { CASE_ACTIONS, CASE_CHANNELS, CASE_STATUSES } from '../case/case-state'
import { CODE_PATTERN } from '../codes'
import { Id, Offset, Version } from './common'

const closed = { additionalProperties: false } as const

const CategoryCode = Type.String({ pattern: '^[CES][0-9]{4}$', description: 'subcategory code, e.g. C0104 路灯不亮' })
const Lon = Type.Number({ minimum: -180, maximum: 180 })
const Lat = Type.Number({ minimum: -90, maximum: 90 })
const Phone = Type.String({ pattern: '^1[3-9][0-9]{9}$', description: 'mainland mobile number' })

/** Where: a map point, or a building (its location is used), or both. At least one is required. */
const where = {
  lon: Type.Optional(Lon),
  lat: Type.Optional(Lat),
  buildingCode: Type.Optional(Type.String({ pattern: CODE_PATTERN.building })),
  address: Type.Optional(Type.String({ maxLength: 120, description: '门牌/位置描述' })),
}

/** A community worker's intake (phone, walk-in, 12345 transfer) or a grid member's patrol report. */
export const CreateCaseBody = Type.Object({
  channel: Type.Enum(['phone', 'walk_in', 'hotline_12345', 'patrol'] as const),
  categoryCode: CategoryCode,
  description: Type.String({ minLength: 5, maxLength: 2000 }),
  ...where,
  reporterName: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  reporterPhone: Type.Optional(Phone),
  /** 12345 hotline work-order number when transferred */
  externalRef: Type.Optional(Type.String({ maxLength: 40 })),
  /** photos taken at intake (a patrol report's 现场照片), uploaded first via POST /api/uploads */
  attachments: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$' }), { maxItems: 9 })),
}, closed)

/** A resident's report from the public form (no login). */
export const PublicCaseBody = Type.Object({
  categoryCode: CategoryCode,
  description: Type.String({ minLength: 5, maxLength: 2000 }),
  ...where,
  reporterName: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  reporterPhone: Phone,
}, closed)

export const CaseStatusSchema = Type.Enum(CASE_STATUSES)

export const CaseSummary = Type.Object({
  id: Type.Integer(),
  number: Type.String({ description: 'case number, e.g. 20261121-0007' }),
  status: CaseStatusSchema,
  version: Type.Integer({ description: 'send back as If-Match (or `version`) with an action' }),
  channel: Type.Enum(CASE_CHANNELS),
  categoryCode: Type.String(),
  categoryName: Type.String(),
  description: Type.String(),
  gridCode: Type.Union([Type.String(), Type.Null()], { description: 'null: in the community\'s unassigned queue' }),
  gridName: Type.Union([Type.String(), Type.Null()]),
  suggestedGridCode: Type.Union([Type.String(), Type.Null()], { description: 'nearest grid when the point is outside every grid' }),
  communityCode: Type.String(),
  buildingCode: Type.Union([Type.String(), Type.Null()]),
  buildingName: Type.Union([Type.String(), Type.Null()], { description: 'the building as residents call it, e.g. 3号楼' }),
  location: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  assigneeId: Type.Union([Type.Integer(), Type.Null()], { description: 'grid staff id' }),
  assigneeName: Type.Union([Type.String(), Type.Null()]),
  reportedAt: Type.String({ format: 'date-time' }),
  deadline: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  sla: Type.Union([Type.Enum(['on_time', 'due_soon', 'overdue'] as const), Type.Null()], { description: 'null when not running (not dispatched yet, or finished)' }),
  remainingHours: Type.Union([Type.Number(), Type.Null()], { description: 'working (or continuous) hours left; negative when overdue' }),
  escalated: Type.Boolean(),
  reworkCount: Type.Integer(),
  rating: Type.Union([Type.Integer(), Type.Null()]),
}, closed)

export const CaseEventSchema = Type.Object({
  id: Type.Integer(),
  action: Type.Union([Type.Enum(CASE_ACTIONS), Type.Literal('report')], { description: 'report 采集 opens every timeline' }),
  from: CaseStatusSchema,
  to: CaseStatusSchema,
  actorName: Type.String(),
  actorRole: Type.String(),
  at: Type.String({ format: 'date-time' }),
  note: Type.Union([Type.String(), Type.Null()]),
  attachments: Type.Array(Type.String()),
  assigneeName: Type.Union([Type.String(), Type.Null()], { description: '派遣 / 改派: who the case went to' }),
  rating: Type.Union([Type.Integer(), Type.Null()], { description: '评价: 1–5 stars' }),
}, closed)

export const CaseDetail = Type.Object({
  ...CaseSummary.properties,
  reporterName: Type.Union([Type.String(), Type.Null()], { description: 'masked unless the role handles the case' }),
  reporterPhone: Type.Union([Type.String(), Type.Null()], { description: 'masked (138****5678)' }),
  externalRef: Type.Union([Type.String(), Type.Null()]),
  events: Type.Array(CaseEventSchema),
  allowedActions: Type.Array(Type.Enum(CASE_ACTIONS), { description: 'what the caller may do next' }),
}, closed)

export const CaseListQuery = Type.Object({
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'a case number (20261121-0007, or its start: 20261121) or a 12345 work-order number' })),
  status: Type.Optional(Type.Array(CaseStatusSchema, { description: 'repeat or comma-free list: ?status=filed&status=dispatched' })),
  categoryCode: Type.Optional(CategoryCode),
  gridCode: Type.Optional(Type.String({ pattern: CODE_PATTERN.grid })),
  communityCode: Type.Optional(Type.String({ pattern: CODE_PATTERN.community })),
  channel: Type.Optional(Type.Enum(CASE_CHANNELS)),
  unassigned: Type.Optional(Type.Boolean({ description: 'only the community\'s queue of cases outside every grid' })),
  overdue: Type.Optional(Type.Boolean()),
  mine: Type.Optional(Type.Boolean({ description: 'grid roles: only cases assigned to me' })),
  sort: Type.Optional(Type.Enum(['deadline', '-reported'] as const, { default: '-reported', description: 'deadline: a work queue — for the desk, the cases waiting for it first (to file, dispatch, verify; oldest first), then running clocks by deadline; for grid staff, running clocks first' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  offset: Type.Optional(Offset),
}, closed)

/** A step in the loop. `version` (or the If-Match header) must be the version the client saw. */
export const CaseActionBody = Type.Object({
  action: Type.Enum(CASE_ACTIONS),
  version: Type.Optional(Version),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  attachments: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$' }), { maxItems: 9 })),
  assigneeId: Type.Optional(Id('grid staff id')),
  /** dispatch: optional override of the category's time limit; extension / reopen: the new deadline */
  deadline: Type.Optional(Type.String({ format: 'date-time' })),
  rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
}, closed)

/**
 * The answer to an intake: the new case as the board lists it (its number, grid or unassigned
 * queue). Possible duplicates are a read of their own (GET /api/cases/duplicates), which the intake
 * screens show before and after filing; the timeline is GET /api/cases/:id.
 */
export const IntakeResult = Type.Object({
  case: CaseSummary,
}, closed)

export const PublicCaseView = Type.Object({
  number: Type.String(),
  status: CaseStatusSchema,
  categoryName: Type.String(),
  reportedAt: Type.String({ format: 'date-time' }),
  deadline: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  steps: Type.Array(Type.Object({ action: Type.String(), to: CaseStatusSchema, at: Type.String({ format: 'date-time' }) }, closed)),
  rating: Type.Union([Type.Integer(), Type.Null()]),
  canRate: Type.Boolean(),
  result: Type.Union([Type.Object({
    note: Type.String({ description: '办结说明: what was done, as the grid staff member wrote it' }),
    resolvedAt: Type.String({ format: 'date-time' }),
  }, closed), Type.Null()], { description: 'the latest 办结 (no staff names or phones)' }),
}, closed)

export const PublicIntakeResult = Type.Object({
  number: Type.String(),
  trackingCode: Type.String({ description: 'shown once: the resident\'s key to follow and rate the case, e.g. K7XM4-QPRT9' }),
}, closed)

export type CaseSummary = Static<typeof CaseSummary>
export type CaseDetail = Static<typeof CaseDetail>
export type CaseEventView = Static<typeof CaseEventSchema>
export type CreateCaseBody = Static<typeof CreateCaseBody>
export type PublicCaseBody = Static<typeof PublicCaseBody>
export type CaseActionBody = Static<typeof CaseActionBody>
export type CaseListQuery = Static<typeof CaseListQuery>
export type PublicCaseView = Static<typeof PublicCaseView>

/** 409 (illegal transition) and 412 (stale version) answers carry the case as it is now. */
export const CaseConflict = Type.Object({
  error: Type.String(),
  message: Type.String(),
  details: Type.Array(Type.Object({ field: Type.String(), message: Type.String() }, closed)),
  current: CaseDetail,
}, closed)
export type IntakeResult = Static<typeof IntakeResult>
export type PublicIntakeResult = Static<typeof PublicIntakeResult>
export type CaseConflict = Static<typeof CaseConflict>
