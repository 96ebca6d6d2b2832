import type { Database } from '../database'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../database'
import { insertDistrict } from '../repositories/territory-writer'
import { seedDemoAccounts } from './demo-accounts'
import { generateDistrict } from './generate-district'
import { generateLists } from './generate-lists'

const NOW = Date.parse('2026-06-17T10:30:00+08:00')
const district = generateDistrict()
function fresh() {
  const db = openDatabase(':memory:')
  insertDistrict(db, district)
  seedDemoAccounts(db, NOW)
  return db
}
function dump(db: Database) {
  return ['units', 'party_members', 'needs', 'resources', 'projects', 'project_events', 'volunteer_hours']
    .map(t => JSON.stringify(db.sqlite.prepare(`SELECT * FROM ${t} ORDER BY id`).all()))
}

let a: Database
let b: Database
let ms = 0
beforeAll(() => {
  a = fresh()
  b = fresh()
  const started = performance.now()
  generateLists(a, { now: NOW })
  ms = performance.now() - started
  generateLists(b, { now: NOW })
})
afterAll(() => {
  a.close()
  b.close()
})

describe('demo lists', () => {
  it('are deterministic for a seed and a clock, and quick to seed', () => {
    expect(dump(a)).toEqual(dump(b))
    expect(ms).toBeLessThan(1000)
  })

  it('have projects in every state for the demo community, with hours and two-way ratings', () => {
    const states = a.sqlite.prepare(`SELECT DISTINCT status FROM projects WHERE community_code = '370902001002' ORDER BY 1`).pluck().all()
    expect(states).toEqual(['cancelled', 'claimed', 'completed', 'evaluated', 'in_progress', 'proposed'])
    const evaluated = a.sqlite.prepare(`SELECT provider_rating AS p, community_rating AS c FROM projects WHERE status = 'evaluated'`).all() as { p: number, c: number }[]
    expect(evaluated.every(r => r.p >= 1 && r.c >= 1)).toBe(true)
    expect(a.sqlite.prepare('SELECT count(*) FROM volunteer_hours').pluck().get()).toBeGreaterThan(20)
    expect(a.sqlite.prepare('SELECT title FROM needs WHERE community_code = \'370902001002\'').pluck().all()).toEqual(expect.arrayContaining(['老旧小区加装电梯', '老年助餐', '四点半课堂', '停车难治理', '楼道堆物清理', '义诊', '法律咨询']))
  })

  it('keep each need\'s status in step with its projects', () => {
    const rows = a.sqlite.prepare(`SELECT n.status AS need, group_concat(p.status) AS projects FROM needs n
      LEFT JOIN project_needs pn ON pn.need_id = n.id LEFT JOIN projects p ON p.id = pn.project_id GROUP BY n.id`).all() as { need: string, projects: string | null }[]
    for (const r of rows) {
      const ps = r.projects?.split(',') ?? []
      if (ps.some(s => s === 'completed' || s === 'evaluated'))
        expect(r.need).toBe('fulfilled')
      else if (ps.some(s => s === 'in_progress' || s === 'claimed'))
        expect(r.need).toBe('in_project')
      else if (ps.includes('proposed'))
        expect(r.need).toBe('matched')
      else expect(['open', 'closed']).toContain(r.need)
    }
  })

  it('write project timelines that only ever move forward', () => {
    const events = a.sqlite.prepare('SELECT project_id AS p, at FROM project_events ORDER BY project_id, id').all() as { p: number, at: number }[]
    for (let i = 1; i < events.length; i++) {
      if (events[i]!.p === events[i - 1]!.p)
        expect(events[i]!.at).toBeGreaterThanOrEqual(events[i - 1]!.at)
    }
  })
})
