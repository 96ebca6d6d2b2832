import type { Static, TSchema } from 'typebox'
/**
 * Request and response shapes of the three lists (需求/资源/项目清单) and 双报到 registration.
 * The API validates with them; the dashboard imports their types.
 */
import { Type } from 'typebox'
import { CODE_PATTERN } from '../codes'
import { MATCH_WEIGHTS, NEED_CATEGORIES, NEED_SOURCES, NEED_STATUSES, PROJECT_ACTIONS, PROJECT_STATUSES, RESOURCE_STATUSES, RESOURCE_TYPES, TIME_SLOTS, UNIT_TYPES, URGENCIES } from '../lists'
import { Id as IdOf, Offset, Version } from './common'

const closed = { additionalProperties: false } as const
const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])

const DateStr = Type.String({ format: 'date', description: 'YYYY-MM-DD' })
const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max })
const Location = Type.Tuple([Type.Number(), Type.Number()], { description: '[lon, lat] WGS-84' })
const Phone = Type.String({ pattern: '^(?:1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$', description: '手机或固话 (0538-6221234)' })
const Slots = Type.Array(Type.Enum(TIME_SLOTS), { uniqueItems: true, maxItems: TIME_SLOTS.length, description: '每周可服务时段' })
const CommunityCode = Type.String({ pattern: CODE_PATTERN.community })
const GridCode = Type.String({ pattern: CODE_PATTERN.grid })
const Id = IdOf()
const PhotoId = Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$' })
/** 'unit:<id>' or 'member:<id>' */
const LeadRef = Type.String({ pattern: '^(?:unit|member):[1-9][0-9]*$', description: 'unit:<id> 单位 or member:<id> 党员' })
const paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Offset),
}
const Search = Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: '名称、标题或联系人包含' }))

// ── 双报到 registration ────────────────────────────────────────────────────────────────────────
export const UnitBody = Type.Object({
  communityCode: CommunityCode,
  name: Text(60, 2),
  type: Type.Enum(UNIT_TYPES),
  address: Text(120, 2),
  /** the unit's location; default: the community's label point */
  lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  contactName: Text(20),
  contactPhone: Phone,
  partyOrg: Text(80, 2),
  partyMembers: Type.Integer({ minimum: 0, maximum: 100_000 }),
  agreementNo: Type.Optional(Text(40)),
  agreementFrom: Type.Optional(DateStr),
  agreementTo: Type.Optional(DateStr),
  registeredOn: DateStr,
}, closed)

export const Unit = Type.Object({
  id: Type.Integer(),
  communityCode: Type.String(),
  communityName: Type.String(),
  name: Type.String(),
  type: Type.Enum(UNIT_TYPES),
  address: Type.String(),
  location: Location,
  contactName: Type.String(),
  contactPhone: Type.String(),
  partyOrg: Type.String(),
  partyMembers: Type.Integer(),
  agreementNo: nullable(Type.String()),
  agreementFrom: nullable(Type.String()),
  agreementTo: nullable(Type.String()),
  agreementStatus: Type.Enum(['none', 'active', 'expired'] as const, { description: '共建协议: 未签, 有效, 已到期' }),
  registeredOn: Type.String(),
  memberCount: Type.Integer({ description: '本单位已报到的在职党员' }),
  resourceCount: Type.Integer(),
  projectCount: Type.Integer({ description: '牵头的项目' }),
  hours: Type.Number({ description: '志愿服务时长合计 (小时)' }),
  version: Type.Integer(),
}, closed)

export const MemberBody = Type.Object({
  communityCode: CommunityCode,
  gridCode: Type.Optional(GridCode),
  name: Text(20),
  phone: Type.String({ pattern: '^1[3-9][0-9]{9}$' }),
  unitId: Type.Optional(Id),
  workplace: Text(60, 2),
  skills: Type.Array(Text(20), { maxItems: 10 }),
  slots: Slots,
  registeredOn: DateStr,
}, closed)

export const Member = Type.Object({
  id: Type.Integer(),
  communityCode: Type.String(),
  communityName: Type.String(),
  gridCode: nullable(Type.String()),
  gridName: nullable(Type.String()),
  name: Type.String(),
  phone: Type.String({ description: 'masked (138****5678)' }),
  unitId: nullable(Type.Integer()),
  workplace: Type.String(),
  skills: Type.Array(Type.String()),
  slots: Type.Array(Type.String()),
  registeredOn: Type.String(),
  hours: Type.Number(),
  projectCount: Type.Integer({ description: '服务过的项目' }),
  version: Type.Integer(),
}, closed)

export const UnitListQuery = Type.Object({
  communityCode: Type.Optional(CommunityCode),
  type: Type.Optional(Type.Enum(UNIT_TYPES)),
  q: Search,
  registeredFrom: Type.Optional(DateStr),
  registeredTo: Type.Optional(DateStr),
  ...paging,
}, closed)

export const MemberListQuery = Type.Object({
  communityCode: Type.Optional(CommunityCode),
  gridCode: Type.Optional(GridCode),
  unitId: Type.Optional(Id),
  q: Search,
  registeredFrom: Type.Optional(DateStr),
  registeredTo: Type.Optional(DateStr),
  ...paging,
}, closed)

// ── needs 需求 ────────────────────────────────────────────────────────────────────────────────
const needFields = {
  gridCode: Type.Optional(GridCode),
  buildingCode: Type.Optional(Type.String({ pattern: CODE_PATTERN.building })),
  title: Text(60, 2),
  category: Type.Enum(NEED_CATEGORIES),
  description: Type.String({ maxLength: 2000 }),
  beneficiaries: Text(60, 2),
  beneficiaryCount: Type.Integer({ minimum: 0, maximum: 100_000 }),
  urgency: Type.Enum(URGENCIES),
  resourceTypes: Type.Array(Type.Enum(RESOURCE_TYPES), { uniqueItems: true, maxItems: RESOURCE_TYPES.length }),
  neededFrom: DateStr,
  neededTo: DateStr,
  slots: Slots,
}

export const NeedBody = Type.Object({
  communityCode: CommunityCode,
  source: Type.Enum(['visit', 'survey', 'other'] as const, { description: '由诉求生成的需求走 /api/needs/from-cases' }),
  ...needFields,
}, closed)

/** A community worker turns related resident cases into one need; the cases stay linked. */
export const NeedFromCasesBody = Type.Object({
  caseIds: Type.Array(Id, { minItems: 1, maxItems: 50, uniqueItems: true }),
  ...needFields,
}, closed)

export const NeedCaseLink = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  status: Type.String(),
  categoryCode: Type.String(),
  description: Type.String(),
  reportedAt: Type.String({ format: 'date-time' }),
}, closed)

export const Need = Type.Object({
  id: Type.Integer(),
  communityCode: Type.String(),
  communityName: Type.String(),
  gridCode: nullable(Type.String()),
  gridName: nullable(Type.String()),
  buildingCode: nullable(Type.String()),
  buildingName: nullable(Type.String()),
  title: Type.String(),
  category: Type.Enum(NEED_CATEGORIES),
  description: Type.String(),
  beneficiaries: Type.String(),
  beneficiaryCount: Type.Integer(),
  urgency: Type.Enum(URGENCIES),
  source: Type.Enum(NEED_SOURCES),
  resourceTypes: Type.Array(Type.Enum(RESOURCE_TYPES)),
  neededFrom: Type.String(),
  neededTo: Type.String(),
  slots: Type.Array(Type.String()),
  location: Location,
  status: Type.Enum(NEED_STATUSES),
  closeNote: nullable(Type.String()),
  caseCount: Type.Integer({ description: '关联的居民诉求' }),
  projectCount: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  version: Type.Integer(),
}, closed)

export const NeedDetail = Type.Object({
  ...Need.properties,
  cases: Type.Array(NeedCaseLink),
  projects: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), status: Type.Enum(PROJECT_STATUSES) }, closed)),
  canClose: Type.Boolean(),
}, closed)

export const NeedListQuery = Type.Object({
  status: Type.Optional(Type.Array(Type.Enum(NEED_STATUSES))),
  category: Type.Optional(Type.Enum(NEED_CATEGORIES)),
  urgency: Type.Optional(Type.Enum(URGENCIES)),
  communityCode: Type.Optional(CommunityCode),
  gridCode: Type.Optional(GridCode),
  q: Search,
  ...paging,
}, closed)

export const NeedCloseBody = Type.Object({
  version: Type.Optional(Version),
  note: Text(500, 2),
}, closed)

// ── resources 资源 ────────────────────────────────────────────────────────────────────────────
export const ResourceBody = Type.Object({
  provider: LeadRef,
  title: Text(60, 2),
  type: Type.Enum(RESOURCE_TYPES),
  description: Type.String({ maxLength: 2000 }),
  categories: Type.Array(Type.Enum(NEED_CATEGORIES), { minItems: 1, uniqueItems: true, maxItems: NEED_CATEGORIES.length }),
  capacity: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
  measure: Text(10, 1),
  availableFrom: DateStr,
  availableTo: DateStr,
  slots: Slots,
}, closed)

export const Resource = Type.Object({
  id: Type.Integer(),
  communityCode: Type.String(),
  communityName: Type.String(),
  provider: Type.String({ description: 'unit:<id> or member:<id>' }),
  providerKind: Type.Enum(['unit', 'member'] as const),
  providerName: Type.String(),
  title: Type.String(),
  type: Type.Enum(RESOURCE_TYPES),
  description: Type.String(),
  categories: Type.Array(Type.Enum(NEED_CATEGORIES)),
  capacity: Type.Integer(),
  measure: Type.String({ description: '计量单位: 人次, 元, 平方米, 小时 …' }),
  used: Type.Integer({ description: '已纳入项目 (撤销的项目不计)' }),
  remaining: Type.Integer(),
  availableFrom: Type.String(),
  availableTo: Type.String(),
  slots: Type.Array(Type.String()),
  location: Location,
  status: Type.Enum(RESOURCE_STATUSES),
  version: Type.Integer(),
}, closed)

export const ResourceListQuery = Type.Object({
  status: Type.Optional(Type.Array(Type.Enum(RESOURCE_STATUSES))),
  type: Type.Optional(Type.Enum(RESOURCE_TYPES)),
  category: Type.Optional(Type.Enum(NEED_CATEGORIES)),
  communityCode: Type.Optional(CommunityCode),
  provider: Type.Optional(LeadRef),
  q: Search,
  ...paging,
}, closed)

// ── matching 匹配 ─────────────────────────────────────────────────────────────────────────────
export const MatchScoreSchema = Type.Object({
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  eligible: Type.Boolean(),
  reason: nullable(Type.Enum(['withdrawn', 'exhausted', 'no_overlap'] as const)),
  parts: Type.Array(Type.Object({
    factor: Type.Enum(Object.keys(MATCH_WEIGHTS) as (keyof typeof MATCH_WEIGHTS)[]),
    score: Type.Number(),
    points: Type.Number(),
    weight: Type.Number(),
    facts: Type.Object({
      categoryMatch: Type.Optional(Type.Boolean()),
      typeMatch: Type.Optional(Type.Boolean()),
      meters: Type.Optional(Type.Number()),
      overlapDays: Type.Optional(Type.Number()),
      neededDays: Type.Optional(Type.Number()),
      commonSlots: Type.Optional(Type.Array(Type.String())),
      remaining: Type.Optional(Type.Number()),
      capacity: Type.Optional(Type.Number()),
    }, closed),
  }, closed)),
}, closed)

export const ResourceMatches = Type.Object({ items: Type.Array(Type.Object({ resource: Resource, match: MatchScoreSchema }, closed)) }, closed)
export const NeedMatches = Type.Object({ items: Type.Array(Type.Object({ need: Need, match: MatchScoreSchema }, closed)) }, closed)

// ── projects 项目 ─────────────────────────────────────────────────────────────────────────────
export const ProjectBody = Type.Object({
  title: Text(60, 2),
  description: Type.String({ maxLength: 2000 }),
  needIds: Type.Array(Id, { minItems: 1, maxItems: 10, uniqueItems: true }),
  resources: Type.Array(Type.Object({ resourceId: Id, quantity: Type.Integer({ minimum: 1, maximum: 100_000_000 }) }, closed), { maxItems: 10 }),
  /** the unit or member expected to claim it (default: the first resource's provider) */
  lead: Type.Optional(LeadRef),
  plannedFrom: DateStr,
  plannedTo: DateStr,
}, closed)

export const ProjectStatusSchema = Type.Enum(PROJECT_STATUSES)

export const ProjectSummary = Type.Object({
  id: Type.Integer(),
  communityCode: Type.String(),
  communityName: Type.String(),
  title: Type.String(),
  status: ProjectStatusSchema,
  lead: nullable(Type.String()),
  leadName: nullable(Type.String()),
  plannedFrom: Type.String(),
  plannedTo: Type.String(),
  needs: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), status: Type.Enum(NEED_STATUSES) }, closed)),
  resources: Type.Array(Type.Object({ id: Type.Integer(), title: Type.String(), type: Type.Enum(RESOURCE_TYPES), quantity: Type.Integer(), measure: Type.String(), providerName: Type.String() }, closed)),
  hours: Type.Number({ description: '志愿服务时长合计' }),
  volunteers: Type.Integer({ description: '服务人数 (志愿者)' }),
  providerRating: nullable(Type.Integer()),
  communityRating: nullable(Type.Integer()),
  location: nullable(Location),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  version: Type.Integer(),
}, closed)

export const ProjectEventSchema = Type.Object({
  id: Type.Integer(),
  action: Type.Union([Type.Enum(PROJECT_ACTIONS), Type.Literal('propose'), Type.Literal('hours')]),
  from: ProjectStatusSchema,
  to: ProjectStatusSchema,
  actorName: Type.String(),
  actorRole: Type.String(),
  at: Type.String({ format: 'date-time' }),
  note: nullable(Type.String()),
  attachments: Type.Array(Type.String()),
  rating: nullable(Type.Integer()),
}, closed)

export const HoursEntry = Type.Object({
  id: Type.Integer(),
  memberId: nullable(Type.Integer()),
  unitId: nullable(Type.Integer()),
  personName: Type.String(),
  servedOn: Type.String(),
  hours: Type.Number(),
  note: nullable(Type.String()),
}, closed)

export const ProjectDetail = Type.Object({
  ...ProjectSummary.properties,
  description: Type.String(),
  beneficiariesServed: nullable(Type.Integer()),
  providerComment: nullable(Type.String()),
  communityComment: nullable(Type.String()),
  events: Type.Array(ProjectEventSchema),
  hoursLog: Type.Array(HoursEntry),
  allowedActions: Type.Array(Type.Enum(PROJECT_ACTIONS)),
  acceptsHours: Type.Boolean(),
}, closed)

export const ProjectListQuery = Type.Object({
  status: Type.Optional(Type.Array(ProjectStatusSchema)),
  communityCode: Type.Optional(CommunityCode),
  lead: Type.Optional(LeadRef),
  needId: Type.Optional(Id),
  resourceId: Type.Optional(Id),
  q: Search,
  ...paging,
}, closed)

export const ProjectActionBody = Type.Object({
  action: Type.Enum(PROJECT_ACTIONS),
  version: Type.Optional(Version),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  attachments: Type.Optional(Type.Array(PhotoId, { maxItems: 9 })),
  lead: Type.Optional(LeadRef),
  beneficiariesServed: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
}, closed)

/** 志愿服务时长: a registered member, or someone from a unit by name. */
export const HoursBody = Type.Object({
  memberId: Type.Optional(Id),
  unitId: Type.Optional(Id),
  personName: Type.Optional(Text(20)),
  servedOn: DateStr,
  hours: Type.Number({ exclusiveMinimum: 0, maximum: 24, multipleOf: 0.5 }),
  note: Type.Optional(Type.String({ maxLength: 200 })),
  version: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'the project version you saw (optional here: hours add up)' })),
}, closed)

export const ProjectConflict = Type.Object({
  error: Type.String(),
  message: Type.String(),
  details: Type.Array(Type.Object({ field: Type.String(), message: Type.String() }, closed)),
  current: ProjectDetail,
}, closed)

/** A page with the number of items in each status under the same filters (for the tabs). */
export function CountedPage<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    limit: Type.Integer(),
    offset: Type.Integer(),
    counts: Type.Record(Type.String(), Type.Integer(), { description: 'items per status under the other filters' }),
  }, closed)
}

export const MatchQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
}, closed)

export const ReportQuery = Type.Object({
  from: Type.Optional(DateStr),
  to: Type.Optional(DateStr),
}, closed)

export type UnitBody = Static<typeof UnitBody>
export type Unit = Static<typeof Unit>
export type MemberBody = Static<typeof MemberBody>
export type Member = Static<typeof Member>
export type UnitListQuery = Static<typeof UnitListQuery>
export type MemberListQuery = Static<typeof MemberListQuery>
export type NeedBody = Static<typeof NeedBody>
export type NeedFromCasesBody = Static<typeof NeedFromCasesBody>
export type Need = Static<typeof Need>
export type NeedCaseLink = Static<typeof NeedCaseLink>
export type NeedDetail = Static<typeof NeedDetail>
export type NeedListQuery = Static<typeof NeedListQuery>
export type NeedCloseBody = Static<typeof NeedCloseBody>
export type ResourceBody = Static<typeof ResourceBody>
export type Resource = Static<typeof Resource>
export type ResourceListQuery = Static<typeof ResourceListQuery>
export type MatchScoreView = Static<typeof MatchScoreSchema>
export type ResourceMatches = Static<typeof ResourceMatches>
export type NeedMatches = Static<typeof NeedMatches>
export type ProjectBody = Static<typeof ProjectBody>
export type ProjectSummary = Static<typeof ProjectSummary>
export type ProjectDetail = Static<typeof ProjectDetail>
export type ProjectEventView = Static<typeof ProjectEventSchema>
export type HoursEntry = Static<typeof HoursEntry>
export type ProjectListQuery = Static<typeof ProjectListQuery>
export type ProjectActionBody = Static<typeof ProjectActionBody>
export type HoursBody = Static<typeof HoursBody>
export type ProjectConflict = Static<typeof ProjectConflict>
export type ReportQuery = Static<typeof ReportQuery>
export interface CountedPage<T> { items: T[], total: number, limit: number, offset: number, counts: Record<string, number> }
