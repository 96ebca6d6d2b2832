/**
 * POST a case (validate + locate + insert + first event + audit) over real HTTP with autocannon,
 * on a copy of the city dataset, server in its own process. Budget (DESIGN.md §7, issue 4):
 * ≥ 10,000 req/s with every acknowledged case durable, and ≥ 2× a one-fsync-per-request
 * baseline measured in the same run. Today the server IS that baseline (one transaction and one
 * WAL fsync per request, synchronous=FULL); group commit is the next step, so this prints the
 * baseline figures and the budget verdict honestly.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureCityDatabase } from '../packages/db/src/cli/generate-city'
import { fmt, load, startServer, verdict } from './support'

export async function runCasesBench(cityFile = ensureCityDatabase()) {
  const dir = mkdtempSync(join(tmpdir(), 'gridgov-bench-cases-'))
  const file = join(dir, 'city.sqlite')
  copyFileSync(cityFile, file)
  const server = await startServer('case-server.ts', { BENCH_DB: file })
  try {
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'shichangjie', password: 'Demo@2026' }) })
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const { csrfToken } = await login.json() as { csrfToken: string }
    const buildings = await (await fetch(`${server.url}/api/grids/370902001002001/buildings?limit=20`, { headers: { cookie } })).json() as { items: { location: [number, number] }[] }
    const bodies = buildings.items.map(b => JSON.stringify({ channel: 'phone', categoryCode: 'S0401', description: '基准测试：邻里纠纷调解请求', lon: b.location[0], lat: b.location[1], reporterPhone: '13805380000' }))
    let i = 0
    const result = await load({
      url: `${server.url}/api/cases`,
      method: 'POST',
      connections: 20,
      duration: 10,
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      setupClient: client => client.setBody(bodies[i++ % bodies.length]!),
    })
    console.log('\nPOST /api/cases — city dataset, real HTTP, 20 connections, synchronous=FULL (one fsync per request)')
    console.table({ 'GridGov today': { 'req/s': fmt(result.rps), 'p50 ms': result.p50, 'p99 ms': result.p99, 'non-2xx': result.non2xx, 'errors': result.errors } })
    console.log(`budget ≥ 10,000 req/s durable: ${verdict(result.rps >= 10_000)} — budget ≥ 2× the one-fsync baseline: ${verdict(false)} (no group commit yet; this run is the baseline)`)
    return result
  }
  finally {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  await runCasesBench()
