/**
 * The three lists (三张清单, DESIGN.md §5): units stationed in the area (驻区单位) and in-service
 * Party members (在职党员) registered with a community (双报到); the community's needs (需求清单),
 * the resources units and members offer (资源清单), and the projects that match them (项目清单)
 * with their append-only timeline, volunteer hours and two-way evaluation (双向评价).
 * Times are epoch ms; calendar dates (报到日期, 协议期限, availability windows) are 'YYYY-MM-DD'.
 */
import { sql } from 'drizzle-orm'
import { check, index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { users } from './accounts'
import { cases, uploads } from './cases'
import { buildings, communities, grids } from './territory'

/** 驻区单位: an organisation registered with the community it is stationed in. */
export const units = sqliteTable('units', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  communityCode: text('community_code').notNull().references(() => communities.code),
  name: text('name').notNull(),
  type: text('type', { enum: ['government', 'state_enterprise', 'private_company', 'school', 'hospital', 'social_org', 'office_building'] }).notNull(),
  address: text('address').notNull(),
  lon: real('lon').notNull(),
  lat: real('lat').notNull(),
  contactName: text('contact_name').notNull(),
  contactPhone: text('contact_phone').notNull(),
  /** 党组织名称, e.g. 中共泰安市某某局机关委员会 */
  partyOrg: text('party_org').notNull(),
  partyMembers: integer('party_members').notNull().default(0),
  /** 共建协议: number and term (null while none is signed) */
  agreementNo: text('agreement_no'),
  agreementFrom: text('agreement_from'),
  agreementTo: text('agreement_to'),
  /** 报到日期 */
  registeredOn: text('registered_on').notNull(),
  version: integer('version').notNull().default(1),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, t => [
  index('units_community').on(t.communityCode, t.registeredOn),
  check('units_type', sql`${t.type} IN ('government', 'state_enterprise', 'private_company', 'school', 'hospital', 'social_org', 'office_building')`),
  check('units_dates', sql`${t.registeredOn} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]' AND (${t.agreementFrom} IS NULL OR ${t.agreementTo} IS NULL OR ${t.agreementFrom} <= ${t.agreementTo})`),
])

/** 在职党员: a Party member working elsewhere, registered with the community where they live. */
export const partyMembers = sqliteTable('party_members', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  communityCode: text('community_code').notNull().references(() => communities.code),
  gridCode: text('grid_code').references(() => grids.code),
  name: text('name').notNull(),
  phone: text('phone').notNull(),
  /** the registered unit they work for, when it is one; `workplace` is always the name */
  unitId: integer('unit_id').references(() => units.id),
  workplace: text('workplace').notNull(),
  /** 特长, JSON string[] */
  skills: text('skills', { mode: 'json' }).$type<string[]>().notNull(),
  /** when they can serve: JSON list of weekly slots (weekday_day, weekday_evening, weekend) */
  slots: text('slots', { mode: 'json' }).$type<string[]>().notNull(),
  registeredOn: text('registered_on').notNull(),
  version: integer('version').notNull().default(1),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, t => [
  index('party_members_community').on(t.communityCode, t.registeredOn),
  index('party_members_unit').on(t.unitId),
  check('party_members_grid', sql`${t.gridCode} IS NULL OR substr(${t.gridCode}, 1, 12) = ${t.communityCode}`),
  check('party_members_registered', sql`${t.registeredOn} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`),
])

/** 需求清单: what the community needs, for whom and where. */
export const needs = sqliteTable('needs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  communityCode: text('community_code').notNull().references(() => communities.code),
  gridCode: text('grid_code').references(() => grids.code),
  buildingCode: text('building_code').references(() => buildings.code),
  title: text('title').notNull(),
  /** service area, e.g. elderly 养老助老 (list in @gridgov/domain lists/vocabulary.ts) */
  category: text('category').notNull(),
  description: text('description').notNull(),
  beneficiaries: text('beneficiaries').notNull(),
  beneficiaryCount: integer('beneficiary_count').notNull(),
  urgency: text('urgency', { enum: ['low', 'normal', 'high', 'urgent'] }).notNull(),
  source: text('source', { enum: ['cases', 'visit', 'survey', 'other'] }).notNull(),
  /** the kinds of resource wanted (venue, funds, …), JSON string[] */
  resourceTypes: text('resource_types', { mode: 'json' }).$type<string[]>().notNull(),
  /** when it is needed: a date window and weekly slots */
  neededFrom: text('needed_from').notNull(),
  neededTo: text('needed_to').notNull(),
  slots: text('slots', { mode: 'json' }).$type<string[]>().notNull(),
  /** where: the building, else the grid's or community's label point */
  lon: real('lon').notNull(),
  lat: real('lat').notNull(),
  status: text('status', { enum: ['open', 'matched', 'in_project', 'fulfilled', 'closed'] }).notNull(),
  closeNote: text('close_note'),
  version: integer('version').notNull().default(1),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, t => [
  index('needs_community_status').on(t.communityCode, t.status),
  index('needs_grid').on(t.gridCode),
  check('needs_status', sql`${t.status} IN ('open', 'matched', 'in_project', 'fulfilled', 'closed')`),
  check('needs_urgency', sql`${t.urgency} IN ('low', 'normal', 'high', 'urgent')`),
  check('needs_source', sql`${t.source} IN ('cases', 'visit', 'survey', 'other')`),
  check('needs_window', sql`${t.neededFrom} <= ${t.neededTo}`),
  check('needs_grid_in_community', sql`${t.gridCode} IS NULL OR substr(${t.gridCode}, 1, 12) = ${t.communityCode}`),
])

/** The resident cases a need was made from (source = cases): the link is kept. */
export const needCases = sqliteTable('need_cases', {
  needId: integer('need_id').notNull().references(() => needs.id),
  caseId: integer('case_id').notNull().references(() => cases.id),
}, t => [primaryKey({ columns: [t.needId, t.caseId] }), index('need_cases_case').on(t.caseId)])

/** 资源清单: what a unit or a Party member offers, how much, when. */
export const resources = sqliteTable('resources', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  communityCode: text('community_code').notNull().references(() => communities.code),
  unitId: integer('unit_id').references(() => units.id),
  memberId: integer('member_id').references(() => partyMembers.id),
  title: text('title').notNull(),
  type: text('type', { enum: ['venue', 'funds', 'talent', 'volunteers', 'materials', 'service'] }).notNull(),
  description: text('description').notNull(),
  /** the service areas it fits (JSON string[] of need categories) */
  categories: text('categories', { mode: 'json' }).$type<string[]>().notNull(),
  /** how much: capacity in `measure` (人次, 元, 平方米, 小时, 件 …) */
  capacity: integer('capacity').notNull(),
  measure: text('measure').notNull(),
  availableFrom: text('available_from').notNull(),
  availableTo: text('available_to').notNull(),
  slots: text('slots', { mode: 'json' }).$type<string[]>().notNull(),
  /** the provider's location (copied at registration, used for distance) */
  lon: real('lon').notNull(),
  lat: real('lat').notNull(),
  withdrawn: integer('withdrawn', { mode: 'boolean' }).notNull().default(false),
  version: integer('version').notNull().default(1),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, t => [
  index('resources_community').on(t.communityCode),
  index('resources_unit').on(t.unitId),
  index('resources_member').on(t.memberId),
  check('resources_type', sql`${t.type} IN ('venue', 'funds', 'talent', 'volunteers', 'materials', 'service')`),
  check('resources_provider', sql`(${t.unitId} IS NULL) <> (${t.memberId} IS NULL)`),
  check('resources_capacity', sql`${t.capacity} > 0`),
  check('resources_window', sql`${t.availableFrom} <= ${t.availableTo}`),
])

/** 项目清单: a 区域化党建 project delivering needs with resources. */
export const projects = sqliteTable('projects', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  communityCode: text('community_code').notNull().references(() => communities.code),
  title: text('title').notNull(),
  description: text('description').notNull(),
  /** the unit (or, for small projects, the Party member) that claims and leads it */
  leadUnitId: integer('lead_unit_id').references(() => units.id),
  leadMemberId: integer('lead_member_id').references(() => partyMembers.id),
  plannedFrom: text('planned_from').notNull(),
  plannedTo: text('planned_to').notNull(),
  status: text('status', { enum: ['proposed', 'claimed', 'in_progress', 'completed', 'evaluated', 'cancelled'] }).notNull(),
  beneficiariesServed: integer('beneficiaries_served'),
  /** 双向评价: the community rates the provider, the provider rates the community (1–5) */
  providerRating: integer('provider_rating'),
  providerComment: text('provider_comment'),
  communityRating: integer('community_rating'),
  communityComment: text('community_comment'),
  claimedAt: integer('claimed_at'),
  startedAt: integer('started_at'),
  completedAt: integer('completed_at'),
  evaluatedAt: integer('evaluated_at'),
  version: integer('version').notNull().default(1),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, t => [
  index('projects_community_status').on(t.communityCode, t.status),
  index('projects_lead_unit').on(t.leadUnitId),
  index('projects_lead_member').on(t.leadMemberId),
  check('projects_status', sql`${t.status} IN ('proposed', 'claimed', 'in_progress', 'completed', 'evaluated', 'cancelled')`),
  check('projects_window', sql`${t.plannedFrom} <= ${t.plannedTo}`),
  check('projects_ratings', sql`(${t.providerRating} IS NULL OR ${t.providerRating} BETWEEN 1 AND 5) AND (${t.communityRating} IS NULL OR ${t.communityRating} BETWEEN 1 AND 5)`),
])

export const projectNeeds = sqliteTable('project_needs', {
  projectId: integer('project_id').notNull().references(() => projects.id),
  needId: integer('need_id').notNull().references(() => needs.id),
}, t => [primaryKey({ columns: [t.projectId, t.needId] }), index('project_needs_need').on(t.needId)])

/** The share of a resource a project uses (counts against its remaining capacity). */
export const projectResources = sqliteTable('project_resources', {
  projectId: integer('project_id').notNull().references(() => projects.id),
  resourceId: integer('resource_id').notNull().references(() => resources.id),
  quantity: integer('quantity').notNull(),
}, t => [
  primaryKey({ columns: [t.projectId, t.resourceId] }),
  index('project_resources_resource').on(t.resourceId),
  check('project_resources_quantity', sql`${t.quantity} > 0`),
])

/** Every step and progress update of a project, appended once, never changed (trigger in 0006). */
export const projectEvents = sqliteTable('project_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  projectId: integer('project_id').notNull().references(() => projects.id),
  at: integer('at').notNull(),
  action: text('action').notNull(),
  fromStatus: text('from_status').notNull(),
  toStatus: text('to_status').notNull(),
  actorUserId: integer('actor_user_id').references(() => users.id),
  actorName: text('actor_name').notNull(),
  actorRole: text('actor_role').notNull(),
  note: text('note'),
  attachments: text('attachments', { mode: 'json' }).$type<string[]>().notNull(),
  rating: integer('rating'),
}, t => [index('project_events_project').on(t.projectId, t.id)])

/** Photos of a project's progress updates (for who may see them: the project's scope). */
export const projectPhotos = sqliteTable('project_photos', {
  uploadId: text('upload_id').primaryKey().references(() => uploads.id),
  projectId: integer('project_id').notNull().references(() => projects.id),
}, t => [index('project_photos_project').on(t.projectId)])

/** 志愿服务时长: hours served on a project by one person (a registered member, or a unit's staff). */
export const volunteerHours = sqliteTable('volunteer_hours', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  projectId: integer('project_id').notNull().references(() => projects.id),
  memberId: integer('member_id').references(() => partyMembers.id),
  unitId: integer('unit_id').references(() => units.id),
  personName: text('person_name').notNull(),
  servedOn: text('served_on').notNull(),
  hours: real('hours').notNull(),
  note: text('note'),
  recordedBy: integer('recorded_by').references(() => users.id),
  recordedAt: integer('recorded_at').notNull(),
}, t => [
  index('volunteer_hours_project').on(t.projectId),
  index('volunteer_hours_member').on(t.memberId),
  index('volunteer_hours_unit').on(t.unitId),
  check('volunteer_hours_hours', sql`${t.hours} > 0 AND ${t.hours} <= 24`),
  check('volunteer_hours_who', sql`${t.memberId} IS NOT NULL OR ${t.unitId} IS NOT NULL`),
])
