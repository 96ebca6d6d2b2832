/**
 * Read access to the territory: streets, communities, grids, buildings and grid staff.
 * The only place that queries these tables; routes call it and shape nothing but the reply.
 * Access scope (DESIGN.md §8) will be applied here, once, when accounts arrive.
 */
import type { Building as BuildingDto, BuildingType, Community as CommunityDto, GridDetail, Grid as GridDto, PageOf, Scope, StaffMember, Street as StreetDto } from '@gridgov/domain'
import type { ArealGeometry, PolygonGeometry } from '@gridgov/geo'
import type { AnyColumn, SQL } from 'drizzle-orm'
import type { Database } from '../database'
import type { BBoxTuple, ListWindow } from './query-helpers'
import { BUILDING_TYPES, maskPhone } from '@gridgov/domain'
import { and, asc, count, eq, getTableColumns, or, sql } from 'drizzle-orm'
import { buildings, communities, districts, gridAssignments, grids, staff, streets } from '../schema'
import { extentIntersects, extentOf, textMatch } from './query-helpers'

export interface TextAndBox { q?: string, bbox?: BBoxTuple }
export interface CommunityFilter extends TextAndBox { streetCode?: string }
export interface GridFilter extends CommunityFilter { communityCode?: string }
export interface BuildingFilter extends GridFilter { gridCode?: string, type?: BuildingType }

export type LayerKind = 'district' | 'streets' | 'communities' | 'grids'

export interface LayerFeature {
  type: 'Feature'
  properties: Record<string, unknown>
  geometry: ArealGeometry
}

/**
 * The access scope as a condition on a territory code column: the record lies inside one of the
 * scope's code prefixes, or is an ancestor of one (a grid member may read their own community and
 * street, never a sibling). Every scoped query goes through here — the one place scope is applied.
 */
export function scopeCondition(scope: Scope, code: AnyColumn | SQL): SQL | undefined {
  if (scope.kind === 'all')
    return undefined
  if (scope.prefixes.length === 0)
    return sql`0`
  return or(...scope.prefixes.map(p => sql`(${code} LIKE ${`${p}%`} OR ${p} LIKE ${code} || '%')`))
}

/** Name of the data_versions row bumped by every write that changes a map layer. */
export const TERRITORY_VERSION = 'territory'

export function createTerritoryRepository({ db, sqlite }: Database) {
  // read on every layer and locate request: prepared once
  const versionStmt = sqlite.prepare('SELECT version FROM data_versions WHERE name = ?').pluck()
  // Population totals and counts roll up from grids; the subqueries ride on the parent-code indexes.
  const gridTotals = (where: SQL) => ({
    grids: sql<number>`(SELECT count(*) FROM grids g ${where})`,
    households: sql<number>`(SELECT coalesce(sum(g.households), 0) FROM grids g ${where})`,
    residents: sql<number>`(SELECT coalesce(sum(g.residents), 0) FROM grids g ${where})`,
    partyMembers: sql<number>`(SELECT coalesce(sum(g.party_members), 0) FROM grids g ${where})`,
  })
  const { geometry: _sg, simulated: _ss, ...streetCols } = getTableColumns(streets)
  const { geometry: _cg, simulated: _cs, ...communityCols } = getTableColumns(communities)
  const { geometry: _gg, simulated: _gs, ...gridCols } = getTableColumns(grids)

  const streetSelect = {
    ...streetCols,
    // correlated subqueries name the outer table explicitly: drizzle renders bare column names
    communities: sql<number>`(SELECT count(*) FROM communities c WHERE c.street_code = streets.code)`,
    ...gridTotals(sql`JOIN communities c ON c.code = g.community_code WHERE c.street_code = streets.code`),
  }
  const communitySelect = {
    ...communityCols,
    streetName: streets.name,
    ...gridTotals(sql`WHERE g.community_code = communities.code`),
  }
  const gridSelect = {
    ...gridCols,
    communityName: communities.name,
    streetCode: communities.streetCode,
    streetName: streets.name,
    buildings: sql<number>`(SELECT count(*) FROM buildings b WHERE b.grid_code = grids.code)`,
    leaderName: sql<string | null>`(SELECT s.name FROM grid_assignments a JOIN staff s ON s.id = a.staff_id WHERE a.grid_code = grids.code AND a.role = 'leader')`,
  }

  type StreetRow = Awaited<ReturnType<typeof streetQuery>>[number]
  type CommunityRow = Awaited<ReturnType<typeof communityQuery>>[number]
  type GridRow = Awaited<ReturnType<typeof gridQuery>>[number]

  function streetQuery(where: SQL | undefined) {
    return db.select(streetSelect).from(streets).where(where).orderBy(asc(streets.code))
  }
  function communityQuery(where: SQL | undefined) {
    return db.select(communitySelect).from(communities).innerJoin(streets, eq(streets.code, communities.streetCode)).where(where).orderBy(asc(communities.code))
  }
  function gridQuery(where: SQL | undefined) {
    return db.select(gridSelect).from(grids).innerJoin(communities, eq(communities.code, grids.communityCode)).innerJoin(streets, eq(streets.code, communities.streetCode)).where(where).orderBy(asc(grids.code))
  }

  const toStreet = ({ minLon, minLat, maxLon, maxLat, centerLon, centerLat, ...r }: StreetRow): StreetDto =>
    ({ ...r, ...extentOf({ minLon, minLat, maxLon, maxLat, centerLon, centerLat }) })
  const toCommunity = ({ minLon, minLat, maxLon, maxLat, centerLon, centerLat, ...r }: CommunityRow): CommunityDto =>
    ({ ...r, ...extentOf({ minLon, minLat, maxLon, maxLat, centerLon, centerLat }) })
  const toGrid = ({ minLon, minLat, maxLon, maxLat, centerLon, centerLat, ...r }: GridRow): GridDto =>
    ({ ...r, ...extentOf({ minLon, minLat, maxLon, maxLat, centerLon, centerLat }) })
  const toBuilding = ({ lon, lat, footprint, simulated: _s, ...r }: typeof buildings.$inferSelect): BuildingDto =>
    ({ ...r, location: [lon, lat], footprint: (footprint as PolygonGeometry | null) ?? null })

  function page<R, T>(rows: R[], total: number, map: (r: R) => T, w: ListWindow): PageOf<T> {
    return { items: rows.map(map), total, limit: w.limit, offset: w.offset }
  }

  function communityWhere(f: CommunityFilter): SQL | undefined {
    return and(
      f.streetCode ? eq(communities.streetCode, f.streetCode) : undefined,
      f.q ? textMatch(communities.name, communities.code, f.q) : undefined,
      f.bbox ? extentIntersects(communities, f.bbox) : undefined,
    )
  }
  function gridWhere(f: GridFilter): SQL | undefined {
    return and(
      f.communityCode ? eq(grids.communityCode, f.communityCode) : undefined,
      f.streetCode ? eq(communities.streetCode, f.streetCode) : undefined,
      f.q ? textMatch(grids.name, grids.code, f.q) : undefined,
      f.bbox ? extentIntersects(grids, f.bbox) : undefined,
    )
  }
  function buildingWhere(f: BuildingFilter): SQL | undefined {
    const [minLon, minLat, maxLon, maxLat] = f.bbox ?? []
    return and(
      f.gridCode ? eq(buildings.gridCode, f.gridCode) : undefined,
      // grid and community codes are prefixes of the building code, so these ride the primary key
      f.communityCode ? sql`${buildings.code} LIKE ${`${f.communityCode}%`}` : undefined,
      f.streetCode ? sql`${buildings.code} LIKE ${`${f.streetCode}%`}` : undefined,
      f.type ? eq(buildings.type, f.type) : undefined,
      f.q ? textMatch(buildings.name, buildings.code, f.q) : undefined,
      f.bbox ? sql`${buildings.lon} BETWEEN ${minLon} AND ${maxLon} AND ${buildings.lat} BETWEEN ${minLat} AND ${maxLat}` : undefined,
    )
  }

  function gridStaffRows(gridCode: string): StaffMember[] {
    return db.select({ id: staff.id, name: staff.name, phone: staff.phone, partyMember: staff.partyMember, role: gridAssignments.role })
      .from(gridAssignments)
      .innerJoin(staff, eq(staff.id, gridAssignments.staffId))
      .where(eq(gridAssignments.gridCode, gridCode))
      // leader first, then members in the order they were added
      .orderBy(sql`${gridAssignments.role} = 'member'`, asc(staff.id))
      .all()
      .map(s => ({ ...s, phone: maskPhone(s.phone) }))
  }

  return {
    listStreets(scope: Scope, f: TextAndBox, w: ListWindow): PageOf<StreetDto> {
      const where = and(
        scopeCondition(scope, streets.code),
        f.q ? textMatch(streets.name, streets.code, f.q) : undefined,
        f.bbox ? extentIntersects(streets, f.bbox) : undefined,
      )
      const rows = streetQuery(where).limit(w.limit).offset(w.offset).all()
      const [total] = db.select({ n: count() }).from(streets).where(where).all()
      return page(rows, total?.n ?? 0, toStreet, w)
    },
    getStreet(scope: Scope, code: string): StreetDto | undefined {
      const row = streetQuery(and(eq(streets.code, code), scopeCondition(scope, streets.code))).get()
      return row && toStreet(row)
    },

    listCommunities(scope: Scope, f: CommunityFilter, w: ListWindow): PageOf<CommunityDto> {
      const where = and(communityWhere(f), scopeCondition(scope, communities.code))
      const rows = communityQuery(where).limit(w.limit).offset(w.offset).all()
      const [total] = db.select({ n: count() }).from(communities).where(where).all()
      return page(rows, total?.n ?? 0, toCommunity, w)
    },
    getCommunity(scope: Scope, code: string): CommunityDto | undefined {
      const row = communityQuery(and(eq(communities.code, code), scopeCondition(scope, communities.code))).get()
      return row && toCommunity(row)
    },

    listGrids(scope: Scope, f: GridFilter, w: ListWindow): PageOf<GridDto> {
      const where = and(gridWhere(f), scopeCondition(scope, grids.code))
      const rows = gridQuery(where).limit(w.limit).offset(w.offset).all()
      const [total] = db.select({ n: count() }).from(grids).innerJoin(communities, eq(communities.code, grids.communityCode)).where(where).all()
      return page(rows, total?.n ?? 0, toGrid, w)
    },
    getGrid(scope: Scope, code: string): GridDetail | undefined {
      const row = gridQuery(and(eq(grids.code, code), scopeCondition(scope, grids.code))).get()
      if (!row)
        return undefined
      const byType = Object.fromEntries(BUILDING_TYPES.map(t => [t, 0])) as Record<string, number>
      for (const { type, n } of db.select({ type: buildings.type, n: count() }).from(buildings).where(eq(buildings.gridCode, code)).groupBy(buildings.type).all())
        byType[type] = n
      return { ...toGrid(row), staff: gridStaffRows(code), buildingsByType: byType }
    },
    /** The grid's staff, leader first; undefined when the grid does not exist. */
    gridStaff(scope: Scope, code: string): StaffMember[] | undefined {
      return this.gridExists(scope, code) ? gridStaffRows(code) : undefined
    },

    listBuildings(scope: Scope, f: BuildingFilter, w: ListWindow): PageOf<BuildingDto> {
      const where = and(buildingWhere(f), scopeCondition(scope, buildings.code))
      const rows = db.select().from(buildings).where(where).orderBy(asc(buildings.code)).limit(w.limit).offset(w.offset).all()
      const [total] = db.select({ n: count() }).from(buildings).where(where).all()
      return page(rows, total?.n ?? 0, toBuilding, w)
    },
    getBuilding(scope: Scope, code: string): BuildingDto | undefined {
      const row = db.select().from(buildings).where(and(eq(buildings.code, code), scopeCondition(scope, buildings.code))).get()
      return row && toBuilding(row)
    },
    gridExists(scope: Scope, code: string): boolean {
      return db.select({ code: grids.code }).from(grids).where(and(eq(grids.code, code), scopeCondition(scope, grids.code))).get() !== undefined
    },

    /** Features of one map layer, with the properties the map labels and links need. */
    layerFeatures(kind: LayerKind): LayerFeature[] {
      const feature = (geometry: unknown, properties: Record<string, unknown>): LayerFeature =>
        ({ type: 'Feature', properties, geometry: geometry as ArealGeometry })
      switch (kind) {
        case 'district':
          return db.select().from(districts).orderBy(asc(districts.code)).all().map(d => feature(d.geometry, { code: d.code, name: d.name, simulated: d.simulated }))
        case 'streets':
          return db.select().from(streets).orderBy(asc(streets.code)).all().map(s => feature(s.geometry, { code: s.code, name: s.name, kind: s.kind, center: [s.centerLon, s.centerLat], simulated: s.simulated }))
        case 'communities':
          return db.select().from(communities).orderBy(asc(communities.code)).all().map(c => feature(c.geometry, { code: c.code, name: c.name, streetCode: c.streetCode, center: [c.centerLon, c.centerLat], simulated: c.simulated }))
        case 'grids':
          return db.select({ g: grids, streetCode: communities.streetCode }).from(grids).innerJoin(communities, eq(communities.code, grids.communityCode)).orderBy(asc(grids.code)).all().map(({ g, streetCode }) => feature(g.geometry, { code: g.code, name: g.name, communityCode: g.communityCode, streetCode, center: [g.centerLon, g.centerLat], simulated: g.simulated }))
      }
    },

    /** Every grid with its geometry and parents' names: the input of the point → grid index. */
    gridsForLocate() {
      return db.select({
        code: grids.code,
        name: grids.name,
        geometry: grids.geometry,
        communityCode: communities.code,
        communityName: communities.name,
        streetCode: streets.code,
        streetName: streets.name,
      }).from(grids).innerJoin(communities, eq(communities.code, grids.communityCode)).innerJoin(streets, eq(streets.code, communities.streetCode)).orderBy(asc(grids.code)).all().map(r => ({ ...r, geometry: r.geometry as ArealGeometry }))
    },

    /**
     * The full phone number of a staff member assigned to a grid inside the scope (for an
     * explicit, audited reveal); undefined when there is no such staff member in scope.
     */
    staffPhone(scope: Scope, staffId: number): { name: string, phone: string } | undefined {
      return db.select({ name: staff.name, phone: staff.phone }).from(staff).where(and(eq(staff.id, staffId), sql`EXISTS (SELECT 1 FROM grid_assignments a WHERE a.staff_id = ${staff.id} AND ${scopeCondition(scope, sql`a.grid_code`) ?? sql`1`})`)).get()
    },

    /** Counter bumped by every write that changes a map layer; 0 before the first seed. */
    territoryVersion(): number {
      return (versionStmt.get(TERRITORY_VERSION) as number | undefined) ?? 0
    },
    gridCount(): number {
      return db.select({ n: count() }).from(grids).get()?.n ?? 0
    },
  }
}

export type TerritoryRepository = ReturnType<typeof createTerritoryRepository>
