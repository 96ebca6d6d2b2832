import type { CaseSummary, Category, CreateCaseBody, PublicCaseBody } from '@gridgov/domain'
import type { Database } from '../database'
import type { WriteBatcher } from '../write-batch'
import type { CaseCaller, Locator } from './case-repository'
/**
 * Case intake (采集), the hot write path: `place` decides everything that needs no write —
 * category, location (building or point → grid), the caller's territory — before the request
 * joins a write batch; `write` then puts the case, its photos and its first event in the
 * database (inside the caller's transaction) and answers the new case's summary, built from what
 * it just wrote rather than read back.
 */
import { Refusal } from '@gridgov/domain'
import { applyDeferredRollups } from './dashboard-rollups'

/** A case ready to be written: validated, located and inside the caller's territory. */
export interface PlacedCase {
  channel: CaseSummary['channel']
  category: Category
  body: CreateCaseBody | PublicCaseBody
  caller: CaseCaller
  lon: number
  lat: number
  grid: string | null
  gridName: string | null
  buildingName: string | null
  suggested: string | null
  community: string
}

interface IntakeParts {
  category: (code: string) => Category
  attachPhotos: (caseId: number, photos: readonly string[], caller: CaseCaller) => void
  insertEvent: (caseId: number, at: number, caller: CaseCaller, e: { action: string, from: string, to: string, note: string | null, attachments: readonly string[] }) => void
}

const CST_MS = 8 * 3_600_000

export function createCaseIntake(database: Database, parts: IntakeParts) {
  const { statement } = database
  const building = statement('SELECT b.lon, b.lat, b.name, b.grid_code AS grid, g.name AS gridName, g.community_code AS community FROM buildings b JOIN grids g ON g.code = b.grid_code WHERE b.code = ?')
  const bumpNumber = statement('UPDATE case_number_days SET last = last + 1 WHERE day = ? RETURNING last').pluck()
  // a day's first case starts after any numbers already issued that day (imported, or older data)
  const firstNumber = statement(`INSERT INTO case_number_days (day, last)
      VALUES (?, (SELECT count(*) FROM cases WHERE number LIKE ? || '-%') + 1)
      ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last`).pluck()
  const insertCase = statement(`INSERT INTO cases (number, tracking_hash, channel, category_code, description, lon, lat, address, building_code, grid_code, suggested_grid_code, community_code,
      reporter_name, reporter_phone, external_ref, created_by, status, version, reported_at, updated_at, rollup_deferred)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'reported', 1, ?, ?, ?)`)

  function nextNumber(now: number): string {
    const day = new Date(now + CST_MS).toISOString().slice(0, 10).replaceAll('-', '')
    const n = (bumpNumber.get(day) ?? firstNumber.get(day, day)) as number
    return `${day}-${String(n).padStart(4, '0')}`
  }

  return {
    /** Validates and locates a case for `caller`; throws a Refusal (400/403) naming the field. */
    place(body: CreateCaseBody | PublicCaseBody, channel: CaseSummary['channel'], caller: CaseCaller, locator: Locator): PlacedCase {
      if (channel === 'patrol' && caller.role !== 'grid_leader' && caller.role !== 'grid_member')
        throw new Refusal(400, 'bad_request', 'patrol reports come from grid staff', { field: 'body.channel' })
      const category = parts.category(body.categoryCode)
      let where: Omit<PlacedCase, 'channel' | 'category' | 'body' | 'caller'>
      if (body.buildingCode) {
        const b = building.get(body.buildingCode) as { lon: number, lat: number, name: string, grid: string, gridName: string, community: string } | undefined
        if (!b)
          throw new Refusal(400, 'bad_request', `no building ${body.buildingCode}`, { field: 'body.buildingCode' })
        where = { lon: body.lon ?? b.lon, lat: body.lat ?? b.lat, grid: b.grid, gridName: b.gridName, buildingName: b.name, suggested: null, community: b.community }
      }
      else {
        if (body.lon === undefined || body.lat === undefined)
          throw new Refusal(400, 'bad_request', 'give a location: lon and lat, or a buildingCode', { field: body.lon === undefined ? 'body.lon' : 'body.lat' })
        const hit = locator.locate(body.lon, body.lat)
        if (!hit)
          throw new Refusal(400, 'bad_request', 'the point is far from every community of this district', { field: 'body.lon' })
        where = hit.grid === null
          ? { lon: body.lon, lat: body.lat, grid: null, gridName: null, buildingName: null, suggested: hit.suggested, community: hit.community }
          : { lon: body.lon, lat: body.lat, grid: hit.grid, gridName: hit.gridName, buildingName: null, suggested: null, community: hit.community }
      }
      const territory = where.grid ?? where.community
      // inside the caller's territory; a point outside every grid counts as its community's
      if (caller.scope.kind === 'territory' && !caller.scope.prefixes.some(p => territory.startsWith(p) || (where.grid === null && p.startsWith(where.community))))
        throw new Refusal(403, 'forbidden', 'the location is outside your territory', { field: body.buildingCode ? 'body.buildingCode' : 'body.lon' })
      return { channel, category, body, caller, ...where }
    },

    /**
     * Writes the case, links its photos and appends its first event (采集). Call inside a
     * transaction: a refused photo throws after the case row, and only the rollback undoes it.
     * Inside a write batch (`batch`, the batcher running this write), the case joins the rollups
     * with the batch's other intakes just before it commits, instead of through the insert
     * triggers: one grouped upsert per rollup table for the whole batch.
     */
    write(p: PlacedCase, now: number, trackingHash: string | null, batch?: Pick<WriteBatcher, 'beforeCommit'>): CaseSummary {
      const { body, caller } = p
      const number = nextNumber(now)
      const description = body.description.trim()
      const externalRef = 'externalRef' in body ? body.externalRef ?? null : null
      const id = Number(insertCase.run(number, trackingHash, p.channel, body.categoryCode, description, p.lon, p.lat, body.address ?? null, body.buildingCode ?? null, p.grid, p.suggested, p.community, body.reporterName ?? null, body.reporterPhone ?? null, externalRef, caller.userId, now, now, batch ? 1 : 0).lastInsertRowid)
      // the batch's first deferred id: every later one is larger (ids grow within a transaction)
      batch?.beforeCommit('case-rollups', () => applyDeferredRollups(database, id))
      const photos = 'attachments' in body ? body.attachments ?? [] : []
      parts.attachPhotos(id, photos, caller)
      parts.insertEvent(id, now, caller, { action: 'report', from: 'reported', to: 'reported', note: null, attachments: photos })
      return {
        id,
        number,
        status: 'reported',
        version: 1,
        channel: p.channel,
        categoryCode: body.categoryCode,
        categoryName: p.category.name,
        description,
        gridCode: p.grid,
        gridName: p.gridName,
        suggestedGridCode: p.suggested,
        communityCode: p.community,
        buildingCode: body.buildingCode ?? null,
        buildingName: p.buildingName,
        location: [p.lon, p.lat],
        address: body.address ?? null,
        assigneeId: null,
        assigneeName: null,
        reportedAt: new Date(now).toISOString(),
        deadline: null,
        sla: null,
        remainingHours: null,
        escalated: false,
        reworkCount: 0,
        rating: null,
      }
    },
  }
}

export type CaseIntake = ReturnType<typeof createCaseIntake>
