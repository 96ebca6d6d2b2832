/**
 * The dashboard's queries must stay on their indexes at 10 million cases (DESIGN.md §7): every
 * statement the dashboard routes prepare is explained with EXPLAIN QUERY PLAN, and none may scan a
 * case or rollup table without an index — so a dropped or renamed index fails here, not in production.
 */
import type { Database } from '@gridgov/db'
import type { App } from '../src/app'
import type { Client } from './helper'
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '@gridgov/db'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { buildApp } from '../src/app'
import { loginAs } from './helper'

const TABLES = /\b(?:cases|case_rollups|case_category_rollups|case_daily|case_heat|needs)\b/
let dir: string
let database: Database
let app: App
const prepared = new Set<string>()

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gridgov-plans-'))
  const file = join(dir, 'gridgov.sqlite')
  copyFileSync(inject('templateDb'), file)
  database = openDatabase(file)
  // record every statement prepared from here on
  const prepare = database.sqlite.prepare.bind(database.sqlite)
  database.sqlite.prepare = ((sql: string) => {
    prepared.add(sql)
    return prepare(sql)
  }) as typeof database.sqlite.prepare
  app = await buildApp({ database, seed: false, uploadsDir: join(dir, 'uploads') })
})
afterAll(async () => {
  await app.close()
  database.close()
  rmSync(dir, { recursive: true, force: true })
})

async function callEveryDashboardQuery(client: Client, within = '') {
  const w = within ? `&within=${within}` : ''
  for (const period of ['period=this_month', 'period=last_12_months', 'from=2025-02&to=2026-11', 'week=2026-11-16']) {
    for (const path of ['summary', 'trend', 'categories', 'units?level=grid', 'units?level=community', 'units?level=street'])
      expect((await client.get(`/api/dashboard/${path}${path.includes('?') ? '&' : '?'}${period}${w}`)).statusCode).toBe(200)
    for (const metric of ['open', 'overdue', 'new_this_week', 'on_time_rate', 'satisfaction_rate', 'open_needs'])
      expect((await client.get(`/api/dashboard/choropleth?metric=${metric}&${period}${w}`)).statusCode).toBe(200)
    for (const zoom of [12, 16])
      expect((await client.get(`/api/dashboard/heat?zoom=${zoom}&bbox=116.9,36.0,117.4,36.4&${period}${w}`)).statusCode).toBe(200)
  }
}

describe('dashboard query plans', () => {
  it('search the rollups and the open-case indexes; never scan a case or rollup table', async () => {
    const mark = prepared.size
    await callEveryDashboardQuery(await loginAs(app, 'admin'))
    await callEveryDashboardQuery(await loginAs(app, 'daimiao'))
    await callEveryDashboardQuery(await loginAs(app, 'shichangjie'))
    await callEveryDashboardQuery(await loginAs(app, 'admin'), '370902001002001')
    const statements = [...prepared].slice(mark).filter(sql => /^\s*SELECT/i.test(sql) && TABLES.test(sql) && !/sessions|users|audit/.test(sql))
    expect(statements.length).toBeGreaterThan(8)
    for (const sql of statements) {
      const params = (sql.match(/\?/g) ?? []).map(() => null)
      const plan = (database.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(r => r.detail)
      // a whole table, or the whole case table through any index but the small partial ones (open cases)
      const fullScans = plan.filter(d => /^SCAN (?:cases|case_rollups|case_category_rollups|case_daily|case_heat|needs)$/.test(d) || (/^SCAN cases\b/.test(d) && !/cases_clock|cases_awaiting_check/.test(d)))
      expect(fullScans, `${sql}\n${plan.join('\n')}`).toEqual([])
    }
  })
})
