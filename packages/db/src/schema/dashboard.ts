/**
 * Rollups for the street dashboard (DESIGN.md §7: every dashboard query ≤ 50 ms at 10 million
 * cases). SQLite triggers on `cases` (migrations 0007, 0008) keep them current inside the same transaction
 * as every write, whichever code path writes; `recountRollups` rebuilds them from scratch and is
 * the oracle the property test compares them with. Period keys: see period.ts in @gridgov/domain.
 */
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core'

const counter = (name: string) => integer(name).notNull().default(0)

/** Case counters per period and territory (a grid, or a community for its unassigned queue). */
export const caseRollups = sqliteTable('case_rollups', {
  period: text('period').notNull(),
  territory: text('territory').notNull(),
  reported: counter('reported'),
  filed: counter('filed'),
  cancelled: counter('cancelled'),
  open: counter('open'),
  closed: counter('closed'),
  closedOnTime: counter('closed_on_time'),
  closedReworked: counter('closed_reworked'),
  closedExtended: counter('closed_extended'),
  handled: counter('handled'),
  handlingMinutes: counter('handling_minutes'),
  rated: counter('rated'),
  satisfied: counter('satisfied'),
  /** open cases past the deadline (SLA stage 2), and those reworked / extended among them */
  overdueOpen: counter('overdue_open'),
  overdueReworked: counter('overdue_reworked'),
  overdueExtended: counter('overdue_extended'),
  /** dispatched or in progress with a deadline, and those due soon / past the deadline */
  running: counter('running'),
  runningDueSoon: counter('running_due_soon'),
  runningOverdue: counter('running_overdue'),
}, t => [primaryKey({ columns: [t.period, t.territory] })])

/** Cases reported per period (Y, M, W), category and street (9 digits); a district is the sum of its streets. */
export const caseCategoryRollups = sqliteTable('case_category_rollups', {
  period: text('period').notNull(),
  territory: text('territory').notNull(),
  categoryCode: text('category_code').notNull(),
  reported: counter('reported'),
}, t => [primaryKey({ columns: [t.period, t.territory, t.categoryCode] })])

/** Cases reported and closed per Beijing day and street: the trend charts. */
export const caseDaily = sqliteTable('case_daily', {
  day: text('day').notNull(),
  territory: text('territory').notNull(),
  reported: counter('reported'),
  closed: counter('closed'),
}, t => [primaryKey({ columns: [t.day, t.territory] })])

/**
 * Pre-binned heatmap: cases per square cell (level 1: 0.01°, level 2: 0.002°), month by category
 * and for all (`*`), week for all only, and street, so a street's map holds only its own cases. The
 * browser receives these weighted cells, never cases.
 */
export const caseHeat = sqliteTable('case_heat', {
  level: integer('level').notNull(),
  period: text('period').notNull(),
  category: text('category').notNull(),
  /** the street (9 digits) */
  territory: text('territory').notNull(),
  cx: integer('cx').notNull(),
  cy: integer('cy').notNull(),
  weight: counter('weight'),
}, t => [primaryKey({ columns: [t.level, t.period, t.category, t.territory, t.cx, t.cy] })])

/**
 * A version per period key, bumped by triggers on case_rollups whenever one of the key's rows is
 * written (migration 0013), in the same transaction, whoever writes: a reader that kept a key's
 * figures knows exactly when they are stale — a past month's stay put while today's move.
 */
export const rollupVersions = sqliteTable('rollup_versions', {
  period: text('period').primaryKey(),
  version: integer('version').notNull(),
  /** bumped only when one of the key's rows appears or goes (migration 0015): its territories changed */
  rows: integer('rows').notNull().default(0),
})
