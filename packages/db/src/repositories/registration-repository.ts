/**
 * 双报到 registrations: units stationed in the area (驻区单位) and in-service Party members
 * (在职党员) who registered with a community — dated, listed per community, searchable.
 */
import type { Member, MemberBody, MemberListQuery, Unit, UnitBody, UnitListQuery } from '@gridgov/domain'
import type { Database } from '../database'
import type { ListCaller } from './lists-common'
import { maskPhone, notFound, Refusal } from '@gridgov/domain'
import { assertWindow, assertWritable, communityOf, cstDate, parseList, readSql, Where } from './lists-common'

interface UnitRow {
  id: number
  community_code: string
  community_name: string
  name: string
  type: Unit['type']
  address: string
  lon: number
  lat: number
  contact_name: string
  contact_phone: string
  party_org: string
  party_members: number
  agreement_no: string | null
  agreement_from: string | null
  agreement_to: string | null
  registered_on: string
  version: number
  member_count: number
  resource_count: number
  project_count: number
  hours: number
}

interface MemberRow {
  id: number
  community_code: string
  community_name: string
  grid_code: string | null
  grid_name: string | null
  name: string
  phone: string
  unit_id: number | null
  workplace: string
  skills: string
  slots: string
  registered_on: string
  version: number
  hours: number
  project_count: number
}

const UNIT_SELECT = `SELECT u.*, c.name AS community_name,
  (SELECT count(*) FROM party_members m WHERE m.unit_id = u.id) AS member_count,
  (SELECT count(*) FROM resources r WHERE r.unit_id = u.id) AS resource_count,
  (SELECT count(*) FROM projects p WHERE p.lead_unit_id = u.id AND p.status <> 'cancelled') AS project_count,
  (SELECT coalesce(sum(h.hours), 0) FROM volunteer_hours h WHERE h.unit_id = u.id) AS hours
  FROM units u JOIN communities c ON c.code = u.community_code`

const MEMBER_SELECT = `SELECT m.*, c.name AS community_name, g.name AS grid_name,
  (SELECT coalesce(sum(h.hours), 0) FROM volunteer_hours h WHERE h.member_id = m.id) AS hours,
  (SELECT count(DISTINCT h.project_id) FROM volunteer_hours h WHERE h.member_id = m.id) AS project_count
  FROM party_members m JOIN communities c ON c.code = m.community_code LEFT JOIN grids g ON g.code = m.grid_code`

export function createRegistrationRepository(database: Database) {
  const { sqlite, statement } = database

  const unitView = (r: UnitRow, today: string): Unit => ({
    id: r.id,
    communityCode: r.community_code,
    communityName: r.community_name,
    name: r.name,
    type: r.type,
    address: r.address,
    location: [r.lon, r.lat],
    contactName: r.contact_name,
    // a contact's phone is personal data: masked for everyone, revealed through an audited step
    contactPhone: maskPhone(r.contact_phone),
    partyOrg: r.party_org,
    partyMembers: r.party_members,
    agreementNo: r.agreement_no,
    agreementFrom: r.agreement_from,
    agreementTo: r.agreement_to,
    agreementStatus: r.agreement_no === null ? 'none' : r.agreement_to !== null && r.agreement_to < today ? 'expired' : 'active',
    registeredOn: r.registered_on,
    memberCount: r.member_count,
    resourceCount: r.resource_count,
    projectCount: r.project_count,
    hours: r.hours,
    version: r.version,
  })

  // a Party member's phone is personal data: masked for everyone (DESIGN.md §8)
  const memberView = (r: MemberRow): Member => ({
    id: r.id,
    communityCode: r.community_code,
    communityName: r.community_name,
    gridCode: r.grid_code,
    gridName: r.grid_name,
    name: r.name,
    phone: maskPhone(r.phone),
    unitId: r.unit_id,
    workplace: r.workplace,
    skills: parseList(r.skills),
    slots: parseList(r.slots),
    registeredOn: r.registered_on,
    hours: r.hours,
    projectCount: r.project_count,
    version: r.version,
  })

  function unitRow(id: number, caller: ListCaller): UnitRow | undefined {
    const s = readSql(caller.scope, 'u.community_code')
    return statement(`${UNIT_SELECT} WHERE u.id = ? AND ${s.sql}`).get(id, ...s.args) as UnitRow | undefined
  }

  function memberRow(id: number, caller: ListCaller): MemberRow | undefined {
    const s = readSql(caller.scope, 'm.community_code')
    return statement(`${MEMBER_SELECT} WHERE m.id = ? AND ${s.sql}`).get(id, ...s.args) as MemberRow | undefined
  }

  return {
    unitRow,

    getUnit(id: number, caller: ListCaller, now: number): Unit | undefined {
      const r = unitRow(id, caller)
      return r && unitView(r, cstDate(now))
    },

    listUnits(q: UnitListQuery, caller: ListCaller, now: number) {
      const w = new Where()
        .scope(readSql(caller.scope, 'u.community_code'))
        .eq('u.community_code', q.communityCode)
        .search(q.q, 'u.name', 'u.contact_name', 'u.party_org')
        .between('u.registered_on', q.registeredFrom, q.registeredTo)
      const counts = w.counts(sqlite, 'units u', 'u.type')
      const today = cstDate(now)
      const page = w.eq('u.type', q.type).page(sqlite, q, { select: UNIT_SELECT, from: 'units u', order: 'u.registered_on DESC, u.id DESC' }, (r: UnitRow) => unitView(r, today))
      return { ...page, counts }
    },

    createUnit(body: UnitBody, caller: ListCaller, now: number): Unit {
      assertWritable(caller, body.communityCode, 'body.communityCode')
      const community = communityOf(database, body.communityCode, 'body.communityCode')
      assertWindow(body.agreementFrom, body.agreementTo, 'body.agreementTo')
      if ((body.agreementFrom !== undefined || body.agreementTo !== undefined) && body.agreementNo === undefined)
        throw new Refusal(400, 'bad_request', 'a co-building agreement (共建协议) needs its number', { field: 'body.agreementNo' })
      if ((body.lon === undefined) !== (body.lat === undefined))
        throw new Refusal(400, 'bad_request', 'give both lon and lat, or neither', { field: body.lon === undefined ? 'body.lon' : 'body.lat' })
      const id = statement(`INSERT INTO units (community_code, name, type, address, lon, lat, contact_name, contact_phone, party_org, party_members,
          agreement_no, agreement_from, agreement_to, registered_on, created_by, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`).pluck().get(
        body.communityCode,
        body.name.trim(),
        body.type,
        body.address.trim(),
        body.lon ?? community.lon,
        body.lat ?? community.lat,
        body.contactName.trim(),
        body.contactPhone,
        body.partyOrg.trim(),
        body.partyMembers,
        body.agreementNo ?? null,
        body.agreementFrom ?? null,
        body.agreementTo ?? null,
        body.registeredOn,
        caller.userId,
        now,
        now,
      ) as number
      return unitView(unitRow(id, caller)!, cstDate(now))
    },

    memberRow,

    /** The full phone of a unit's contact or a Party member, for an audited reveal; undefined outside the caller's area. */
    phoneOf(kind: 'unit' | 'member', id: number, caller: ListCaller): string | undefined {
      return kind === 'unit' ? unitRow(id, caller)?.contact_phone : memberRow(id, caller)?.phone
    },

    getMember(id: number, caller: ListCaller): Member | undefined {
      const r = memberRow(id, caller)
      return r && memberView(r)
    },

    listMembers(q: MemberListQuery, caller: ListCaller) {
      const page = new Where()
        .scope(readSql(caller.scope, 'm.community_code'))
        .eq('m.community_code', q.communityCode)
        .eq('m.grid_code', q.gridCode)
        .eq('m.unit_id', q.unitId)
        .search(q.q, 'm.name', 'm.workplace', 'm.skills')
        .between('m.registered_on', q.registeredFrom, q.registeredTo)
        .page(sqlite, q, { select: MEMBER_SELECT, from: 'party_members m', order: 'm.registered_on DESC, m.id DESC' }, memberView)
      return { ...page, counts: {} }
    },

    createMember(body: MemberBody, caller: ListCaller, now: number): Member {
      assertWritable(caller, body.communityCode, 'body.communityCode')
      communityOf(database, body.communityCode, 'body.communityCode')
      if (body.gridCode !== undefined && !body.gridCode.startsWith(body.communityCode))
        throw new Refusal(400, 'bad_request', 'the grid is not in this community', { field: 'body.gridCode' })
      if (body.gridCode !== undefined && !statement('SELECT 1 FROM grids WHERE code = ?').get(body.gridCode))
        throw new Refusal(400, 'bad_request', `no grid ${body.gridCode}`, { field: 'body.gridCode' })
      if (body.unitId !== undefined && !unitRow(body.unitId, caller))
        throw notFound('unit', 'body.unitId', body.unitId)
      const id = statement(`INSERT INTO party_members (community_code, grid_code, name, phone, unit_id, workplace, skills, slots, registered_on, created_by, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`).pluck().get(
        body.communityCode,
        body.gridCode ?? null,
        body.name.trim(),
        body.phone,
        body.unitId ?? null,
        body.workplace.trim(),
        JSON.stringify(body.skills.map(s => s.trim()).filter(Boolean)),
        JSON.stringify(body.slots),
        body.registeredOn,
        caller.userId,
        now,
        now,
      ) as number
      return memberView(memberRow(id, caller)!)
    },
  }
}

export type RegistrationRepository = ReturnType<typeof createRegistrationRepository>
