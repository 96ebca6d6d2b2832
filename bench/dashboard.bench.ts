/**
 * Dashboard queries at city scale (issue 5, DESIGN.md §7): the city dataset (25,650 grids) with
 * ≥ 10 million generated cases (`pnpm gen:city-cases`). Each dashboard endpoint is called in process
 * through Fastify (`app.inject`: validation, scope, SQL, KPI formulas, serialization), for the
 * whole city, a street and a community, against a baseline measured in the same run: the same
 * figures counted straight from `cases` (what the dashboard would do without rollup tables).
 * Budget: every dashboard query ≤ 50 ms.
 */
import type { App } from '../apps/api/src/app'
import { buildApp } from '../apps/api/src/app'
import { CITY_CASES_DEFAULT, CITY_CASES_NOW, ensureCityCasesDatabase } from '../packages/db/src/cli/generate-city-cases'
import { openDatabase } from '../packages/db/src/database'
import { fmt, verdict } from './support'

// enough runs for the 95th percentile to be more than the slowest run
const RUNS = 40

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b)
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]! }
}

async function time(fn: () => Promise<unknown> | unknown, runs = RUNS, before?: () => Promise<unknown>): Promise<{ median: number, p95: number }> {
  await fn() // warm: statement preparation, page cache
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    await before?.()
    const t = performance.now()
    await fn()
    samples.push(performance.now() - t)
  }
  return stats(samples)
}

async function signIn(app: App, username: string): Promise<{ cookie: string, csrf: string }> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'Demo@2026' } })
  if (res.statusCode !== 200)
    throw new Error(`login ${username}: ${res.statusCode} ${res.body}`)
  return { cookie: res.cookies.map(c => `${c.name}=${c.value}`).join('; '), csrf: (res.json() as { csrfToken: string }).csrfToken }
}

export async function runDashboardBench(cases = CITY_CASES_DEFAULT) {
  const file = ensureCityCasesDatabase({ cases })
  const database = openDatabase(file)
  database.sqlite.pragma('cache_size = -262144') // 256 MB, as a server with this much data would run
  const { sqlite } = database
  const total = sqlite.prepare('SELECT count(*) FROM cases').pluck().get() as number
  const app = await buildApp({ database, seed: false, now: () => CITY_CASES_NOW, groupCommit: false })
  const admin = (await signIn(app, 'admin')).cookie
  // a busy city: before every timed query a new case is filed (untimed), so this period's rollup
  // keys have just changed and whatever the dashboard kept of them must be read again
  const desk = await signIn(app, 'shichangjie')
  const building = sqlite.prepare(`SELECT code FROM buildings WHERE grid_code >= '370902001002' AND grid_code < '370902001002:' LIMIT 1`).pluck().get() as string
  let filed = 0
  const write = async () => {
    const res = await app.inject({ method: 'POST', url: '/api/cases', headers: { 'cookie': desk.cookie, 'x-csrf-token': desk.csrf }, payload: { channel: 'phone', categoryCode: 'S0401', description: '基准测试：仪表盘读时的新案件', buildingCode: building } })
    if (res.statusCode !== 201)
      throw new Error(`intake: ${res.statusCode} ${res.body.slice(0, 200)}`)
    filed++
  }
  const street = sqlite.prepare('SELECT code FROM streets ORDER BY code LIMIT 1').pluck().get() as string
  const community = sqlite.prepare('SELECT community_code FROM grids WHERE code >= ? ORDER BY code LIMIT 1').pluck().get(street) as string
  const bbox = sqlite.prepare(`SELECT printf('%.5f,%.5f,%.5f,%.5f', min(min_lon), min(min_lat), max(max_lon), max(max_lat)) FROM streets`).pluck().get() as string
  // a quarter of the street's box: what a street-zoom screen shows
  const streetBox = sqlite.prepare(`SELECT printf('%.5f,%.5f,%.5f,%.5f', (min_lon + center_lon) / 2, (min_lat + center_lat) / 2, center_lon, center_lat) FROM streets WHERE code = ?`).pluck().get(street) as string
  const get = (url: string) => async () => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie: admin } })
    if (res.statusCode !== 200)
      throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`)
    return res
  }
  const start = Date.parse('2025-12-01T00:00:00+08:00')
  const end = CITY_CASES_NOW
  // the same figures straight from `cases` (the baseline: no rollups)
  const direct = {
    summary: () => sqlite.prepare(`SELECT count(*), sum(status = 'closed'), sum(status = 'closed' AND on_time = 1), sum(rating >= 4), count(rating), sum(status IN ('dispatched', 'in_progress', 'resolved') AND deadline < ?) FROM cases WHERE reported_at >= ? AND reported_at < ?`).get(end, start, end),
    units: () => sqlite.prepare(`SELECT grid_code, count(*), sum(status = 'closed'), sum(status = 'closed' AND on_time = 1) FROM cases WHERE reported_at >= ? AND reported_at < ? GROUP BY grid_code`).all(start, end),
    trend: () => sqlite.prepare(`SELECT date(reported_at / 1000 + 28800, 'unixepoch') AS d, count(*) FROM cases WHERE reported_at >= ? AND reported_at < ? GROUP BY d`).all(start, end),
    categories: () => sqlite.prepare(`SELECT category_code, count(*) FROM cases WHERE reported_at >= ? AND reported_at < ? GROUP BY category_code`).all(start, end),
    heat: () => sqlite.prepare(`SELECT CAST((lon + 180) / 0.01 AS INTEGER) AS cx, CAST((lat + 90) / 0.01 AS INTEGER) AS cy, count(*) FROM cases WHERE reported_at >= ? AND reported_at < ? GROUP BY cx, cy`).all(start, end),
  }
  const P = 'period=last_12_months'
  const rows: Record<string, Record<string, string>> = {}
  const results: { name: string, median: number, p95: number }[] = []
  const measure = async (name: string, fn: () => unknown, baseline?: () => unknown) => {
    const ours = await time(fn as () => Promise<unknown>, RUNS, write)
    const base = baseline ? await time(baseline, 3) : undefined
    results.push({ name, ...ours })
    rows[name] = {
      'GridGov median ms': fmt(ours.median, 1),
      'p95 ms': fmt(ours.p95, 1),
      'baseline (from cases) ms': base ? fmt(base.median, 0) : '',
      '×': base ? fmt(base.median / ours.median, 0) : '',
      '≤ 50 ms': verdict(ours.p95 <= 50),
    }
  }
  console.log(`\nDashboard queries — city dataset, ${fmt(total)} cases, 25,650 grids; app.inject (validation + scope + SQL + KPIs + JSON), ${RUNS} runs each, each right after a new case was filed (this period's rollups just changed); baseline: the same figures counted from \`cases\` (3 runs)`)
  await measure(`summary, city, last 12 months`, get(`/api/dashboard/summary?${P}`), direct.summary)
  await measure(`summary, city, this week`, get(`/api/dashboard/summary?period=this_week`))
  await measure(`summary, street`, get(`/api/dashboard/summary?${P}&within=${street}`))
  await measure(`summary, community`, get(`/api/dashboard/summary?${P}&within=${community}`))
  await measure(`ranking: 25,650 grids by 按期结案率`, get(`/api/dashboard/units?level=grid&sort=onTimeRate&${P}`), direct.units)
  await measure(`ranking: 3,424 communities`, get(`/api/dashboard/units?level=community&sort=closeRate&${P}`))
  await measure(`ranking: grids of a street`, get(`/api/dashboard/units?level=grid&${P}&within=${street}`))
  for (const metric of ['open', 'overdue', 'new_this_week', 'on_time_rate', 'satisfaction_rate', 'open_needs'])
    await measure(`choropleth ${metric}, 25,650 grids`, get(`/api/dashboard/choropleth?metric=${metric}&${P}`))
  await measure(`trend, city, 12 months daily`, get(`/api/dashboard/trend?${P}`), direct.trend)
  await measure(`trend, community`, get(`/api/dashboard/trend?${P}&within=${community}`))
  await measure(`categories, city`, get(`/api/dashboard/categories?${P}`), direct.categories)
  await measure(`categories, community`, get(`/api/dashboard/categories?${P}&within=${community}`))
  await measure(`heat, city, zoom 12, 12 months`, get(`/api/dashboard/heat?${P}&zoom=12&bbox=${bbox}`), direct.heat)
  await measure(`heat, city, zoom 12, one category`, get(`/api/dashboard/heat?${P}&zoom=12&bbox=${bbox}&category=S0401`))
  await measure(`heat, quarter street, zoom 16, 12 months`, get(`/api/dashboard/heat?${P}&zoom=16&bbox=${streetBox}`))
  await measure(`heat, city, zoom 12, this week, one category`, get(`/api/dashboard/heat?period=this_week&zoom=12&bbox=${bbox}&category=S0401`))
  console.table(rows)
  const heat = JSON.parse((await get(`/api/dashboard/heat?${P}&zoom=16&bbox=${bbox}`)()).body) as { count: number, truncated: boolean }
  const worst = results.reduce((a, b) => (b.p95 > a.p95 ? b : a))
  console.log(`slowest: ${worst.name} p95 ${fmt(worst.p95, 1)} ms — budget every dashboard query ≤ 50 ms: ${verdict(worst.p95 <= 50)}; heat at the finest level for the whole city: ${fmt(heat.count)} bins${heat.truncated ? ' (capped)' : ''} — budget ≤ 100,000: ${verdict(heat.count <= 100_000)}; ${fmt(filed)} cases filed between the timed runs`)
  await app.close()
  database.close()
  return { results, worst }
}

if (import.meta.url === `file://${process.argv[1]}`)
  await runDashboardBench(process.argv.includes('--cases') ? Number(process.argv[process.argv.indexOf('--cases') + 1]) : undefined)
