/**
 * 项目清单: 区域化党建 projects matching needs with resources — proposed from a need and its
 * suggested resources, claimed (认领) by a unit or Party member, delivered with progress updates
 * and photos, volunteer hours per person, and two-way evaluation (双向评价). The lifecycle is the
 * pure state machine of @gridgov/domain; each write is one transaction: the project, its version,
 * its event and the statuses of the needs it serves, together.
 */
import type { HoursBody, ProjectActionBody, ProjectBody, ProjectDetail, ProjectListQuery, ProjectState, ProjectSummary, Scope } from '@gridgov/domain'
import type { Database } from '../database'
import type { ListCaller } from './lists-common'
import { acceptsHours, allowedProjectActions, needStatusFor, notFound, projectTransition, Refusal } from '@gridgov/domain'
import { assertVersion, assertWindow, assertWritable, cstDate, iso, readSql, Where } from './lists-common'
import { createNeedRepository } from './need-repository'
import { createResourceRepository } from './resource-repository'

interface ProjectRow {
  id: number
  community_code: string
  community_name: string
  title: string
  description: string
  lead_unit_id: number | null
  lead_member_id: number | null
  lead_name: string | null
  planned_from: string
  planned_to: string
  status: ProjectSummary['status']
  beneficiaries_served: number | null
  provider_rating: number | null
  provider_comment: string | null
  community_rating: number | null
  community_comment: string | null
  version: number
  created_at: number
  updated_at: number
  hours: number
  volunteers: number
  lon: number | null
  lat: number | null
}

const PROJECT_SELECT = `SELECT p.*, c.name AS community_name, coalesce(u.name, m.name) AS lead_name,
  (SELECT coalesce(sum(h.hours), 0) FROM volunteer_hours h WHERE h.project_id = p.id) AS hours,
  (SELECT count(DISTINCT coalesce('m' || h.member_id, h.person_name)) FROM volunteer_hours h WHERE h.project_id = p.id) AS volunteers,
  (SELECT n.lon FROM project_needs pn JOIN needs n ON n.id = pn.need_id WHERE pn.project_id = p.id ORDER BY n.id LIMIT 1) AS lon,
  (SELECT n.lat FROM project_needs pn JOIN needs n ON n.id = pn.need_id WHERE pn.project_id = p.id ORDER BY n.id LIMIT 1) AS lat
  FROM projects p JOIN communities c ON c.code = p.community_code
  LEFT JOIN units u ON u.id = p.lead_unit_id LEFT JOIN party_members m ON m.id = p.lead_member_id`

function leadOf(r: { lead_unit_id: number | null, lead_member_id: number | null }) {
  return r.lead_unit_id !== null ? `unit:${r.lead_unit_id}` : r.lead_member_id !== null ? `member:${r.lead_member_id}` : null
}

function stateOf(r: ProjectRow): ProjectState {
  return {
    status: r.status,
    lead: leadOf(r),
    providerRating: r.provider_rating,
    communityRating: r.community_rating,
  }
}

const REFUSAL_STATUS = { forbidden: 403, illegal_transition: 409, invalid: 400 } as const

export function createProjectRepository(database: Database) {
  const { sqlite, statement } = database
  const needRepo = createNeedRepository(database)
  const resourceRepo = createResourceRepository(database)

  function projectRow(id: number, scope: Scope): ProjectRow | undefined {
    const s = readSql(scope, 'p.community_code')
    return statement(`${PROJECT_SELECT} WHERE p.id = ? AND ${s.sql}`).get(id, ...s.args) as ProjectRow | undefined
  }

  function summary(r: ProjectRow): ProjectSummary {
    const needs = statement('SELECT n.id, n.title, n.status FROM project_needs pn JOIN needs n ON n.id = pn.need_id WHERE pn.project_id = ? ORDER BY n.id').all(r.id) as ProjectSummary['needs']
    const resources = statement(`SELECT r.id, r.title, r.type, pr.quantity, r.measure, coalesce(u.name, m.name) AS providerName
      FROM project_resources pr JOIN resources r ON r.id = pr.resource_id LEFT JOIN units u ON u.id = r.unit_id LEFT JOIN party_members m ON m.id = r.member_id
      WHERE pr.project_id = ? ORDER BY r.id`).all(r.id) as ProjectSummary['resources']
    return {
      id: r.id,
      communityCode: r.community_code,
      communityName: r.community_name,
      title: r.title,
      status: r.status,
      lead: leadOf(r),
      leadName: r.lead_name,
      plannedFrom: r.planned_from,
      plannedTo: r.planned_to,
      needs,
      resources,
      hours: r.hours,
      volunteers: r.volunteers,
      providerRating: r.provider_rating,
      communityRating: r.community_rating,
      location: r.lon === null || r.lat === null ? null : [r.lon, r.lat],
      createdAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
      version: r.version,
    }
  }

  function detail(r: ProjectRow, caller: ListCaller): ProjectDetail {
    const events = statement(`SELECT id, action, from_status AS "from", to_status AS "to", actor_name AS actorName, actor_role AS actorRole, at, note, attachments, rating
      FROM project_events WHERE project_id = ? ORDER BY id`).all(r.id) as (Omit<ProjectDetail['events'][number], 'at' | 'attachments'> & { at: number, attachments: string })[]
    const hoursLog = statement(`SELECT id, member_id AS memberId, unit_id AS unitId, person_name AS personName, served_on AS servedOn, hours, note
      FROM volunteer_hours WHERE project_id = ? ORDER BY served_on DESC, id DESC`).all(r.id) as ProjectDetail['hoursLog']
    return {
      ...summary(r),
      description: r.description,
      beneficiariesServed: r.beneficiaries_served,
      providerComment: r.provider_comment,
      communityComment: r.community_comment,
      events: events.map(e => ({ ...e, at: iso(e.at), attachments: JSON.parse(e.attachments) as string[] })),
      hoursLog,
      allowedActions: allowedProjectActions(stateOf(r), caller.role),
      acceptsHours: acceptsHours(r.status) && (caller.role === 'community' || caller.role === 'street'),
    }
  }

  function insertEvent(projectId: number, at: number, caller: ListCaller, e: { action: string, from: string, to: string, note: string | null, attachments: readonly string[], rating: number | null }) {
    statement(`INSERT INTO project_events (project_id, at, action, from_status, to_status, actor_user_id, actor_name, actor_role, note, attachments, rating)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(projectId, at, e.action, e.from, e.to, caller.userId, caller.name, caller.role, e.note, JSON.stringify(e.attachments), e.rating)
  }

  /** Each need of the project takes the status its projects give it (domain needStatusFor). */
  function refreshNeeds(projectId: number, now: number) {
    const needs = statement('SELECT n.id, n.status FROM project_needs pn JOIN needs n ON n.id = pn.need_id WHERE pn.project_id = ?').all(projectId) as { id: number, status: Parameters<typeof needStatusFor>[0] }[]
    for (const need of needs) {
      const statuses = statement('SELECT p.status FROM project_needs pn JOIN projects p ON p.id = pn.project_id WHERE pn.need_id = ?').pluck().all(need.id) as ProjectSummary['status'][]
      const next = needStatusFor(need.status, statuses)
      if (next !== need.status)
        statement('UPDATE needs SET status = ?, version = version + 1, updated_at = ? WHERE id = ?').run(next, now, need.id)
    }
  }

  /** Links the caller's own, still unattached photos to the project (inside the write's transaction). */
  function attachPhotos(projectId: number, photos: readonly string[], caller: ListCaller) {
    for (const photo of photos) {
      const ok = statement(`SELECT 1 FROM uploads u WHERE u.id = ? AND u.uploaded_by = ? AND u.case_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM project_photos pp WHERE pp.upload_id = u.id AND pp.project_id <> ?)`).get(photo, caller.userId, projectId)
      if (!ok)
        throw new Refusal(400, 'bad_request', `unknown photo ${photo}`, { field: 'body.attachments' })
      statement('INSERT OR IGNORE INTO project_photos (upload_id, project_id) VALUES (?, ?)').run(photo, projectId)
    }
  }

  /** Columns a lead reference sets: 'unit:3' → unit 3, 'member:5' → member 5. */
  function leadColumns(ref: string | null, caller: ListCaller, field: string): [number | null, number | null] {
    if (ref === null)
      return [null, null]
    const p = resourceRepo.provider(ref, caller, field)
    return p.kind === 'unit' ? [p.id, null] : [null, p.id]
  }

  return {
    projectRow,

    get(id: number, caller: ListCaller): ProjectDetail | undefined {
      const r = projectRow(id, caller.scope)
      return r && detail(r, caller)
    },

    list(q: ProjectListQuery, caller: ListCaller) {
      const [kind, leadId] = q.lead?.split(':') ?? []
      const w = new Where()
        .scope(readSql(caller.scope, 'p.community_code'))
        .eq('p.community_code', q.communityCode)
        .eq(kind === 'member' ? 'p.lead_member_id' : 'p.lead_unit_id', leadId === undefined ? undefined : Number(leadId))
        .search(q.q, 'p.title')
      if (q.needId)
        w.add('EXISTS (SELECT 1 FROM project_needs pn WHERE pn.project_id = p.id AND pn.need_id = ?)', q.needId)
      if (q.resourceId)
        w.add('EXISTS (SELECT 1 FROM project_resources pr WHERE pr.project_id = p.id AND pr.resource_id = ?)', q.resourceId)
      const counts = w.counts(sqlite, 'projects p', 'p.status')
      // running ones first, then waiting, then done; the latest change on top
      const order = `CASE p.status WHEN 'in_progress' THEN 0 WHEN 'claimed' THEN 1 WHEN 'proposed' THEN 2 WHEN 'completed' THEN 3 WHEN 'evaluated' THEN 4 ELSE 5 END, p.updated_at DESC, p.id DESC`
      return { ...w.in('p.status', q.status).page(sqlite, q, { select: PROJECT_SELECT, from: 'projects p', order }, summary), counts }
    },

    /** 提出项目: needs of one community, resources with enough left, a lead (default: the first resource's provider). */
    create(body: ProjectBody, caller: ListCaller, now: number): ProjectDetail {
      return sqlite.transaction(() => {
        const needs = body.needIds.map((id) => {
          const n = needRepo.needRow(id, caller.scope)
          if (!n)
            throw notFound('need', 'body.needIds', id)
          if (n.status === 'closed' || n.status === 'fulfilled')
            throw new Refusal(409, 'illegal_transition', `need ${id} is already ${n.status}`, { field: 'body.needIds' })
          return n
        })
        const communityCode = needs[0]!.community_code
        if (needs.some(n => n.community_code !== communityCode))
          throw new Refusal(400, 'bad_request', 'the needs belong to different communities: a project is kept by one community', { field: 'body.needIds' })
        assertWritable(caller, communityCode, 'body.needIds')
        assertWindow(body.plannedFrom, body.plannedTo, 'body.plannedTo')
        const resources = body.resources.map((x, i) => {
          const r = resourceRepo.get(x.resourceId, caller, now)
          if (!r)
            throw notFound('resource', `body.resources.${i}.resourceId`, x.resourceId)
          if (r.status !== 'available')
            throw new Refusal(409, 'illegal_transition', `resource ${r.id} is ${r.status}`, { field: `body.resources.${i}.resourceId` })
          if (x.quantity > r.remaining)
            throw new Refusal(400, 'bad_request', `only ${r.remaining} ${r.measure} of resource ${r.id} remain`, { field: `body.resources.${i}.quantity` })
          return { ...r, quantity: x.quantity }
        })
        const [leadUnit, leadMember] = leadColumns(body.lead ?? resources[0]?.provider ?? null, caller, 'body.lead')
        const id = statement(`INSERT INTO projects (community_code, title, description, lead_unit_id, lead_member_id, planned_from, planned_to, status, created_by, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, 'proposed', ?, ?, ?) RETURNING id`).pluck().get(communityCode, body.title.trim(), body.description.trim(), leadUnit, leadMember, body.plannedFrom, body.plannedTo, caller.userId, now, now) as number
        for (const n of needs)
          statement('INSERT INTO project_needs (project_id, need_id) VALUES (?, ?)').run(id, n.id)
        for (const r of resources)
          statement('INSERT INTO project_resources (project_id, resource_id, quantity) VALUES (?, ?, ?)').run(id, r.id, r.quantity)
        insertEvent(id, now, caller, { action: 'propose', from: 'proposed', to: 'proposed', note: null, attachments: [], rating: null })
        refreshNeeds(id, now)
        return detail(projectRow(id, caller.scope)!, caller)
      }).immediate()
    },

    act(id: number, body: ProjectActionBody, version: number | undefined, caller: ListCaller, now: number): ProjectDetail {
      return sqlite.transaction(() => {
        const r = projectRow(id, caller.scope)
        if (!r)
          throw notFound('project', 'params.id', id)
        assertWritable(caller, r.community_code, 'params.id')
        assertVersion(version, r.version, () => detail(r, caller))
        const result = projectTransition(stateOf(r), { ...body, type: body.action } as Parameters<typeof projectTransition>[1], caller.role)
        if (!result.ok)
          throw new Refusal(REFUSAL_STATUS[result.reason], result.reason === 'invalid' ? 'bad_request' : result.reason, result.message, { field: result.field ? `body.${result.field}` : undefined, current: result.reason === 'illegal_transition' ? detail(r, caller) : undefined })
        const { next, event } = result
        const [leadUnit, leadMember] = body.action === 'claim' && body.lead ? leadColumns(body.lead, caller, 'body.lead') : [r.lead_unit_id, r.lead_member_id]
        attachPhotos(id, event.attachments, caller)
        statement(`UPDATE projects SET status = @status, lead_unit_id = @leadUnit, lead_member_id = @leadMember,
            provider_rating = @providerRating, community_rating = @communityRating,
            provider_comment = CASE WHEN @action = 'rate_provider' THEN @note ELSE provider_comment END,
            community_comment = CASE WHEN @action = 'rate_community' THEN @note ELSE community_comment END,
            beneficiaries_served = CASE WHEN @action = 'complete' THEN @served ELSE beneficiaries_served END,
            claimed_at = CASE WHEN @action = 'claim' THEN @now ELSE claimed_at END,
            started_at = CASE WHEN @action = 'start' THEN @now ELSE started_at END,
            completed_at = CASE WHEN @action = 'complete' THEN @now ELSE completed_at END,
            evaluated_at = CASE WHEN @status = 'evaluated' AND evaluated_at IS NULL THEN @now ELSE evaluated_at END,
            version = version + 1, updated_at = @now
          WHERE id = @id`).run({
          id,
          now,
          status: next.status,
          action: event.action,
          note: event.note,
          served: body.beneficiariesServed ?? null,
          leadUnit,
          leadMember,
          providerRating: next.providerRating,
          communityRating: next.communityRating,
        })
        insertEvent(id, now, caller, event)
        refreshNeeds(id, now)
        return detail(projectRow(id, caller.scope)!, caller)
      }).immediate()
    },

    /** 志愿服务时长: one person's hours on one day; a member by id, or a unit's staff by name. */
    logHours(id: number, body: HoursBody, expectedVersion: number | undefined, caller: ListCaller, now: number): ProjectDetail {
      return sqlite.transaction(() => {
        const r = projectRow(id, caller.scope)
        if (!r)
          throw notFound('project', 'params.id', id)
        assertWritable(caller, r.community_code, 'params.id')
        assertVersion(expectedVersion, r.version, () => detail(r, caller), false)
        if (!acceptsHours(r.status))
          throw new Refusal(409, 'illegal_transition', `hours are logged while a project runs or before it is evaluated; this one is ${r.status}`, { field: 'params.id', current: detail(r, caller) })
        if (body.memberId === undefined && body.unitId === undefined)
          throw new Refusal(400, 'bad_request', 'name the Party member, or the unit the volunteer came from', { field: 'body.memberId' })
        const member = body.memberId === undefined ? undefined : resourceRepo.provider(`member:${body.memberId}`, caller, 'body.memberId')
        if (body.unitId !== undefined)
          resourceRepo.provider(`unit:${body.unitId}`, caller, 'body.unitId')
        const personName = body.personName?.trim() || member?.name
        if (!personName)
          throw new Refusal(400, 'bad_request', 'the volunteer\'s name is required', { field: 'body.personName' })
        if (body.servedOn > cstDate(now))
          throw new Refusal(400, 'bad_request', 'hours are logged after they are served: the date is in the future', { field: 'body.servedOn' })
        statement(`INSERT INTO volunteer_hours (project_id, member_id, unit_id, person_name, served_on, hours, note, recorded_by, recorded_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(id, body.memberId ?? null, body.unitId ?? null, personName, body.servedOn, body.hours, body.note?.trim() || null, caller.userId, now)
        return detail(projectRow(id, caller.scope)!, caller)
      }).immediate()
    },
  }
}

export type ProjectRepository = ReturnType<typeof createProjectRepository>
