/**
 * Territory tables: district 区 → street 街道/镇/乡 → community 社区/村 → grid 网格 → building 楼栋,
 * plus grid staff (网格长 / 网格员). Geometries are RFC 7946 GeoJSON geometry objects in WGS-84,
 * stored as JSON text; their bounding boxes and label points are stored as columns so list
 * filters never parse geometry.
 */
import { sql } from 'drizzle-orm'
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

/** Bounding box + label point columns shared by every areal unit. */
const extent = {
  minLon: real('min_lon').notNull(),
  minLat: real('min_lat').notNull(),
  maxLon: real('max_lon').notNull(),
  maxLat: real('max_lat').notNull(),
  centerLon: real('center_lon').notNull(),
  centerLat: real('center_lat').notNull(),
}

/** 1 when the row was produced by the demo generator rather than taken from a real source. */
const simulated = integer('simulated', { mode: 'boolean' }).notNull().default(false)

export const districts = sqliteTable('districts', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  geometry: text('geometry', { mode: 'json' }).notNull(),
  ...extent,
  simulated,
}, t => [check('districts_code', sql`length(${t.code}) = 6 AND ${t.code} NOT GLOB '*[^0-9]*'`)])

export const streets = sqliteTable('streets', {
  code: text('code').primaryKey(),
  districtCode: text('district_code').notNull().references(() => districts.code),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['street', 'town', 'township'] }).notNull(),
  geometry: text('geometry', { mode: 'json' }).notNull(),
  ...extent,
  simulated,
}, t => [
  index('streets_district').on(t.districtCode),
  check('streets_code', sql`length(${t.code}) = 9 AND ${t.code} NOT GLOB '*[^0-9]*'`),
  check('streets_kind', sql`${t.kind} IN ('street', 'town', 'township')`),
])

export const communities = sqliteTable('communities', {
  code: text('code').primaryKey(),
  streetCode: text('street_code').notNull().references(() => streets.code),
  name: text('name').notNull(),
  fullName: text('full_name').notNull(),
  kind: text('kind', { enum: ['community', 'village'] }).notNull(),
  geometry: text('geometry', { mode: 'json' }).notNull(),
  ...extent,
  simulated,
}, t => [
  index('communities_street').on(t.streetCode),
  check('communities_code', sql`length(${t.code}) = 12 AND ${t.code} NOT GLOB '*[^0-9]*'`),
  check('communities_kind', sql`${t.kind} IN ('community', 'village')`),
])

export const grids = sqliteTable('grids', {
  code: text('code').primaryKey(),
  communityCode: text('community_code').notNull().references(() => communities.code),
  name: text('name').notNull(),
  partyBranch: text('party_branch').notNull(),
  households: integer('households').notNull(),
  residents: integer('residents').notNull(),
  partyMembers: integer('party_members').notNull(),
  geometry: text('geometry', { mode: 'json' }).notNull(),
  ...extent,
  simulated,
}, t => [
  index('grids_community').on(t.communityCode),
  check('grids_code', sql`length(${t.code}) = 15 AND ${t.code} NOT GLOB '*[^0-9]*' AND substr(${t.code}, 1, 12) = ${t.communityCode}`),
  check('grids_population', sql`${t.households} >= 0 AND ${t.residents} >= 0 AND ${t.partyMembers} >= 0`),
])

export const buildings = sqliteTable('buildings', {
  code: text('code').primaryKey(),
  gridCode: text('grid_code').notNull().references(() => grids.code),
  name: text('name').notNull(),
  type: text('type', { enum: ['residential', 'office', 'market', 'public', 'mixed'] }).notNull(),
  floors: integer('floors').notNull(),
  households: integer('households').notNull(),
  partyGroup: text('party_group'),
  lon: real('lon').notNull(),
  lat: real('lat').notNull(),
  footprint: text('footprint', { mode: 'json' }),
  simulated,
}, t => [
  index('buildings_grid').on(t.gridCode),
  check('buildings_code', sql`length(${t.code}) = 18 AND ${t.code} NOT GLOB '*[^0-9]*' AND substr(${t.code}, 1, 15) = ${t.gridCode}`),
  check('buildings_type', sql`${t.type} IN ('residential', 'office', 'market', 'public', 'mixed')`),
  check('buildings_size', sql`${t.floors} >= 1 AND ${t.households} >= 0`),
])

export const staff = sqliteTable('staff', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  phone: text('phone').notNull(),
  partyMember: integer('party_member', { mode: 'boolean' }).notNull(),
  simulated,
}, t => [check('staff_phone', sql`${t.phone} GLOB '1[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'`)])

/**
 * Who works in which grid. Exactly one leader and at least one member per grid: the partial
 * unique index allows at most one leader, and every write of assignments (territory-writer.ts)
 * checks the whole rule inside its transaction before commit, so a broken team never lands.
 */
export const gridAssignments = sqliteTable('grid_assignments', {
  gridCode: text('grid_code').notNull().references(() => grids.code),
  staffId: integer('staff_id').notNull().references(() => staff.id),
  role: text('role', { enum: ['leader', 'member'] }).notNull(),
}, t => [
  primaryKey({ columns: [t.gridCode, t.staffId] }),
  uniqueIndex('grid_assignments_one_leader').on(t.gridCode).where(sql`role = 'leader'`),
  index('grid_assignments_staff').on(t.staffId),
  check('grid_assignments_role', sql`${t.role} IN ('leader', 'member')`),
])

/** Counters bumped inside every write transaction that changes a layer (used for ETags). */
export const dataVersions = sqliteTable('data_versions', {
  name: text('name').primaryKey(),
  version: integer('version').notNull(),
})
