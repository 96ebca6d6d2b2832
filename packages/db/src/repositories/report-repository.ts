/**
 * 双报告: what a registered unit or in-service Party member did in the community — the projects
 * they led or served, the resources they offered, and every hour of volunteer service — for the
 * spreadsheet the community sends back to the unit's Party organisation (and the member's).
 */
import type { Member, Unit } from '@gridgov/domain'
import type { Database } from '../database'
import type { ListCaller } from './lists-common'
import { createRegistrationRepository } from './registration-repository'

export interface ReportProject {
  id: number
  title: string
  status: string
  role: 'lead' | 'resource' | 'volunteer'
  plannedFrom: string
  plannedTo: string
  beneficiariesServed: number | null
  providerRating: number | null
  hours: number
}
export interface ReportResource { id: number, title: string, type: string, capacity: number, used: number, measure: string, availableFrom: string, availableTo: string, withdrawn: boolean }
export interface ReportHours { servedOn: string, personName: string, projectTitle: string, hours: number, note: string | null }

export interface DualReport<T> {
  subject: T
  from: string | null
  to: string | null
  projects: ReportProject[]
  resources: ReportResource[]
  hours: ReportHours[]
  totalHours: number
}

/** Projects of a provider: led by it, using its resources, or served by its volunteers. */
function PROJECTS(leadCol: string, resourceCol: string, hoursCol: string) {
  return `
  SELECT p.id, p.title, p.status, p.planned_from AS plannedFrom, p.planned_to AS plannedTo,
    p.beneficiaries_served AS beneficiariesServed, p.provider_rating AS providerRating,
    CASE WHEN p.${leadCol} = @id THEN 'lead'
      WHEN EXISTS (SELECT 1 FROM project_resources pr JOIN resources r ON r.id = pr.resource_id WHERE pr.project_id = p.id AND r.${resourceCol} = @id) THEN 'resource'
      ELSE 'volunteer' END AS role,
    (SELECT coalesce(sum(h.hours), 0) FROM volunteer_hours h WHERE h.project_id = p.id AND h.${hoursCol} = @id AND h.served_on BETWEEN @from AND @to) AS hours
  FROM projects p
  WHERE p.status <> 'cancelled' AND p.planned_to >= @from AND p.planned_from <= @to AND (p.${leadCol} = @id
    OR EXISTS (SELECT 1 FROM project_resources pr JOIN resources r ON r.id = pr.resource_id WHERE pr.project_id = p.id AND r.${resourceCol} = @id)
    OR EXISTS (SELECT 1 FROM volunteer_hours h WHERE h.project_id = p.id AND h.${hoursCol} = @id))
  ORDER BY p.planned_from, p.id`
}

function RESOURCES(col: string) {
  return `
  SELECT r.id, r.title, r.type, r.capacity, r.measure, r.available_from AS availableFrom, r.available_to AS availableTo, r.withdrawn,
    (SELECT coalesce(sum(pr.quantity), 0) FROM project_resources pr JOIN projects p ON p.id = pr.project_id WHERE pr.resource_id = r.id AND p.status <> 'cancelled') AS used
  FROM resources r WHERE r.${col} = @id AND r.available_to >= @from AND r.available_from <= @to ORDER BY r.available_from, r.id`
}

function HOURS(col: string) {
  return `
  SELECT h.served_on AS servedOn, h.person_name AS personName, p.title AS projectTitle, h.hours, h.note
  FROM volunteer_hours h JOIN projects p ON p.id = h.project_id
  WHERE h.${col} = @id AND h.served_on BETWEEN @from AND @to ORDER BY h.served_on, h.id`
}

export function createReportRepository(database: Database) {
  const { statement } = database
  const registrations = createRegistrationRepository(database)

  function build<T>(subject: T, id: number, cols: { lead: string, resource: string, hours: string }, range: { from?: string, to?: string }): DualReport<T> {
    const args = { id, from: range.from ?? '0000-01-01', to: range.to ?? '9999-12-31' }
    const projects = statement(PROJECTS(cols.lead, cols.resource, cols.hours)).all(args) as ReportProject[]
    const resources = (statement(RESOURCES(cols.resource)).all(args) as (Omit<ReportResource, 'withdrawn'> & { withdrawn: number })[]).map(r => ({ ...r, withdrawn: r.withdrawn === 1 }))
    const hours = statement(HOURS(cols.hours)).all(args) as ReportHours[]
    return { subject, from: range.from ?? null, to: range.to ?? null, projects, resources, hours, totalHours: hours.reduce((s, h) => s + h.hours, 0) }
  }

  return {
    /** A unit's report: projects it led or supplied, its resources, its staff's hours (null: not in scope). */
    unit(id: number, caller: ListCaller, range: { from?: string, to?: string }, now: number): DualReport<Unit> | null {
      const unit = registrations.getUnit(id, caller, now)
      return unit ? build(unit, id, { lead: 'lead_unit_id', resource: 'unit_id', hours: 'unit_id' }, range) : null
    },

    /** A Party member's report: projects they led or served, what they offered, their hours. */
    member(id: number, caller: ListCaller, range: { from?: string, to?: string }): DualReport<Member> | null {
      const member = registrations.getMember(id, caller)
      return member ? build(member, id, { lead: 'lead_member_id', resource: 'member_id', hours: 'member_id' }, range) : null
    },
  }
}

export type ReportRepository = ReturnType<typeof createReportRepository>
