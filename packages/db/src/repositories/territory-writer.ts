import type { ArealGeometry } from '@gridgov/geo'
import type { Database } from '../database'
import type { DistrictDataset } from '../seed/generate-district'
/**
 * Writes to the territory tables. Every write is one transaction that also bumps the territory
 * data version, so cached map layers (and their ETags) change exactly when the data does.
 */
import { Refusal } from '@gridgov/domain'
import { bboxOf, centroidOf, roundGeometry } from '@gridgov/geo'
import { sql } from 'drizzle-orm'
import { buildings, communities, dataVersions, districts, gridAssignments, grids, staff, streets } from '../schema'
import { TERRITORY_VERSION } from './territory-repository'

/** Stored geometries keep 7 decimals (≈ 1 cm): far below survey accuracy, and byte-stable. */
const STORED_DECIMALS = 7

function extent(geometry: ArealGeometry) {
  const [minLon, minLat, maxLon, maxLat] = bboxOf(geometry)
  const [centerLon, centerLat] = centroidOf(geometry)
  return { minLon, minLat, maxLon, maxLat, centerLon, centerLat }
}

function stored(geometry: ArealGeometry) {
  const g = roundGeometry(geometry, STORED_DECIMALS)
  if (!g)
    throw new Error('geometry collapses when rounded to stored precision')
  return { geometry: g, ...extent(g) }
}

/** Grids whose team is not exactly one leader and at least one member. */
export function gridsWithInvalidStaff({ sqlite }: Database): { code: string, leaders: number, members: number }[] {
  return sqlite.prepare(`
    SELECT g.code,
           (SELECT count(*) FROM grid_assignments a WHERE a.grid_code = g.code AND a.role = 'leader') AS leaders,
           (SELECT count(*) FROM grid_assignments a WHERE a.grid_code = g.code AND a.role = 'member') AS members
    FROM grids g
    WHERE leaders <> 1 OR members < 1`).all() as { code: string, leaders: number, members: number }[]
}

/** The refusal of a write that would leave grids without exactly one leader and ≥ 1 member (409, one detail per grid). */
export function gridStaffRefusal(grids: { code: string, leaders: number, members: number }[]) {
  return new Refusal(409, 'grid_staff_rule', `grid staff rule broken for ${grids.length} grid(s), e.g. ${grids[0]?.code}: every grid needs exactly one leader and at least one member`, {
    details: grids.map(g => ({ field: `grids.${g.code}`, message: `${g.leaders} leader(s), ${g.members} member(s)` })),
  })
}

const CHUNK = 500

/**
 * Inserts a whole generated district in one transaction: all of it lands, or none of it does.
 * The staffing rule is checked before commit.
 */
export function insertDistrict(database: Database, data: DistrictDataset): void {
  const { db, sqlite } = database
  const insertChunks = <T>(rows: T[], write: (chunk: T[]) => void) => {
    for (let i = 0; i < rows.length; i += CHUNK)
      write(rows.slice(i, i + CHUNK))
  }
  sqlite.transaction(() => {
    db.insert(districts).values({ code: data.district.code, name: data.district.name, simulated: data.district.simulated, ...stored(data.district.geometry) }).run()
    insertChunks(data.streets, chunk => db.insert(streets).values(chunk.map(s => ({
      code: s.code,
      districtCode: data.district.code,
      name: s.name,
      kind: s.kind,
      simulated: s.simulated,
      ...stored(s.geometry),
    }))).run())
    insertChunks(data.communities, chunk => db.insert(communities).values(chunk.map(c => ({
      code: c.code,
      streetCode: c.streetCode,
      name: c.name,
      fullName: c.fullName,
      kind: c.kind,
      simulated: c.simulated,
      ...stored(c.geometry),
    }))).run())
    insertChunks(data.grids, chunk => db.insert(grids).values(chunk.map(g => ({
      code: g.code,
      communityCode: g.communityCode,
      name: g.name,
      partyBranch: g.partyBranch,
      households: g.households,
      residents: g.residents,
      partyMembers: g.partyMembers,
      simulated: g.simulated,
      ...stored(g.geometry),
    }))).run())
    insertChunks(data.buildings, chunk => db.insert(buildings).values(chunk.map(b => ({ ...b, simulated: true }))).run())
    const firstId = (sqlite.prepare('SELECT coalesce(max(id), 0) AS m FROM staff').get() as { m: number }).m + 1
    insertChunks(data.staff.map((s, i) => ({ id: firstId + i, ...s, simulated: true })), chunk => db.insert(staff).values(chunk).run())
    insertChunks(data.assignments, chunk => db.insert(gridAssignments).values(chunk.map(a => ({ gridCode: a.gridCode, staffId: firstId + a.staffIndex, role: a.role }))).run())
    const broken = gridsWithInvalidStaff(database)
    if (broken.length > 0)
      throw gridStaffRefusal(broken)
    bumpVersion(database, TERRITORY_VERSION)
  }).immediate()
}

/**
 * Replaces a grid's team in one transaction. The partial unique index allows at most one leader;
 * the check before commit refuses a team without exactly one leader and ≥ 1 member.
 */
export function setGridStaff(database: Database, gridCode: string, team: { leaderId: number, memberIds: number[] }): void {
  const { sqlite } = database
  const memberIds = [...new Set(team.memberIds)].filter(id => id !== team.leaderId)
  sqlite.transaction(() => {
    sqlite.prepare('DELETE FROM grid_assignments WHERE grid_code = ?').run(gridCode)
    sqlite.prepare(`INSERT INTO grid_assignments (grid_code, staff_id, role) VALUES (?, ?, 'leader')`).run(gridCode, team.leaderId)
    const add = sqlite.prepare(`INSERT INTO grid_assignments (grid_code, staff_id, role) VALUES (?, ?, 'member')`)
    for (const id of memberIds)
      add.run(gridCode, id)
    const broken = gridsWithInvalidStaff(database).filter(g => g.code === gridCode)
    if (broken.length > 0)
      throw gridStaffRefusal(broken)
    bumpVersion(database, TERRITORY_VERSION)
  }).immediate()
}

/** Marks the territory as changed (cached layers rebuild); call inside the write's transaction. */
export function bumpTerritoryVersion(database: Database): void {
  bumpVersion(database, TERRITORY_VERSION)
}

function bumpVersion({ db }: Database, name: string) {
  db.insert(dataVersions).values({ name, version: 1 }).onConflictDoUpdate({ target: dataVersions.name, set: { version: sql`${dataVersions.version} + 1` } }).run()
}
