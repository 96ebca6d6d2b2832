/**
 * Residents' requests (居民诉求, "cases") and their immutable event log, uploaded photos, and
 * idempotency records for retried POSTs. Times are epoch ms.
 */
import { sql } from 'drizzle-orm'
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { users } from './accounts'
import { buildings, communities, grids, staff } from './territory'

export const cases = sqliteTable('cases', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** human number: reporting day (UTC+8) + sequence, e.g. 20261121-0007 */
  number: text('number').notNull().unique(),
  /** SHA-256 of the resident's tracking token (null for cases not reported by a resident) */
  trackingHash: text('tracking_hash'),
  channel: text('channel', { enum: ['phone', 'walk_in', 'hotline_12345', 'patrol', 'resident_web'] }).notNull(),
  categoryCode: text('category_code').notNull(),
  description: text('description').notNull(),
  lon: real('lon'),
  lat: real('lat'),
  address: text('address'),
  buildingCode: text('building_code').references(() => buildings.code),
  /** null: outside every grid, in the community's unassigned queue */
  gridCode: text('grid_code').references(() => grids.code),
  suggestedGridCode: text('suggested_grid_code').references(() => grids.code),
  communityCode: text('community_code').notNull().references(() => communities.code),
  reporterName: text('reporter_name'),
  reporterPhone: text('reporter_phone'),
  externalRef: text('external_ref'),
  createdBy: integer('created_by').references(() => users.id),
  status: text('status', { enum: ['reported', 'filed', 'cancelled', 'dispatched', 'in_progress', 'resolved', 'closed'] }).notNull(),
  /** optimistic concurrency: bumped by every change; a stale writer gets 412 */
  version: integer('version').notNull().default(1),
  assigneeId: integer('assignee_id').references(() => staff.id),
  deadline: integer('deadline'),
  reworkCount: integer('rework_count').notNull().default(0),
  reopenCount: integer('reopen_count').notNull().default(0),
  extensionCount: integer('extension_count').notNull().default(0),
  /** pending extension request: requested deadline and requester */
  extensionDeadline: integer('extension_deadline'),
  extensionBy: text('extension_by'),
  escalated: integer('escalated', { mode: 'boolean' }).notNull().default(false),
  rating: integer('rating'),
  ratingComment: text('rating_comment'),
  reportedAt: integer('reported_at').notNull(),
  closedAt: integer('closed_at'),
  updatedAt: integer('updated_at').notNull(),
  // Stamped at each step with the SLA clock so the dashboard counts them in SQL (migration 0007):
  /** the latest dispatch or reopen: the SLA allowance runs from here */
  dispatchedAt: integer('dispatched_at'),
  /** the latest resolution (办结) */
  resolvedAt: integer('resolved_at'),
  /** when a running case turns "due soon" on the board's own rule (dueSoonAt in @gridgov/domain) */
  dueSoonAt: integer('due_soon_at'),
  /** set at closing: resolved no later than the deadline in force (按期) */
  onTime: integer('on_time', { mode: 'boolean' }),
  /** set at closing: 处置时长 from dispatch to resolution in working minutes */
  handlingMinutes: integer('handling_minutes'),
  /** 0 running, 1 due soon, 2 past the deadline: stamped at each step, moved on by sweepSla (migration 0010) */
  slaStage: integer('sla_stage').notNull().default(0),
  /**
   * 1: the insert was added to the rollups by its write batch, all of a batch's intakes in one
   * statement per rollup table (applyDeferredRollups), instead of by the insert triggers; those
   * skip such rows (migration 0012). Meaningless once the batch has committed.
   */
  rollupDeferred: integer('rollup_deferred').notNull().default(0),
}, t => [
  index('cases_grid_status').on(t.gridCode, t.status),
  index('cases_community_status').on(t.communityCode, t.status),
  // partial where the column is mostly empty at intake: a new case adds no entry to them (issue 4)
  uniqueIndex('cases_tracking_hash_unique').on(t.trackingHash).where(sql`${t.trackingHash} IS NOT NULL`),
  index('cases_assignee_status').on(t.assigneeId, t.status).where(sql`${t.assigneeId} IS NOT NULL`),
  index('cases_reported').on(t.reportedAt),
  index('cases_category_reported').on(t.categoryCode, t.reportedAt),
  index('cases_building').on(t.buildingCode).where(sql`${t.buildingCode} IS NOT NULL`),
  // the board finds a case by its 12345 work-order number (whole or its start)
  index('cases_external_ref').on(t.externalRef).where(sql`${t.externalRef} IS NOT NULL`),
  // open cases with a running clock, by territory: overdue and due-soon counts for the dashboard
  index('cases_clock').on(sql`coalesce(${t.gridCode}, ${t.communityCode})`, t.deadline, t.dueSoonAt, t.reportedAt).where(sql`${t.status} IN ('dispatched', 'in_progress', 'resolved') AND ${t.deadline} IS NOT NULL`),
  // resolved cases awaiting the check, by territory: 待核查 of the dashboard's 在办 (status in the
  // index so the count never reads the table)
  index('cases_awaiting_check').on(sql`coalesce(${t.gridCode}, ${t.communityCode})`, t.status).where(sql`${t.status} = 'resolved'`),
  check('cases_rating', sql`${t.rating} IS NULL OR ${t.rating} BETWEEN 1 AND 5`),
  check('cases_where', sql`(${t.lon} IS NOT NULL AND ${t.lat} IS NOT NULL) OR ${t.buildingCode} IS NOT NULL`),
])

/** Every transition, appended once, never changed (trigger in migration 0004). */
export const caseEvents = sqliteTable('case_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  caseId: integer('case_id').notNull().references(() => cases.id),
  at: integer('at').notNull(),
  action: text('action').notNull(),
  fromStatus: text('from_status').notNull(),
  toStatus: text('to_status').notNull(),
  actorUserId: integer('actor_user_id').references(() => users.id),
  actorName: text('actor_name').notNull(),
  actorRole: text('actor_role').notNull(),
  note: text('note'),
  attachments: text('attachments', { mode: 'json' }).$type<string[]>().notNull(),
  assigneeId: integer('assignee_id'),
  deadline: integer('deadline'),
  rating: integer('rating'),
}, t => [index('case_events_case').on(t.caseId, t.id)])

/** Photos: stored under DATA_DIR/uploads by random id, served only to users who may see the case. */
export const uploads = sqliteTable('uploads', {
  id: text('id').primaryKey(),
  mime: text('mime').notNull(),
  bytes: integer('bytes').notNull(),
  width: integer('width').notNull(),
  height: integer('height').notNull(),
  uploadedBy: integer('uploaded_by').references(() => users.id),
  /** set when an event references the photo; unattached uploads are visible to their uploader only */
  caseId: integer('case_id').references(() => cases.id),
  createdAt: integer('created_at').notNull(),
})

/**
 * The first answer to a POST carrying an Idempotency-Key, stored in the same transaction as
 * the write, so a retry gets that answer instead of a second case or event.
 */
export const idempotencyKeys = sqliteTable('idempotency_keys', {
  key: text('key').notNull(),
  /** who sent it: user id, or 'public:<ip>' */
  principal: text('principal').notNull(),
  route: text('route').notNull(),
  /** hash of the request body: the same key with a different body is refused (422) */
  requestHash: text('request_hash').notNull(),
  status: integer('status').notNull(),
  response: text('response').notNull(),
  createdAt: integer('created_at').notNull(),
}, t => [primaryKey({ columns: [t.principal, t.key] })])

/** The last case number issued per day (UTC+8): O(1) numbering that never repeats. */
export const caseNumberDays = sqliteTable('case_number_days', {
  day: text('day').primaryKey(),
  last: integer('last').notNull(),
})
