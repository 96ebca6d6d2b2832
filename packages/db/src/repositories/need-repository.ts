/**
 * 需求清单: the community's needs — added from a door-to-door visit (入户走访) or a survey, or made
 * from a cluster of resident cases (the cases stay linked) — listed with counts by status, closed
 * by hand with a note, and matched with resources (the explained score of @gridgov/domain).
 */
import type { Need, NeedBody, NeedDetail, NeedFromCasesBody, NeedListQuery, Scope } from '@gridgov/domain'
import type { Database } from '../database'
import type { ListCaller } from './lists-common'
import { canCloseNeed, notFound, Refusal } from '@gridgov/domain'
import { assertVersion, assertWindow, assertWritable, communityOf, iso, parseList, readSql, Where } from './lists-common'
import { scopeSql } from './query-helpers'

export interface NeedRow {
  id: number
  community_code: string
  community_name: string
  grid_code: string | null
  grid_name: string | null
  building_code: string | null
  building_name: string | null
  title: string
  category: Need['category']
  description: string
  beneficiaries: string
  beneficiary_count: number
  urgency: Need['urgency']
  source: Need['source']
  resource_types: string
  needed_from: string
  needed_to: string
  slots: string
  lon: number
  lat: number
  status: Need['status']
  close_note: string | null
  created_at: number
  version: number
  case_count: number
  project_count: number
}

export const NEED_SELECT = `SELECT n.*, c.name AS community_name, g.name AS grid_name, b.name AS building_name,
  (SELECT count(*) FROM need_cases nc WHERE nc.need_id = n.id) AS case_count,
  (SELECT count(*) FROM project_needs pn JOIN projects p ON p.id = pn.project_id WHERE pn.need_id = n.id AND p.status <> 'cancelled') AS project_count
  FROM needs n JOIN communities c ON c.code = n.community_code LEFT JOIN grids g ON g.code = n.grid_code LEFT JOIN buildings b ON b.code = n.building_code`

export function needView(r: NeedRow): Need {
  return {
    id: r.id,
    communityCode: r.community_code,
    communityName: r.community_name,
    gridCode: r.grid_code,
    gridName: r.grid_name,
    buildingCode: r.building_code,
    buildingName: r.building_name,
    title: r.title,
    category: r.category,
    description: r.description,
    beneficiaries: r.beneficiaries,
    beneficiaryCount: r.beneficiary_count,
    urgency: r.urgency,
    source: r.source,
    resourceTypes: parseList(r.resource_types) as Need['resourceTypes'],
    neededFrom: r.needed_from,
    neededTo: r.needed_to,
    slots: parseList(r.slots),
    location: [r.lon, r.lat],
    status: r.status,
    closeNote: r.close_note,
    caseCount: r.case_count,
    projectCount: r.project_count,
    createdAt: iso(r.created_at),
    version: r.version,
  }
}

type NeedFields = Omit<NeedBody, 'communityCode' | 'source'>

export function createNeedRepository(database: Database) {
  const { sqlite, statement } = database

  function needRow(id: number, scope: Scope): NeedRow | undefined {
    const s = readSql(scope, 'n.community_code')
    return statement(`${NEED_SELECT} WHERE n.id = ? AND ${s.sql}`).get(id, ...s.args) as NeedRow | undefined
  }

  function detail(r: NeedRow, caller: ListCaller): NeedDetail {
    const cases = statement(`SELECT c.id, c.number, c.status, c.category_code AS categoryCode, c.description, c.reported_at AS reportedAt
      FROM need_cases nc JOIN cases c ON c.id = nc.case_id WHERE nc.need_id = ? ORDER BY c.reported_at`).all(r.id) as (NeedDetail['cases'][number] & { reportedAt: number })[]
    const projects = statement(`SELECT p.id, p.title, p.status FROM project_needs pn JOIN projects p ON p.id = pn.project_id WHERE pn.need_id = ? ORDER BY p.id`).all(r.id) as NeedDetail['projects']
    const writer = caller.role === 'community' || caller.role === 'street'
    return { ...needView(r), cases: cases.map(c => ({ ...c, reportedAt: iso(c.reportedAt) })), projects, canClose: writer && canCloseNeed(r.status) }
  }

  /** Where the need is: its building, else its grid's or community's label point. */
  function place(communityCode: string, fields: NeedFields, fallback?: [number, number]) {
    if (fields.gridCode !== undefined && !fields.gridCode.startsWith(communityCode))
      throw new Refusal(400, 'bad_request', 'the grid is not in this community', { field: 'body.gridCode' })
    if (fields.buildingCode !== undefined) {
      const b = statement('SELECT lon, lat, grid_code AS grid FROM buildings WHERE code = ?').get(fields.buildingCode) as { lon: number, lat: number, grid: string } | undefined
      if (!b || !b.grid.startsWith(communityCode) || (fields.gridCode !== undefined && b.grid !== fields.gridCode))
        throw new Refusal(400, 'bad_request', `no building ${fields.buildingCode} in this ${fields.gridCode ? 'grid' : 'community'}`, { field: 'body.buildingCode' })
      return { grid: b.grid, lon: b.lon, lat: b.lat }
    }
    if (fields.gridCode !== undefined) {
      const g = statement('SELECT center_lon AS lon, center_lat AS lat FROM grids WHERE code = ?').get(fields.gridCode) as { lon: number, lat: number } | undefined
      if (!g)
        throw new Refusal(400, 'bad_request', `no grid ${fields.gridCode}`, { field: 'body.gridCode' })
      return { grid: fields.gridCode, lon: g.lon, lat: g.lat }
    }
    const c = communityOf(database, communityCode, 'body.communityCode')
    return { grid: null, lon: fallback?.[0] ?? c.lon, lat: fallback?.[1] ?? c.lat }
  }

  function insert(communityCode: string, source: Need['source'], f: NeedFields, caller: ListCaller, now: number, fallback?: [number, number]): number {
    assertWindow(f.neededFrom, f.neededTo, 'body.neededTo')
    const where = place(communityCode, f, fallback)
    return statement(`INSERT INTO needs (community_code, grid_code, building_code, title, category, description, beneficiaries, beneficiary_count, urgency, source,
        resource_types, needed_from, needed_to, slots, lon, lat, status, created_by, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?) RETURNING id`).pluck().get(
      communityCode,
      where.grid,
      f.buildingCode ?? null,
      f.title.trim(),
      f.category,
      f.description.trim(),
      f.beneficiaries.trim(),
      f.beneficiaryCount,
      f.urgency,
      source,
      JSON.stringify(f.resourceTypes),
      f.neededFrom,
      f.neededTo,
      JSON.stringify(f.slots),
      where.lon,
      where.lat,
      caller.userId,
      now,
      now,
    ) as number
  }

  return {
    needRow,

    get(id: number, caller: ListCaller): NeedDetail | undefined {
      const r = needRow(id, caller.scope)
      return r && detail(r, caller)
    },

    list(q: NeedListQuery, caller: ListCaller) {
      const w = new Where()
        .scope(readSql(caller.scope, 'n.community_code'))
        .eq('n.community_code', q.communityCode)
        .eq('n.grid_code', q.gridCode)
        .eq('n.category', q.category)
        .eq('n.urgency', q.urgency)
        .search(q.q, 'n.title', 'n.beneficiaries')
      const counts = w.counts(sqlite, 'needs n', 'n.status')
      // open ones first, the most urgent on top, then the earliest date needed
      const order = `n.status IN ('fulfilled', 'closed'), CASE n.urgency WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, n.needed_from, n.id`
      return { ...w.in('n.status', q.status).page(sqlite, q, { select: NEED_SELECT, from: 'needs n', order }, needView), counts }
    },

    create(body: NeedBody, caller: ListCaller, now: number): NeedDetail {
      assertWritable(caller, body.communityCode, 'body.communityCode')
      const { communityCode, source, ...fields } = body
      const id = insert(communityCode, source, fields, caller, now)
      return detail(needRow(id, caller.scope)!, caller)
    },

    /** 诉求 → 需求: the selected cases (all in the caller's scope and one community) become one need. */
    fromCases(body: NeedFromCasesBody, caller: ListCaller, now: number): NeedDetail {
      const { caseIds, ...fields } = body
      const s = scopeSql(caller.scope, 'coalesce(c.grid_code, c.community_code)')
      const found = sqlite.prepare(`SELECT c.id, c.community_code AS community, c.grid_code AS grid, c.lon, c.lat FROM cases c
        WHERE c.id IN (${caseIds.map(() => '?').join(', ')}) AND ${s.sql}`).all(...caseIds, ...s.args) as { id: number, community: string, grid: string | null, lon: number | null, lat: number | null }[]
      const missing = caseIds.find(id => !found.some(c => c.id === id))
      if (missing !== undefined)
        throw notFound('case', 'body.caseIds', missing)
      const communities = new Set(found.map(c => c.community))
      if (communities.size > 1)
        throw new Refusal(400, 'bad_request', 'the cases belong to different communities: a need is kept by one community', { field: 'body.caseIds' })
      const communityCode = found[0]!.community
      assertWritable(caller, communityCode, 'body.caseIds')
      const grids = new Set(found.map(c => c.grid))
      const onlyGrid = grids.size === 1 ? [...grids][0] : null
      const points = found.filter(c => c.lon !== null && c.lat !== null)
      const centre: [number, number] | undefined = points.length
        ? [points.reduce((a, c) => a + c.lon!, 0) / points.length, points.reduce((a, c) => a + c.lat!, 0) / points.length]
        : undefined
      return sqlite.transaction(() => {
        const id = insert(communityCode, 'cases', { ...fields, gridCode: fields.gridCode ?? onlyGrid ?? undefined }, caller, now, fields.gridCode || fields.buildingCode ? undefined : centre)
        const link = statement('INSERT INTO need_cases (need_id, case_id) VALUES (?, ?)')
        for (const caseId of caseIds)
          link.run(id, caseId)
        return detail(needRow(id, caller.scope)!, caller)
      }).immediate()
    },

    close(id: number, note: string, version: number | undefined, caller: ListCaller, now: number): NeedDetail {
      return sqlite.transaction(() => {
        const r = needRow(id, caller.scope)
        if (!r)
          throw notFound('need', 'params.id', id)
        assertWritable(caller, r.community_code, 'params.id')
        assertVersion(version, r.version, () => detail(r, caller))
        if (!canCloseNeed(r.status))
          throw new Refusal(409, 'illegal_transition', `cannot close a need that is ${r.status}: a project is working on it`, { field: 'params.id', current: detail(r, caller) })
        statement(`UPDATE needs SET status = 'closed', close_note = ?, version = version + 1, updated_at = ? WHERE id = ?`).run(note.trim(), now, id)
        return detail(needRow(id, caller.scope)!, caller)
      }).immediate()
    },
  }
}

export type NeedRepository = ReturnType<typeof createNeedRepository>
