import type { CaseAction, CaseActionBody, CaseActor, CaseDetail, CaseListQuery, CaseState, CaseStatus, CaseSummary, Category, PublicCaseBody, PublicCaseView, Scope } from '@gridgov/domain'
import type { Database } from '../database'
/**
 * Cases (居民诉求): intake, the scoped board, the loop's transitions and resident tracking.
 * All SQL for cases lives here; the pure rules (state machine, SLA clock, categories) come from
 * @gridgov/domain. Each write is one transaction: the row, its version and its event together.
 */
import { createHash, randomInt } from 'node:crypto'
import {
  addHours,
  allowedActions,

  formatTrackingCode,
  hoursBetween,
  loadCategories,
  maskName,

  maskPhone,
  normalizeTrackingCode,
  Refusal,
  remaining,
  slaStageAt,
  slaStatus,

  stampsAfter,
  TRACKING_ALPHABET,
  trackingCodeFrom,
  transition,
} from '@gridgov/domain'
import { distanceM } from '@gridgov/geo'
import { createCaseIntake } from './case-intake'
import { scopeSql } from './query-helpers'

/** What the case layer needs of the point → grid index (the API's locator provides it). */
export interface Locator {
  locate: (lon: number, lat: number) => { grid: string, gridName: string, community: string } | { grid: null, community: string, suggested: string } | null
}

export interface CaseCaller {
  userId: number | null
  name: string
  role: CaseActor['role']
  staffId: number | null
  scope: Scope
}

interface CaseRow {
  id: number
  number: string
  channel: CaseSummary['channel']
  category_code: string
  description: string
  lon: number | null
  lat: number | null
  address: string | null
  building_code: string | null
  building_name: string | null
  grid_code: string | null
  grid_name: string | null
  suggested_grid_code: string | null
  community_code: string
  reporter_name: string | null
  reporter_phone: string | null
  external_ref: string | null
  status: CaseStatus
  version: number
  assignee_id: number | null
  assignee_name: string | null
  deadline: number | null
  /** the latest dispatch or reopen */
  dispatched_at: number | null
  resolved_at: number | null
  due_soon_at: number | null
  on_time: number | null
  handling_minutes: number | null
  rework_count: number
  reopen_count: number
  extension_count: number
  extension_deadline: number | null
  extension_by: string | null
  escalated: number
  rating: number | null
  reported_at: number
  closed_at: number | null
}

const SELECT = `SELECT c.*, g.name AS grid_name, s.name AS assignee_name, b.name AS building_name
  FROM cases c LEFT JOIN grids g ON g.code = c.grid_code LEFT JOIN staff s ON s.id = c.assignee_id LEFT JOIN buildings b ON b.code = c.building_code`

/** at most this many possible duplicates of each kind are shown, newest first */
const DUPLICATE_LIMIT = 10
const RUNNING: readonly CaseStatus[] = ['dispatched', 'in_progress']
/** waiting for the desk: to file, to dispatch, to verify */
const AT_DESK: readonly CaseStatus[] = ['reported', 'filed', 'resolved']
const sqlList = (statuses: readonly CaseStatus[]) => `(${statuses.map(s => `'${s}'`).join(', ')})`
/** A case lies in its grid, or — in the unassigned queue — in its community. */
const caseScope = (scope: Scope) => scopeSql(scope, 'coalesce(c.grid_code, c.community_code)')
const stampsOf = (row: CaseRow) => ({ dispatchedAt: row.dispatched_at, resolvedAt: row.resolved_at, dueSoonAt: row.due_soon_at, onTime: row.on_time === null ? null : row.on_time === 1, handlingMinutes: row.handling_minutes })
/** Codes are stored as SHA-256 of their normalized form: the database alone never yields one. */
const hashCode = (code: string) => createHash('sha256').update(code).digest('hex')

export function createCaseRepository(database: Database) {
  const { sqlite, statement } = database
  const catalog = loadCategories()

  function category(code: string, field = 'body.categoryCode'): Category {
    const c = catalog.byCode.get(code)
    if (!c)
      throw new Refusal(400, 'bad_request', `unknown category ${code}`, { field })
    return c
  }

  function stateOf(row: CaseRow): CaseState {
    const c = category(row.category_code)
    return {
      status: row.status,
      categoryKind: c.kind,
      photoRequired: c.photoRequired,
      assigneeId: row.assignee_id === null ? null : String(row.assignee_id),
      deadline: row.deadline === null ? null : new Date(row.deadline),
      reworkCount: row.rework_count,
      reopenCount: row.reopen_count,
      extensionCount: row.extension_count,
      extension: row.extension_deadline === null ? null : { requestedDeadline: new Date(row.extension_deadline), requestedBy: row.extension_by ?? '' },
      escalated: row.escalated === 1,
      rating: row.rating,
      closedAt: row.closed_at === null ? null : new Date(row.closed_at),
      fromResident: row.channel !== 'patrol',
    }
  }

  const actorOf = (caller: CaseCaller): CaseActor => ({
    id: caller.role === 'grid_leader' || caller.role === 'grid_member' ? String(caller.staffId) : caller.role === 'resident' ? 'resident' : `user:${caller.userId}`,
    role: caller.role,
  })

  function summary(row: CaseRow, now: number): CaseSummary {
    const c = category(row.category_code)
    const running = RUNNING.includes(row.status) && row.deadline !== null
    // the whole allowance from dispatch to the (possibly extended) deadline, for the due-soon share
    const total = running && row.dispatched_at !== null
      ? Math.max(hoursBetween(new Date(row.dispatched_at), new Date(row.deadline!), c.limit.mode), 0.1)
      : c.limit.hours
    return {
      id: row.id,
      number: row.number,
      status: row.status,
      version: row.version,
      channel: row.channel,
      categoryCode: row.category_code,
      categoryName: c.name,
      description: row.description,
      gridCode: row.grid_code,
      gridName: row.grid_name,
      suggestedGridCode: row.suggested_grid_code,
      communityCode: row.community_code,
      buildingCode: row.building_code,
      buildingName: row.building_name,
      location: row.lon === null || row.lat === null ? null : [row.lon, row.lat],
      address: row.address,
      assigneeId: row.assignee_id,
      assigneeName: row.assignee_name,
      reportedAt: new Date(row.reported_at).toISOString(),
      deadline: row.deadline === null ? null : new Date(row.deadline).toISOString(),
      sla: running ? slaStatus(new Date(row.deadline!), new Date(now), total, c.limit.mode) : null,
      remainingHours: running ? Math.round(remaining(new Date(row.deadline!), new Date(now), c.limit.mode) * 10) / 10 : null,
      escalated: row.escalated === 1,
      reworkCount: row.rework_count,
      rating: row.rating,
    }
  }

  function detail(row: CaseRow, caller: CaseCaller, now: number): CaseDetail {
    const events = statement(`SELECT e.id, e.action, e.from_status AS "from", e.to_status AS "to", e.actor_name AS actorName, e.actor_role AS actorRole, e.at, e.note, e.attachments, s.name AS assigneeName, e.rating
      FROM case_events e LEFT JOIN staff s ON s.id = e.assignee_id WHERE e.case_id = ? ORDER BY e.id`).all(row.id) as { id: number, action: CaseDetail['events'][number]['action'], from: CaseStatus, to: CaseStatus, actorName: string, actorRole: string, at: number, note: string | null, attachments: string, assigneeName: string | null, rating: number | null }[]
    // the community desk handles the reporter; others see masked values (DESIGN.md §8)
    const handles = caller.role === 'community'
    return {
      ...summary(row, now),
      reporterName: row.reporter_name === null ? null : handles ? row.reporter_name : maskName(row.reporter_name),
      reporterPhone: row.reporter_phone === null ? null : maskPhone(row.reporter_phone),
      externalRef: row.external_ref,
      events: events.map(e => ({ ...e, at: new Date(e.at).toISOString(), attachments: JSON.parse(e.attachments) as string[] })),
      allowedActions: allowedActions(stateOf(row), actorOf(caller), new Date(now)),
    }
  }

  function byTrackingCode(input: string): CaseRow | undefined {
    const code = normalizeTrackingCode(input)
    return code === undefined ? undefined : statement(`${SELECT} WHERE c.tracking_hash = ?`).get(hashCode(code)) as CaseRow | undefined
  }

  function rowInScope(scope: Scope, id: number): CaseRow | undefined {
    const s = caseScope(scope)
    return statement(`${SELECT} WHERE c.id = ? AND ${s.sql}`).get(id, ...s.args) as CaseRow | undefined
  }

  /** Links the caller's own uploads to the case (inside the write's transaction); unknown ones → 400. */
  function attachPhotos(caseId: number, photos: readonly string[], caller: CaseCaller) {
    for (const photo of photos) {
      const ok = statement('UPDATE uploads SET case_id = ? WHERE id = ? AND (case_id IS NULL OR case_id = ?) AND (uploaded_by = ? OR ? IS NULL)').run(caseId, photo, caseId, caller.userId, caller.userId).changes
      if (!ok)
        throw new Refusal(400, 'bad_request', `unknown photo ${photo}`, { field: 'body.attachments' })
    }
  }

  function insertEvent(caseId: number, at: number, caller: CaseCaller, e: { action: string, from: string, to: string, note: string | null, attachments: readonly string[], assigneeId?: string, deadline?: Date, rating?: number }) {
    statement(`INSERT INTO case_events (case_id, at, action, from_status, to_status, actor_user_id, actor_name, actor_role, note, attachments, assignee_id, deadline, rating)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(caseId, at, e.action, e.from, e.to, caller.userId, caller.name, caller.role, e.note, JSON.stringify(e.attachments), e.assigneeId === undefined ? null : Number(e.assigneeId), e.deadline?.getTime() ?? null, e.rating ?? null)
  }

  /**
   * Possible duplicates of a request (same category, within 50 m and 7 days, or open in the same
   * building), and — listed apart — the other open requests in that building, which are not
   * duplicates but the desk should see.
   */
  function duplicates(scope: Scope, q: { categoryCode?: string, lon?: number, lat?: number, buildingCode?: string, excludeId?: number }, now: number): { items: CaseSummary[], sameBuilding: CaseSummary[] } {
    const s = caseScope(scope)
    const since = now - 7 * 86_400_000
    const same: CaseRow[] = []
    const others: CaseRow[] = []
    if (q.categoryCode && q.lon !== undefined && q.lat !== undefined) {
      const dLat = 50 / 111_320
      const dLon = 50 / (111_320 * Math.cos(q.lat * Math.PI / 180))
      const near = statement(`${SELECT} WHERE c.category_code = ? AND c.reported_at >= ? AND c.lon BETWEEN ? AND ? AND c.lat BETWEEN ? AND ? AND ${s.sql} ORDER BY c.reported_at DESC LIMIT ${DUPLICATE_LIMIT}`)
        .all(q.categoryCode, since, q.lon - dLon, q.lon + dLon, q.lat - dLat, q.lat + dLat, ...s.args) as CaseRow[]
      same.push(...near.filter(r => distanceM([q.lon!, q.lat!], [r.lon!, r.lat!]) <= 50))
    }
    if (q.buildingCode) {
      const inBuilding = statement(`${SELECT} WHERE c.building_code = ? AND c.status NOT IN ('closed', 'cancelled') AND ${s.sql} ORDER BY c.reported_at DESC LIMIT ${2 * DUPLICATE_LIMIT}`)
        .all(q.buildingCode, ...s.args) as CaseRow[]
      for (const r of inBuilding)
        (q.categoryCode === undefined || r.category_code === q.categoryCode ? same : others).push(r)
    }
    const seen = new Set<number>(q.excludeId === undefined ? [] : [q.excludeId])
    const fresh = (rows: CaseRow[]) => rows.filter(r => !seen.has(r.id) && seen.add(r.id)).slice(0, DUPLICATE_LIMIT).map(r => summary(r, now))
    const items = fresh(same)
    return { items, sameBuilding: fresh(others) }
  }

  const intake = createCaseIntake(database, { category, attachPhotos, insertEvent })

  return {
    categories: catalog,

    /** Intake (采集): `place` validates and locates, `write` inserts (inside a write batch or transaction). */
    intake,

    /** A resident's report: returns the number and the tracking code (shown once, stored hashed). */
    createPublic(body: PublicCaseBody, locator: Locator, now: number) {
      const code = trackingCodeFrom(() => randomInt(TRACKING_ALPHABET.length))
      const caller: CaseCaller = { userId: null, name: '居民', role: 'resident', staffId: null, scope: { kind: 'all' } }
      const placed = intake.place(body, 'resident_web', caller, locator)
      const { number } = sqlite.transaction(() => intake.write(placed, now, hashCode(code))).immediate()
      return { number, trackingCode: formatTrackingCode(code) }
    },

    duplicates,

    list(q: CaseListQuery, caller: CaseCaller, now: number) {
      const s = caseScope(caller.scope)
      const where = [s.sql]
      const args: unknown[] = [...s.args]
      const add = (cond: string, ...a: unknown[]) => {
        where.push(cond)
        args.push(...a)
      }
      if (q.status?.length)
        add(`c.status IN (${q.status.map(() => '?').join(', ')})`, ...q.status)
      if (q.categoryCode)
        add('c.category_code = ?', q.categoryCode)
      if (q.gridCode)
        add('c.grid_code = ?', q.gridCode)
      if (q.communityCode)
        add('c.community_code = ?', q.communityCode)
      if (q.channel)
        add('c.channel = ?', q.channel)
      if (q.unassigned)
        where.push('c.grid_code IS NULL')
      if (q.overdue)
        add(`c.status IN ${sqlList(RUNNING)} AND c.deadline < ?`, now)
      if (q.mine)
        add('c.assignee_id = ?', caller.staffId ?? -1)
      if (q.q) {
        // a case number or a 12345 work-order number, whole or its start (GLOB: prefix through the index)
        const text = q.q.trim().toUpperCase().replace(/[*?[\]]/g, '')
        if (text)
          add('(c.number GLOB ? OR c.external_ref GLOB ?)', `${text}*`, `${text}*`)
        else
          where.push('0')
      }
      // by deadline, a work queue of the caller's own work first: at the desk, the cases waiting for
      // it (to file, dispatch or verify), longest waiting first, then the running clocks, most urgent
      // on top; for grid staff the running clocks first. The finished ones last, newest first.
      const deskFirst = caller.role !== 'grid_leader' && caller.role !== 'grid_member'
      const order = q.sort === 'deadline'
        ? `CASE WHEN c.status IN ${sqlList(RUNNING)} THEN ${deskFirst ? 1 : 0} WHEN c.status IN ${sqlList(AT_DESK)} THEN ${deskFirst ? 0 : 1} ELSE 2 END,
          CASE WHEN c.status IN ${sqlList(RUNNING)} THEN c.deadline END,
          CASE WHEN c.status IN ${sqlList(AT_DESK)} THEN c.reported_at ELSE -c.reported_at END, c.id`
        : 'c.reported_at DESC, c.id DESC'
      const limit = q.limit ?? 50
      const offset = q.offset ?? 0
      const clause = where.join(' AND ')
      const rows = statement(`${SELECT} WHERE ${clause} ORDER BY ${order} LIMIT ? OFFSET ?`).all(...args, limit, offset) as CaseRow[]
      const total = statement(`SELECT count(*) FROM cases c WHERE ${clause}`).pluck().get(...args) as number
      return { items: rows.map(r => summary(r, now)), total, limit, offset }
    },

    /**
     * The reporter's full phone for a call-back, if the caller handles this case: the desk or the
     * street over its territory, or the grid staff member it is assigned to. Undefined when the
     * case is not in the caller's area; a refusal (403) when they may see it but do not handle it.
     */
    reporterPhone(id: number, caller: CaseCaller): { phone: string | null, number: string } | undefined {
      const row = rowInScope(caller.scope, id)
      if (!row)
        return undefined
      const gridStaff = caller.role === 'grid_leader' || caller.role === 'grid_member'
      if (gridStaff && (caller.staffId === null || row.assignee_id !== caller.staffId))
        throw new Refusal(403, 'forbidden', 'only the desk, the street and the assigned grid staff member may call the reporter back', { field: 'params.id', detail: 'not assigned to you' })
      return { phone: row.reporter_phone, number: row.number }
    },

    get(id: number, caller: CaseCaller, now: number): CaseDetail | undefined {
      const row = rowInScope(caller.scope, id)
      return row && detail(row, caller, now)
    },

    /**
     * Applies one step of the loop in a transaction: scope (404), version (412), the pure state
     * machine (403/409/400), then the row, its new version and the event together.
     */
    act(id: number, body: CaseActionBody, expectedVersion: number | undefined, caller: CaseCaller, now: number): CaseDetail {
      return sqlite.transaction(() => {
        const row = rowInScope(caller.scope, id)
        if (!row)
          throw new Refusal(404, 'not_found', `case ${id} not found`, { field: 'params.id' })
        if (expectedVersion === undefined)
          throw new Refusal(400, 'bad_request', 'say which version you saw: If-Match header or body.version', { field: 'body.version' })
        if (expectedVersion !== row.version)
          throw new Refusal(412, 'stale_version', `the case changed since version ${expectedVersion}; it is now version ${row.version}`, { field: 'body.version', current: detail(row, caller, now) })
        const action = toAction(row, body, now)
        const result = transition(stateOf(row), action, actorOf(caller), new Date(now))
        if (!result.ok) {
          const status = result.reason === 'forbidden' ? 403 : result.reason === 'illegal_transition' ? 409 : 400
          throw new Refusal(status, result.reason, result.message, { field: result.field ? `body.${result.field}` : undefined, current: status === 409 ? detail(row, caller, now) : undefined })
        }
        const { next, event } = result
        attachPhotos(id, event.attachments, caller)
        // timing figures for the dashboard, stamped with the SLA clock at the step (the rollup triggers count them)
        const deadline = next.deadline?.getTime() ?? null
        const stamps = stampsAfter(action.type, stampsOf(row), deadline, now, category(row.category_code).limit.mode)
        statement(`UPDATE cases SET status = ?, version = version + 1, assignee_id = ?, deadline = ?, rework_count = ?, reopen_count = ?, extension_count = ?,
            extension_deadline = ?, extension_by = ?, escalated = ?, rating = ?, closed_at = ?, updated_at = ?,
            dispatched_at = ?, resolved_at = ?, due_soon_at = ?, on_time = ?, handling_minutes = ?, sla_stage = ? WHERE id = ?`)
          .run(next.status, next.assigneeId === null ? null : Number(next.assigneeId), deadline, next.reworkCount, next.reopenCount, next.extensionCount, next.extension?.requestedDeadline.getTime() ?? null, next.extension?.requestedBy ?? null, next.escalated ? 1 : 0, next.rating, next.closedAt?.getTime() ?? null, now, stamps.dispatchedAt, stamps.resolvedAt, stamps.dueSoonAt, stamps.onTime === null ? null : Number(stamps.onTime), stamps.handlingMinutes, slaStageAt(now, stamps.dueSoonAt, deadline), id)
        insertEvent(id, now, caller, event)
        return detail(rowInScope({ kind: 'all' }, id)!, caller, now)
      }).immediate()
    },

    /** The resident's view through the tracking code (any case, spaces or dashes); undefined when no case has it. */
    track(input: string): PublicCaseView | undefined {
      const row = byTrackingCode(input)
      if (!row)
        return undefined
      const steps = statement('SELECT action, to_status AS "to", at FROM case_events WHERE case_id = ? ORDER BY id').all(row.id) as { action: string, to: CaseStatus, at: number }[]
      const resolved = statement(`SELECT note, at FROM case_events WHERE case_id = ? AND action = 'resolve' ORDER BY id DESC LIMIT 1`).get(row.id) as { note: string | null, at: number } | undefined
      return {
        number: row.number,
        status: row.status,
        categoryName: category(row.category_code).name,
        reportedAt: new Date(row.reported_at).toISOString(),
        deadline: row.deadline === null ? null : new Date(row.deadline).toISOString(),
        steps: steps.map(s => ({ ...s, at: new Date(s.at).toISOString() })),
        rating: row.rating,
        canRate: row.status === 'closed' && row.rating === null,
        // what was done, once the desk has checked it (a resolution sent back for rework is not the result)
        result: resolved?.note && (row.status === 'closed' || row.status === 'resolved') ? { note: resolved.note, resolvedAt: new Date(resolved.at).toISOString() } : null,
      }
    },

    /** The resident rates through the tracking code (评价). */
    rate(token: string, rating: number, comment: string | undefined, now: number): PublicCaseView | undefined {
      const row = byTrackingCode(token)
      if (!row)
        return undefined
      const caller: CaseCaller = { userId: null, name: '居民', role: 'resident', staffId: null, scope: { kind: 'all' } }
      this.act(row.id, { action: 'rate', rating, ...(comment ? { note: comment } : {}) }, row.version, caller, now)
      if (comment)
        statement('UPDATE cases SET rating_comment = ? WHERE id = ?').run(comment, row.id)
      return this.track(token)
    },
  }

  /** Turns a request body into the state machine's action; fills a dispatch deadline from the category. */
  function toAction(row: CaseRow, body: CaseActionBody, now: number): CaseAction {
    const base = { ...(body.note !== undefined ? { note: body.note } : {}), ...(body.attachments ? { attachments: body.attachments } : {}) }
    const deadline = body.deadline === undefined ? undefined : new Date(body.deadline)
    switch (body.action) {
      case 'dispatch':
      case 'reassign': {
        if (body.assigneeId === undefined)
          throw new Refusal(400, 'bad_request', 'choose who handles the case', { field: 'body.assigneeId' })
        if (row.grid_code === null)
          throw new Refusal(409, 'illegal_transition', 'the case is not in a grid yet: place it in a grid first', { field: 'body.action' })
        const inGrid = statement('SELECT 1 FROM grid_assignments WHERE grid_code = ? AND staff_id = ?').get(row.grid_code, body.assigneeId)
        if (!inGrid)
          throw new Refusal(400, 'bad_request', 'the assignee must be a leader or member of the case\'s grid', { field: 'body.assigneeId' })
        if (body.action === 'reassign')
          return { type: 'reassign', assigneeId: String(body.assigneeId), ...base }
        const limit = category(row.category_code).limit
        return { type: 'dispatch', assigneeId: String(body.assigneeId), deadline: deadline ?? addHours(new Date(now), limit.hours, limit.mode), ...base }
      }
      case 'request_extension':
      case 'reopen':
        if (!deadline)
          throw new Refusal(400, 'bad_request', 'give the new deadline', { field: 'body.deadline' })
        return { type: body.action, deadline, ...base }
      case 'rate':
        return { type: 'rate', rating: body.rating ?? Number.NaN, ...base }
      default:
        return { type: body.action, ...base }
    }
  }
}

export type CaseRepository = ReturnType<typeof createCaseRepository>
