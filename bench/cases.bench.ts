import type { LoadResult } from './support'
/**
 * POST a case (validate + locate + insert + first event + audit) over real HTTP with autocannon,
 * on a copy of the city dataset, server in its own process. Budget (DESIGN.md §7, issue 4):
 * ≥ 10,000 req/s with every acknowledged case durable, and ≥ 2× a one-fsync-per-request baseline
 * measured in the same run. Both run the same intake code; the baseline writes each case in its own
 * transaction with synchronous=FULL (one WAL fsync per commit), GridGov batches the intakes of one
 * turn of the event loop into one transaction (a SAVEPOINT each) and waits, before every 201, for
 * one WAL fsync that started after its commit (synchronous=NORMAL + group commit).
 *
 * Load: 100 connections, each sending its next case when the last one is answered — a city's desks
 * and tablets at a busy hour. A durable answer waits for a disk flush (a few ms here), so by
 * Little's law 10,000 req/s needs several dozen requests in flight. Afterwards the bench counts the
 * cases in the database: every acknowledged one must be there.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '@gridgov/db'
import { ensureCityDatabase } from '../packages/db/src/cli/generate-city'
import { fmt, load, startServer, verdict } from './support'

const CONNECTIONS = 100
const DESCRIPTION = '基准测试：居民诉求登记'

async function measure(cityFile: string, groupCommit: boolean): Promise<LoadResult & { stored: number, bodies: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'gridgov-bench-cases-'))
  const file = join(dir, 'city.sqlite')
  copyFileSync(cityFile, file)
  const server = await startServer('case-server.ts', { BENCH_DB: file, GROUP_COMMIT: groupCommit ? '1' : '0' })
  try {
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'shichangjie', password: 'Demo@2026' }) })
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const { csrfToken } = await login.json() as { csrfToken: string }
    const buildings = await (await fetch(`${server.url}/api/buildings?communityCode=370902001002&limit=200`, { headers: { cookie } })).json() as { items: { location: [number, number] }[] }
    // a realistic mix: several categories (none needing a photo at intake) over 200 buildings
    const categories = ['S0401', 'S0101', 'S0301', 'S0501', 'E0301', 'S0402']
    const bodies = buildings.items.map((b, k) => JSON.stringify({ channel: 'phone', categoryCode: categories[k % categories.length], description: DESCRIPTION, lon: b.location[0], lat: b.location[1], reporterPhone: '13805380000' }))
    let i = 0
    const result = await load({
      url: `${server.url}/api/cases`,
      method: 'POST',
      connections: CONNECTIONS,
      duration: 10,
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      setupClient: client => client.setBody(bodies[i++ % bodies.length]!),
    }, server.child.pid)
    await server.stop()
    const db = openDatabase(file)
    const stored = db.sqlite.prepare('SELECT count(*) FROM cases WHERE description = ?').pluck().get(DESCRIPTION) as number
    db.close()
    return { ...result, stored, bodies }
  }
  finally {
    if (server.child.exitCode === null && server.child.signalCode === null)
      await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The same load against ceiling-server.ts: one indexed insert per request and nothing else. */
async function ceiling(bodies: string[]): Promise<LoadResult> {
  const server = await startServer('ceiling-server.ts', {})
  try {
    let i = 0
    return await load({
      url: `${server.url}/api/cases`,
      method: 'POST',
      connections: CONNECTIONS,
      duration: 10,
      headers: { 'content-type': 'application/json' },
      setupClient: client => client.setBody(bodies[i++ % bodies.length]!),
    }, server.child.pid)
  }
  finally {
    await server.stop()
  }
}

export async function runCasesBench(cityFile = ensureCityDatabase()) {
  const baseline = await measure(cityFile, false)
  const grouped = await measure(cityFile, true)
  const machine = await ceiling(grouped.bodies)
  console.log(`\nPOST /api/cases — city dataset, real HTTP (session cookie + CSRF), ${CONNECTIONS} connections, server in its own process; load average ${loadavg().map(l => fmt(l, 1)).join(' ')} on ${availableParallelism()} cores`)
  const row = (r: LoadResult & { stored: number }) => ({ 'req/s': fmt(r.rps), 'p50 ms': r.p50, 'p99 ms': r.p99, 'server CPU µs/req': fmt(r.serverCpuUs), 'load generator CPU µs/req': fmt(r.clientCpuUs), '201s': r.ok, 'stored': r.stored, 'non-2xx': r.non2xx, 'errors': r.errors })
  console.table({
    'baseline: one fsync per commit (FULL)': row(baseline),
    'GridGov: batched + group commit': row(grouped),
    'this machine\'s ceiling: one indexed insert + group commit, nothing else': { ...row({ ...machine, stored: Number.NaN }), stored: '' },
  })
  const ratio = grouped.rps / baseline.rps
  const durable = grouped.stored >= grouped.ok && baseline.stored >= baseline.ok
  console.log(`every acknowledged case stored: ${verdict(durable)}; group commit ${fmt(ratio, 2)}× the baseline — budget ≥ 2×: ${verdict(ratio >= 2)}; budget ≥ 10,000 req/s durable: ${verdict(grouped.rps >= 10_000)} (${fmt(grouped.rps / machine.rps * 100)} % of what this machine does with one bare insert per request)`)
  // the most this machine could give at the same CPU per case if the server kept every core busy
  const cpuPerCase = grouped.serverCpuUs + grouped.clientCpuUs
  console.log(`CPU per acknowledged case, server + load generator: ${fmt(cpuPerCase)} µs → at most ${fmt(availableParallelism() * 1e6 / cpuPerCase)} req/s on ${availableParallelism()} cores even with every core busy (server alone on one thread: at most ${fmt(1e6 / grouped.serverCpuUs)} req/s)`)
  return { baseline, grouped, ratio }
}

if (import.meta.url === `file://${process.argv[1]}`)
  await runCasesBench()
