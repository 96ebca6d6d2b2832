import type { CaseAction, CaseActorRole, CaseState, CaseStatus } from '@gridgov/domain'
import type { Database } from '../database'
import type { CaseHistoryResult } from './generate-cases'
import { createHash } from 'node:crypto'
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { addHours, handlingMinutes, loadCategories, OPEN_STATUSES, reportedCase, transition } from '@gridgov/domain'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../database'
import { recountRows, rollupRows } from '../repositories/dashboard-rollups'
import { insertDistrict } from '../repositories/territory-writer'
import { seedDemoAccounts } from './demo-accounts'
import { generateCaseHistory } from './generate-cases'
import { generateDistrict } from './generate-district'
import { seedIfEmpty } from './seed-database'

const NOW = Date.parse('2026-06-17T10:30:00+08:00') // a Wednesday morning in Beijing
const DAYS = 60
/** the demo community worker's community: the pilot that logs every request (generate-cases.ts) */
const PILOT = '370902001002'
const categories = loadCategories().byCode

let dir: string
let template: string
let database: Database
let result: CaseHistoryResult

/** A copy of the seeded district (with demo accounts) and no cases yet. */
function freshDistrict(name: string): Database {
  const file = join(dir, `${name}.sqlite`)
  copyFileSync(template, file)
  return openDatabase(file)
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridgov-cases-'))
  template = join(dir, 'template.sqlite')
  const seeded = openDatabase(template)
  insertDistrict(seeded, generateDistrict({ relaxRounds: 0 }))
  seedDemoAccounts(seeded)
  seeded.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  seeded.close()
  database = freshDistrict('main')
  result = generateCaseHistory(database, { uploadsDir: join(dir, 'uploads'), now: NOW, days: DAYS })
})
afterAll(() => {
  database.close()
  rmSync(dir, { recursive: true, force: true })
})

interface CaseRow {
  id: number
  number: string
  category_code: string
  grid_code: string
  status: CaseStatus
  version: number
  assignee_id: number | null
  deadline: number | null
  rework_count: number
  reopen_count: number
  extension_count: number
  extension_deadline: number | null
  escalated: number
  rating: number | null
  reported_at: number
  closed_at: number | null
  updated_at: number
}
interface EventRow { case_id: number, at: number, action: string, from_status: string, to_status: string, actor_name: string, actor_role: string, note: string | null, attachments: string, assignee_id: number | null, deadline: number | null, rating: number | null }

function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>()
  for (const row of rows)
    map.set(key(row), [...map.get(key(row)) ?? [], row])
  return map
}

const all = <T>(db: Database, sql: string, ...args: unknown[]) => db.sqlite.prepare(sql).all(...args) as T[]

/** The action an event row records, for replaying it through the state machine. */
function actionOf(e: EventRow): CaseAction {
  const base = { ...(e.note === null ? {} : { note: e.note }), attachments: JSON.parse(e.attachments) as string[] }
  switch (e.action) {
    case 'dispatch': return { ...base, type: 'dispatch', assigneeId: String(e.assignee_id), deadline: new Date(e.deadline!) }
    case 'reassign': return { ...base, type: 'reassign', assigneeId: String(e.assignee_id) }
    case 'request_extension':
    case 'reopen': return { ...base, type: e.action, deadline: new Date(e.deadline!) }
    case 'rate': return { ...base, type: 'rate', rating: e.rating! }
    default: return { ...base, type: e.action as 'file' }
  }
}

describe('simulated case history', () => {
  it('writes a realistic volume for the window, every case with its events', () => {
    expect(result.to).toBe(NOW)
    expect(result.from).toBe(Date.parse('2026-04-18T00:00:00+08:00')) // whole days: 60 days back, from midnight
    // outside the pilot community ~30 a working day, fewer at weekends: 60 days ≈ 1,300 cases
    const outside = all<{ n: number }>(database, 'SELECT count(*) AS n FROM cases WHERE community_code <> ?', PILOT)[0]!.n
    expect(outside).toBeGreaterThan(900)
    expect(outside).toBeLessThan(1800)
    // the pilot community's grids 1.5–2.5 a working day each: 60 days ≈ 700 more
    expect(result.cases - outside).toBeGreaterThan(400)
    expect(result.cases - outside).toBeLessThan(1000)
    const counts = all<{ cases: number, events: number, uploads: number }>(database, `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_events) AS events, (SELECT count(*) FROM uploads) AS uploads`)[0]!
    expect(counts).toEqual({ cases: result.cases, events: result.events, uploads: result.uploads })
  })

  it('replays every case through transition() to exactly the stored row', () => {
    const rows = all<CaseRow>(database, 'SELECT * FROM cases ORDER BY id')
    const events = groupBy(all<EventRow>(database, 'SELECT * FROM case_events ORDER BY id'), e => e.case_id)
    const teams = groupBy(all<{ grid_code: string, staff_id: number, name: string }>(database, 'SELECT a.grid_code, a.staff_id, s.name FROM grid_assignments a JOIN staff s ON s.id = a.staff_id'), a => a.grid_code)
    for (const row of rows) {
      const category = categories.get(row.category_code)!
      const [report, ...steps] = events.get(row.id)!
      expect(report).toMatchObject({ action: 'report', at: row.reported_at, from_status: 'reported', to_status: 'reported' })
      let state: CaseState = reportedCase(category)
      let last = row.reported_at
      for (const e of steps) {
        expect(e.at).toBeGreaterThanOrEqual(last)
        last = e.at
        const staffRole = e.actor_role === 'grid_leader' || e.actor_role === 'grid_member'
        const staffId = staffRole ? state.assigneeId : e.actor_role === 'resident' ? 'resident' : 'desk'
        const outcome = transition(state, actionOf(e), { id: staffId!, role: e.actor_role as CaseActorRole }, new Date(e.at))
        if (!outcome.ok)
          throw new Error(`${row.number} ${e.action}: ${outcome.message}`)
        expect([outcome.event.from, outcome.event.to]).toEqual([e.from_status, e.to_status])
        // grid staff act on their own cases, under their own names
        if (staffRole)
          expect(teams.get(row.grid_code)!.find(s => String(s.staff_id) === staffId)?.name).toBe(e.actor_name)
        // the deadline comes from the SLA clock and the category's limit, as the API sets it
        if (e.action === 'dispatch' || e.action === 'reopen')
          expect(e.deadline).toBe(addHours(new Date(e.at), category.limit.hours, category.limit.mode).getTime())
        if (e.action === 'dispatch' || e.action === 'reassign')
          expect(teams.get(row.grid_code)!.some(s => s.staff_id === e.assignee_id)).toBe(true)
        state = outcome.next
      }
      expect({
        status: row.status,
        version: row.version,
        assignee_id: row.assignee_id,
        deadline: row.deadline,
        rework_count: row.rework_count,
        reopen_count: row.reopen_count,
        extension_count: row.extension_count,
        extension_deadline: row.extension_deadline,
        escalated: row.escalated === 1,
        rating: row.rating,
        closed_at: row.closed_at,
        updated_at: row.updated_at,
      }).toEqual({
        status: state.status,
        version: steps.length + 1,
        assignee_id: state.assigneeId === null ? null : Number(state.assigneeId),
        deadline: state.deadline?.getTime() ?? null,
        rework_count: state.reworkCount,
        reopen_count: state.reopenCount,
        extension_count: state.extensionCount,
        extension_deadline: state.extension?.requestedDeadline.getTime() ?? null,
        escalated: state.escalated,
        rating: state.rating,
        closed_at: state.closedAt?.getTime() ?? null,
        updated_at: last,
      })
    }
  })

  it('numbers cases by Beijing reporting day, in order, without gaps', () => {
    const rows = all<{ number: string, reported_at: number }>(database, 'SELECT number, reported_at FROM cases ORDER BY id')
    expect(new Set(rows.map(r => r.number)).size).toBe(rows.length)
    let previous = ''
    for (const r of rows) {
      const day = new Date(r.reported_at + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '')
      const [prefix, sequence] = r.number.split('-')
      expect(prefix).toBe(day)
      expect(sequence).toBe(previous.startsWith(day) ? String(Number(previous.slice(9)) + 1).padStart(4, '0') : '0001')
      expect(r.number > previous).toBe(true)
      previous = r.number
    }
  })

  it('has plausible shares of overdue, reworked, extended, unrated and cancelled cases and of channels', () => {
    const share = (sql: string) => (all<{ s: number }>(database, sql)[0]!).s
    const closed = `FROM cases c WHERE status = 'closed'`
    // 按期: the (last) resolve before the deadline in force
    expect(share(`SELECT avg((SELECT max(at) FROM case_events e WHERE e.case_id = c.id AND action = 'resolve') > deadline) AS s ${closed}`)).toSatisfy((s: number) => s > 0.03 && s < 0.15)
    expect(share(`SELECT avg(rework_count > 0) AS s ${closed}`)).toSatisfy((s: number) => s > 0.02 && s < 0.1)
    expect(share(`SELECT avg(rating IS NULL) AS s ${closed}`)).toSatisfy((s: number) => s > 0.25 && s < 0.48)
    expect(share(`SELECT avg(extension_count > 0) AS s ${closed}`)).toSatisfy((s: number) => s > 0.01 && s < 0.08)
    expect(share(`SELECT avg(status = 'cancelled') AS s FROM cases`)).toSatisfy((s: number) => s > 0.01 && s < 0.06)
    expect(share(`SELECT avg(channel = 'patrol') AS s FROM cases`)).toSatisfy((s: number) => s > 0.22 && s < 0.38)
    expect(share(`SELECT avg(channel = 'resident_web') AS s FROM cases`)).toSatisfy((s: number) => s > 0.05 && s < 0.16)
    // patrol reports have no reporter; the others do, with a mobile number
    expect(share(`SELECT avg((channel = 'patrol') = (reporter_phone IS NULL)) AS s FROM cases`)).toBe(1)
    // weekdays are busier than weekends
    const weekday = share(`SELECT count(*) * 1.0 / 5 AS s FROM cases WHERE strftime('%w', reported_at / 1000 + 28800, 'unixepoch') NOT IN ('0', '6')`)
    const weekend = share(`SELECT count(*) * 1.0 / 2 AS s FROM cases WHERE strftime('%w', reported_at / 1000 + 28800, 'unixepoch') IN ('0', '6')`)
    expect(weekday).toBeGreaterThan(2 * weekend)
  })

  it('keeps every timestamp inside the window', () => {
    const [times] = all<Record<string, number>>(database, `SELECT (SELECT min(reported_at) FROM cases) AS first, (SELECT max(at) FROM case_events) AS lastEvent,
      (SELECT max(updated_at) FROM cases) AS lastUpdate, (SELECT max(created_at) FROM uploads) AS lastUpload, (SELECT max(closed_at) FROM cases) AS lastClose`)
    expect(times!.first).toBeGreaterThanOrEqual(result.from)
    for (const t of [times!.lastEvent, times!.lastUpdate, times!.lastUpload, times!.lastClose])
      expect(t).toBeLessThanOrEqual(NOW)
  })

  it('leaves open cases in every open status near now, some of them overdue', () => {
    const recent = all<{ status: CaseStatus, n: number, overdue: number }>(database, `SELECT status, count(*) AS n, sum(deadline < ?) AS overdue FROM cases WHERE reported_at > ? GROUP BY status`, NOW, NOW - 14 * 86_400_000)
    for (const status of OPEN_STATUSES)
      expect(recent.find(r => r.status === status)?.n ?? 0, status).toBeGreaterThan(0)
    expect(recent.reduce((s, r) => s + (r.status === 'closed' ? 0 : r.overdue ?? 0), 0)).toBeGreaterThan(0)
    // nothing from the first weeks is still open
    expect(all(database, `SELECT 1 FROM cases WHERE status NOT IN ('closed', 'cancelled') AND reported_at < ?`, result.from + 14 * 86_400_000)).toHaveLength(0)
  })

  it('opens the demo accounts onto live work in the pilot community', () => {
    const open = (statuses: string) => all<{ n: number }>(database, `SELECT count(*) AS n FROM cases WHERE community_code = ? AND status IN (${statuses})`, PILOT)[0]!.n
    // the community worker's desk: cases to file or dispatch, and resolved ones to verify
    expect(open(`'reported', 'filed'`)).toBeGreaterThan(0)
    expect(open(`'resolved'`)).toBeGreaterThan(0)
    // the grid staff's 待办: several cases a grid in hand
    expect(open(`'dispatched', 'in_progress'`)).toBeGreaterThanOrEqual(5)
  })

  it('attaches a stored photo to every resolve of a photo-required category', () => {
    const resolves = all<{ id: number, category_code: string, attachments: string }>(database, `SELECT c.id, c.category_code, e.attachments FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.action = 'resolve'`)
    const uploads = new Map(all<{ id: string, case_id: number, mime: string }>(database, 'SELECT id, case_id, mime FROM uploads').map(u => [u.id, u]))
    let photos = 0
    for (const r of resolves) {
      const category = categories.get(r.category_code)!
      const ids = JSON.parse(r.attachments) as string[]
      expect(ids.length > 0).toBe(category.kind === 'component' || category.photoRequired)
      for (const id of ids) {
        expect(uploads.get(id)).toMatchObject({ case_id: r.id, mime: 'image/jpeg' })
        photos++
      }
    }
    expect(photos).toBe(uploads.size)
    // the files are where the upload route looks: a JPEG and a WebP thumbnail
    const [id] = uploads.keys()
    expect(readFileSync(join(dir, 'uploads', id!.slice(0, 2), id!)).subarray(0, 3)).toEqual(Buffer.from([0xFF, 0xD8, 0xFF]))
    expect(readFileSync(join(dir, 'uploads', id!.slice(0, 2), `${id}.thumb.webp`)).toString('latin1', 8, 12)).toBe('WEBP')
  })

  it('is deterministic: the same seed gives the same rows, another seed others', () => {
    const digest = (db: Database) => createHash('sha256').update(JSON.stringify(['cases', 'case_events', 'uploads'].map(t => all(db, `SELECT * FROM ${t} ORDER BY rowid`)))).digest('hex')
    const again = freshDistrict('again')
    const other = freshDistrict('other')
    generateCaseHistory(again, { uploadsDir: join(dir, 'uploads'), now: NOW, days: DAYS })
    generateCaseHistory(other, { uploadsDir: join(dir, 'uploads-other'), now: NOW, days: DAYS, seed: 'another' })
    expect(digest(again)).toBe(digest(database))
    expect(digest(other)).not.toBe(digest(database))
    again.close()
    other.close()
  })

  it('refuses a database that already has cases', () => {
    expect(() => generateCaseHistory(database, { uploadsDir: join(dir, 'uploads'), now: NOW })).toThrow(/already has cases/)
  })

  it('is seeded with the district when the server passes an uploads folder', () => {
    const db = openDatabase(':memory:')
    expect(seedIfEmpty(db, { relaxRounds: 0, uploadsDir: join(dir, 'seeded-uploads'), cases: { now: NOW, days: 30 } })).toBe(true)
    expect(all<{ n: number }>(db, 'SELECT count(*) AS n FROM cases')[0]!.n).toBeGreaterThan(50)
    // the demo community worker appears in the history of their community's cases
    expect(all(db, `SELECT 1 FROM case_events e JOIN users u ON u.id = e.actor_user_id WHERE u.username = 'shichangjie' AND e.actor_name = u.display_name`).length).toBeGreaterThan(0)
    db.close()
  })
})

describe('dashboard data of the generated history', () => {
  it('feeds rollups equal to a direct recount (the triggers saw every insert)', () => {
    for (const table of ['case_rollups', 'case_category_rollups', 'case_daily', 'case_heat'] as const)
      expect(rollupRows(database, table), table).toEqual(recountRows(database, table))
  })

  it('stamps timing figures that agree with the events and the SLA clock', () => {
    const rows = database.sqlite.prepare(`SELECT c.id, c.status, c.deadline, c.dispatched_at, c.resolved_at, c.on_time, c.handling_minutes,
        (SELECT max(at) FROM case_events e WHERE e.case_id = c.id AND e.action = 'resolve') AS last_resolve,
        (SELECT max(at) FROM case_events e WHERE e.case_id = c.id AND e.action IN ('dispatch', 'reopen')) AS last_dispatch
      FROM cases c WHERE c.status = 'closed'`).all() as { status: string, deadline: number, dispatched_at: number, resolved_at: number, on_time: number, handling_minutes: number, last_resolve: number, last_dispatch: number }[]
    expect(rows.length).toBeGreaterThan(100)
    for (const r of rows) {
      expect(r.resolved_at).toBe(r.last_resolve)
      expect(r.dispatched_at).toBe(r.last_dispatch)
      expect(r.on_time).toBe(r.resolved_at <= r.deadline ? 1 : 0)
      expect(r.handling_minutes).toBe(handlingMinutes(r.dispatched_at, r.resolved_at))
    }
    const late = rows.filter(r => r.on_time === 0).length / rows.length
    expect(late).toBeGreaterThan(0.01)
    expect(late).toBeLessThan(0.3)
  })
})
