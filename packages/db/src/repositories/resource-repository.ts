/**
 * 资源清单: what units and Party members offer — type, how much, when, where — with the share
 * already committed to projects (cancelled projects give theirs back) and the status that follows
 * (可用, 已用完, 已过期, 已撤回). Also both directions of matching: resources for a need, needs for
 * a resource, ranked by the explained score of @gridgov/domain.
 */
import type { Need, NeedMatches, Resource, ResourceBody, ResourceListQuery, ResourceMatches, Scope } from '@gridgov/domain'
import type { Database } from '../database'
import type { ListCaller } from './lists-common'
import type { NeedRow } from './need-repository'
import { notFound, rankNeeds, rankResources, Refusal } from '@gridgov/domain'
import { assertVersion, assertWindow, assertWritable, cstDate, parseList, readSql, Where } from './lists-common'
import { NEED_SELECT, needView } from './need-repository'

interface ResourceRow {
  id: number
  community_code: string
  community_name: string
  unit_id: number | null
  member_id: number | null
  provider_name: string
  title: string
  type: Resource['type']
  description: string
  categories: string
  capacity: number
  measure: string
  available_from: string
  available_to: string
  slots: string
  lon: number
  lat: number
  withdrawn: number
  version: number
  used: number
  status: Resource['status']
}

/** Resources with `used` and the derived `status`; binds `{ today }` (YYYY-MM-DD, UTC+8) first. */
const RESOURCE_SELECT = `SELECT * FROM (SELECT q.*,
    CASE WHEN q.withdrawn THEN 'withdrawn' WHEN q.available_to < @today THEN 'expired' WHEN q.capacity - q.used <= 0 THEN 'exhausted' ELSE 'available' END AS status
  FROM (SELECT r.*, c.name AS community_name, coalesce(u.name, m.name) AS provider_name,
      (SELECT coalesce(sum(pr.quantity), 0) FROM project_resources pr JOIN projects p ON p.id = pr.project_id
        WHERE pr.resource_id = r.id AND p.status <> 'cancelled') AS used
    FROM resources r JOIN communities c ON c.code = r.community_code
    LEFT JOIN units u ON u.id = r.unit_id LEFT JOIN party_members m ON m.id = r.member_id) q) r`

function resourceView(r: ResourceRow): Resource {
  return {
    id: r.id,
    communityCode: r.community_code,
    communityName: r.community_name,
    provider: r.unit_id !== null ? `unit:${r.unit_id}` : `member:${r.member_id}`,
    providerKind: r.unit_id !== null ? 'unit' : 'member',
    providerName: r.provider_name,
    title: r.title,
    type: r.type,
    description: r.description,
    categories: parseList(r.categories) as Resource['categories'],
    capacity: r.capacity,
    measure: r.measure,
    used: r.used,
    remaining: Math.max(0, r.capacity - r.used),
    availableFrom: r.available_from,
    availableTo: r.available_to,
    slots: parseList(r.slots),
    location: [r.lon, r.lat],
    status: r.status,
    version: r.version,
  }
}

const asMatchable = (r: Resource) => ({ ...r, lon: r.location[0], lat: r.location[1], withdrawn: r.status === 'withdrawn' })
const needMatchable = (n: Need) => ({ ...n, lon: n.location[0], lat: n.location[1] })

export function createResourceRepository(database: Database) {
  const { sqlite, statement } = database

  function resourceRow(id: number, scope: Scope, now: number): ResourceRow | undefined {
    const s = readSql(scope, 'r.community_code')
    return statement(`${RESOURCE_SELECT} WHERE r.id = ? AND ${s.sql}`).get({ today: cstDate(now) }, id, ...s.args) as ResourceRow | undefined
  }

  /** The provider 'unit:<id>' / 'member:<id>' if the caller may see it: its community and location. */
  function provider(ref: string, caller: ListCaller, field: string) {
    const [kind, raw] = ref.split(':') as ['unit' | 'member', string]
    const s = readSql(caller.scope, kind === 'unit' ? 'u.community_code' : 'm.community_code')
    // a member offers from home: their grid's label point, else their community's
    const row = kind === 'unit'
      ? statement(`SELECT u.id, u.name, u.community_code AS community, u.lon, u.lat FROM units u WHERE u.id = ? AND ${s.sql}`).get(Number(raw), ...s.args)
      : statement(`SELECT m.id, m.name, m.community_code AS community, coalesce(g.center_lon, c.center_lon) AS lon, coalesce(g.center_lat, c.center_lat) AS lat
          FROM party_members m JOIN communities c ON c.code = m.community_code LEFT JOIN grids g ON g.code = m.grid_code WHERE m.id = ? AND ${s.sql}`).get(Number(raw), ...s.args)
    if (!row)
      throw notFound(kind === 'unit' ? 'unit' : 'Party member', field, raw)
    return { kind, ...(row as { id: number, name: string, community: string, lon: number, lat: number }) }
  }

  /** Candidate rows for matching in the caller's scope (at most 2,000: a street's worth). */
  function scopedResources(scope: Scope, now: number): Resource[] {
    const s = readSql(scope, 'r.community_code')
    return (statement(`${RESOURCE_SELECT} WHERE ${s.sql} ORDER BY r.id LIMIT 2000`).all({ today: cstDate(now) }, ...s.args) as ResourceRow[]).map(resourceView)
  }

  return {
    provider,

    resourceRow,

    get(id: number, caller: ListCaller, now: number): Resource | undefined {
      const r = resourceRow(id, caller.scope, now)
      return r && resourceView(r)
    },

    list(q: ResourceListQuery, caller: ListCaller, now: number) {
      const [kind, providerId] = q.provider?.split(':') ?? []
      const w = new Where()
      w.args.push({ today: cstDate(now) }) // @today of RESOURCE_SELECT
      w.scope(readSql(caller.scope, 'r.community_code'))
        .eq('r.community_code', q.communityCode)
        .eq('r.type', q.type)
        .eq(kind === 'member' ? 'r.member_id' : 'r.unit_id', providerId === undefined ? undefined : Number(providerId))
        .search(q.q, 'r.title', 'r.provider_name')
      if (q.category)
        w.add('EXISTS (SELECT 1 FROM json_each(r.categories) j WHERE j.value = ?)', q.category)
      const from = `(${RESOURCE_SELECT}) r`
      const counts = w.counts(sqlite, from, 'r.status')
      return { ...w.in('r.status', q.status).page(sqlite, q, { select: RESOURCE_SELECT, from, order: `r.status <> 'available', r.available_to, r.id` }, resourceView), counts }
    },

    create(body: ResourceBody, caller: ListCaller, now: number): Resource {
      const p = provider(body.provider, caller, 'body.provider')
      assertWritable(caller, p.community, 'body.provider')
      assertWindow(body.availableFrom, body.availableTo, 'body.availableTo')
      const id = statement(`INSERT INTO resources (community_code, unit_id, member_id, title, type, description, categories, capacity, measure,
          available_from, available_to, slots, lon, lat, created_by, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`).pluck().get(
        p.community,
        p.kind === 'unit' ? p.id : null,
        p.kind === 'member' ? p.id : null,
        body.title.trim(),
        body.type,
        body.description.trim(),
        JSON.stringify(body.categories),
        body.capacity,
        body.measure.trim(),
        body.availableFrom,
        body.availableTo,
        JSON.stringify(body.slots),
        p.lon,
        p.lat,
        caller.userId,
        now,
        now,
      ) as number
      return resourceView(resourceRow(id, caller.scope, now)!)
    },

    withdraw(id: number, version: number | undefined, caller: ListCaller, now: number): Resource {
      return sqlite.transaction(() => {
        const r = resourceRow(id, caller.scope, now)
        if (!r)
          throw notFound('resource', 'params.id', id)
        assertWritable(caller, r.community_code, 'params.id')
        assertVersion(version, r.version, () => resourceView(r))
        if (r.withdrawn)
          throw new Refusal(409, 'illegal_transition', 'the resource is already withdrawn', { field: 'params.id', current: resourceView(r) })
        statement('UPDATE resources SET withdrawn = 1, version = version + 1, updated_at = ? WHERE id = ?').run(now, id)
        return resourceView(resourceRow(id, caller.scope, now)!)
      }).immediate()
    },

    /** Resources for a need, best first, each with its explained score. */
    forNeed(need: Need, caller: ListCaller, now: number, limit: number): ResourceMatches {
      const ranked = rankResources(needMatchable(need), scopedResources(caller.scope, now).map(asMatchable))
      return { items: ranked.slice(0, limit).map(({ item: { lon: _x, lat: _y, withdrawn: _w, ...resource }, match }) => ({ resource, match })) }
    },

    /** Needs a resource could serve (open or matched ones), best first. */
    forResource(resource: Resource, caller: ListCaller, limit: number): NeedMatches {
      const s = readSql(caller.scope, 'n.community_code')
      const needs = (statement(`${NEED_SELECT} WHERE n.status IN ('open', 'matched') AND ${s.sql} ORDER BY n.id LIMIT 2000`).all(...s.args) as NeedRow[]).map(needView)
      const ranked = rankNeeds(asMatchable(resource), needs.map(needMatchable))
      return { items: ranked.slice(0, limit).map(({ item: { lon: _x, lat: _y, ...need }, match }) => ({ need, match })) }
    },
  }
}

export type ResourceRepository = ReturnType<typeof createResourceRepository>
