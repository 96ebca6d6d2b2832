import type { ChildProcess } from 'node:child_process'
/**
 * Nothing acknowledged is lost: a real server process (group commit on, so concurrent intakes share
 * transactions) takes concurrent case intake and is killed with SIGKILL mid-load; every case it
 * answered 201 for is in the database afterwards, whole. (A process kill keeps the OS page cache; the fsync before each 2xx is what covers
 * a power cut — see plugins/durability.ts.)
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { openDatabase } from '@gridgov/db'
import { afterAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '..', '..', '..')
const dataDir = mkdtempSync(join(tmpdir(), 'gridgov-crash-'))
let child: ChildProcess | undefined
// removing the seeded database can take a while on a busy disk
afterAll(() => {
  child?.kill('SIGKILL')
  rmSync(dataDir, { recursive: true, force: true })
}, 60_000)

function freePort() {
  return new Promise<number>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => done(port))
    })
  })
}

describe('durability', () => {
  it('keeps every acknowledged case when the server is killed mid-load', async () => {
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    child = spawn(process.execPath, ['--import', 'tsx', join(root, 'apps/api/src/server.ts')], {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, WEB_DIST: join(dataDir, 'no-web'), LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    })
    // the first start seeds the demo district: allow for a busy machine
    for (let i = 0; i < 720; i++) {
      const ok = await fetch(`${base}/api/health`).then(r => r.ok, () => false)
      if (ok)
        break
      await new Promise(r => setTimeout(r, 250))
    }
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'shichangjie', password: 'Demo@2026' }) })
    expect(login.status).toBe(200)
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const { csrfToken } = await login.json() as { csrfToken: string }
    const { items } = await (await fetch(`${base}/api/buildings?communityCode=370902001002&limit=50`, { headers: { cookie } })).json() as { items: { code: string }[] }

    const acked: number[] = []
    let killed = false
    let n = 0
    const failures: string[] = []
    const worker = async () => {
      while (!killed && n < 3000) {
        const i = n++
        const res = await fetch(`${base}/api/cases`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
          body: JSON.stringify({ channel: 'phone', categoryCode: 'S0401', description: `压力测试第${i}件诉求`, buildingCode: items[i % items.length]!.code }),
        }).catch(() => undefined)
        // a reply cut off by the kill was never received: not acknowledged
        const body = await res?.text().catch(() => undefined)
        if (res && body !== undefined && res.status !== 201 && !killed)
          failures.push(`${res.status} ${body}`)
        if (res?.status === 201 && body !== undefined) {
          acked.push((JSON.parse(body) as { case: { id: number } }).case.id)
          if (acked.length === 150) {
            killed = true
            child!.kill('SIGKILL')
          }
        }
      }
    }
    await Promise.all(Array.from({ length: 32 }, worker))
    expect(failures.slice(0, 3)).toEqual([])
    if (child!.exitCode === null && child!.signalCode === null)
      await new Promise(r => child!.once('exit', r))
    expect(acked.length).toBeGreaterThanOrEqual(150)

    const db = openDatabase(join(dataDir, 'gridgov.sqlite'))
    const stored = new Set(db.sqlite.prepare(`SELECT id FROM cases WHERE description LIKE '压力测试%'`).pluck().all() as number[])
    const events = db.sqlite.prepare(`SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.description LIKE '压力测试%'`).pluck().get() as number
    const audited = db.sqlite.prepare(`SELECT count(*) FROM audit_log a JOIN cases c ON a.target = 'case:' || c.id WHERE a.action = 'case.create' AND c.description LIKE '压力测试%'`).pluck().get() as number
    const audits = db.sqlite.prepare(`SELECT count(*) FROM audit_log WHERE action = 'case.create'`).pluck().get() as number
    db.close()
    expect(acked.filter(id => !stored.has(id))).toEqual([])
    // intakes commit in shared transactions (a savepoint each): each stored case has its first
    // event and its audit entry, and there is no audit entry without its case — nothing half-written
    expect(events).toBe(stored.size)
    expect(audited).toBe(stored.size)
    expect(audits).toBe(audited)
  }, 300_000)
})
