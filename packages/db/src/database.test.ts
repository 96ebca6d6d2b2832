import type { Database } from './database'
import type { DistrictDataset } from './seed/generate-district'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from './database'
import { gridsWithInvalidStaff, insertDistrict, setGridStaff } from './repositories/territory-writer'
import { generateDistrict } from './seed/generate-district'

let dir: string
let dataset: DistrictDataset
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gridgov-db-'))
  dataset = generateDistrict({ relaxRounds: 0 })
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const count = (db: Database, table: string) => (db.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n

describe('database', () => {
  it('creates a migrated file with WAL, synchronous=FULL, foreign keys on and temp files in memory', () => {
    const db = openDatabase(join(dir, 'pragmas', 'a.sqlite'))
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(2) // FULL
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.sqlite.pragma('temp_store', { simple: true })).toBe(2) // MEMORY
    expect(count(db, '__drizzle_migrations')).toBeGreaterThanOrEqual(1)
    db.close()
    // reopening applies nothing twice
    const again = openDatabase(join(dir, 'pragmas', 'a.sqlite'))
    expect(count(again, '__drizzle_migrations')).toBe(count(again, '__drizzle_migrations'))
    again.close()
  })

  it('inserts a whole district in one transaction, or nothing when a grid lacks its team', () => {
    const broken: DistrictDataset = {
      ...dataset,
      assignments: dataset.assignments.filter(a => !(a.gridCode === dataset.grids[5]!.code && a.role === 'member')),
    }
    const db = openDatabase(':memory:')
    expect(() => insertDistrict(db, broken)).toThrow(/grid staff rule/)
    for (const table of ['districts', 'streets', 'communities', 'grids', 'buildings', 'staff', 'grid_assignments'])
      expect(count(db, table), table).toBe(0)

    insertDistrict(db, dataset)
    expect(count(db, 'grids')).toBe(dataset.grids.length)
    expect(count(db, 'buildings')).toBe(dataset.buildings.length)
    expect(gridsWithInvalidStaff(db)).toEqual([])
    db.close()
  })

  describe('grid staff rule: exactly one leader, at least one member', () => {
    let db: Database
    beforeAll(() => {
      db = openDatabase(':memory:')
      insertDistrict(db, dataset)
    })
    const team = (code: string) => db.sqlite.prepare('SELECT staff_id AS id, role FROM grid_assignments WHERE grid_code = ? ORDER BY role, staff_id').all(code) as { id: number, role: string }[]
    const grid = () => dataset.grids[0]!.code

    it('refuses a second leader at the database level', () => {
      const other = team(dataset.grids[1]!.code)[0]!.id
      expect(() => db.sqlite.prepare(`INSERT INTO grid_assignments (grid_code, staff_id, role) VALUES (?, ?, 'leader')`).run(grid(), other))
        .toThrow(/UNIQUE constraint failed/)
    })

    it('refuses a team without members and leaves the old team in place', () => {
      const before = team(grid())
      const leader = before.find(t => t.role === 'leader')!.id
      expect(() => setGridStaff(db, grid(), { leaderId: leader, memberIds: [] })).toThrow(/grid staff rule/)
      expect(() => setGridStaff(db, grid(), { leaderId: leader, memberIds: [leader] })).toThrow(/grid staff rule/)
      expect(team(grid())).toEqual(before)
    })

    it('refuses unknown staff (foreign key) and leaves the old team in place', () => {
      const before = team(grid())
      expect(() => setGridStaff(db, grid(), { leaderId: 999_999, memberIds: [before[0]!.id] })).toThrow(/FOREIGN KEY/)
      expect(team(grid())).toEqual(before)
    })

    it('replaces a team, including swapping leader and member', () => {
      const before = team(grid())
      const leader = before.find(t => t.role === 'leader')!.id
      const member = before.find(t => t.role === 'member')!.id
      setGridStaff(db, grid(), { leaderId: member, memberIds: [leader] })
      expect(team(grid())).toEqual([{ id: member, role: 'leader' }, { id: leader, role: 'member' }].sort((a, b) => a.role.localeCompare(b.role) || a.id - b.id))
      expect(gridsWithInvalidStaff(db)).toEqual([])
    })
  })
})
