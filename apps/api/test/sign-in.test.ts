import type { App } from '../src/app'
/**
 * Sign-in (issue 12 §5, DESIGN.md §8): answers that never tell which usernames exist, a lockout
 * that stops the guesser's address and not the owner, a counter that starts again when a lock ends
 * and locks that grow, a warning before the last try, a configurable per-address rate, and sessions
 * that never idle out while they are used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config'
import { SESSION_COOKIE } from '../src/plugins/auth'
import { buildTestApp, json } from './helper'

const MINUTE = 60_000
let clock = Date.parse('2026-11-16T01:00:00Z')
let app: App
beforeAll(async () => {
  app = await buildTestApp({ now: () => clock, auth: { loginRatePerMinute: 10_000 } })
})
afterAll(() => app.close())

function login(username: string, password: string, remoteAddress = '10.0.0.1') {
  return app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress })
}

/** What a guesser sees of an answer: status, body, the headers that vary with it. */
const seen = (res: Awaited<ReturnType<typeof login>>) => ({ status: res.statusCode, body: json(res), retryAfter: res.headers['retry-after'] ?? null })

describe('sign-in answers', () => {
  it('are the same for an unknown username and a known one, all the way to the lock', async () => {
    const known: unknown[] = []
    const unknown: unknown[] = []
    for (let i = 0; i < 7; i++) {
      known.push(seen(await login('daimiao', `wrong-${i}`, '10.0.1.1')))
      unknown.push(seen(await login('no-such-user', `wrong-${i}`, '10.0.1.1')))
    }
    expect(unknown).toEqual(known)
    expect(known.map(k => (k as { status: number }).status)).toEqual([401, 401, 401, 401, 423, 423, 423])
  })

  it('warn before the last try, naming the lock that follows', async () => {
    const answers = []
    for (let i = 0; i < 4; i++)
      answers.push(json(await login('shichangjie', `wrong-${i}`, '10.0.2.1')))
    expect(answers.map(a => a.attemptsLeft)).toEqual([4, 3, 2, 1])
    expect(answers[3]).toMatchObject({ error: 'invalid_credentials', lockMinutes: 15, details: [{ field: 'body.password' }] })
    expect(answers[3].message).toMatch(/one more failure locks sign-in from this address for 15 minute/)
    expect(answers[2].message).toBe('Wrong username or password')
  })
})

describe('a lockout', () => {
  it('stops the guessing address, not the owner signing in from elsewhere', async () => {
    for (let i = 0; i < 5; i++)
      await login('admin', `guess-${i}`, '203.0.113.9')
    const stranger = await login('admin', 'Demo@2026', '203.0.113.9')
    expect(stranger.statusCode).toBe(423)
    expect(json(stranger)).toMatchObject({ error: 'account_locked', retryAfterS: 15 * 60 })
    expect(Number(stranger.headers['retry-after'])).toBe(15 * 60)
    expect((await login('admin', 'Demo@2026', '10.0.3.1')).statusCode).toBe(200)
  })

  it('ends on time, the count starts again, and the next lock lasts twice as long', async () => {
    for (let i = 0; i < 5; i++)
      await login('wgy001', `guess-${i}`, '198.51.100.7')
    expect((await login('wgy001', 'Demo@2026', '198.51.100.7')).statusCode).toBe(423)
    clock += 15 * MINUTE + 1000
    // a fresh count: four warnings' worth of tries, then the second lock — 30 minutes
    const after = []
    for (let i = 0; i < 5; i++)
      after.push(await login('wgy001', `again-${i}`, '198.51.100.7'))
    expect(after.map(r => r.statusCode)).toEqual([401, 401, 401, 401, 423])
    expect(json(after[0]!).attemptsLeft).toBe(4)
    expect(Number(after[4]!.headers['retry-after'])).toBe(30 * 60)
    clock += 30 * MINUTE + 1000
    expect((await login('wgy001', 'Demo@2026', '198.51.100.7')).statusCode).toBe(200)
  })

  it('is forgotten after a successful sign-in', async () => {
    for (let i = 0; i < 3; i++)
      await login('wgz001', `guess-${i}`, '10.0.4.1')
    expect((await login('wgz001', 'Demo@2026', '10.0.4.1')).statusCode).toBe(200)
    expect(json(await login('wgz001', 'wrong', '10.0.4.1')).attemptsLeft).toBe(4)
  })

  it('is audited, unknown usernames included', async () => {
    const rows = app.database.sqlite.prepare(`SELECT action, summary FROM audit_log WHERE action IN ('login.failure', 'login.locked')`).all() as { action: string, summary: string }[]
    expect(rows.some(r => r.action === 'login.locked' && r.summary.includes('no-such-user'))).toBe(true)
    expect(rows.some(r => r.summary.includes('locked from this address'))).toBe(true)
  })
})

describe('the per-address sign-in rate', () => {
  it('is configurable (LOGIN_RATE_PER_MINUTE), for an office behind one shared address', async () => {
    expect(loadConfig({ LOGIN_RATE_PER_MINUTE: '120' }).auth.loginRatePerMinute).toBe(120)
    expect(loadConfig({}).auth.loginRatePerMinute).toBe(20)
    expect(() => loadConfig({ LOGIN_RATE_PER_MINUTE: 'many' })).toThrow(/LOGIN_RATE_PER_MINUTE/)
    const strict = await buildTestApp({ auth: { loginRatePerMinute: 3 } })
    const statuses = []
    for (let i = 0; i < 4; i++)
      statuses.push((await strict.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `user${i}`, password: 'x' } })).statusCode)
    expect(statuses).toEqual([401, 401, 401, 429])
    await strict.close()
  })
})

describe('sessions in use', () => {
  it('never idle out while used, and do once left alone (SESSION_IDLE_MINUTES=1)', async () => {
    let now = Date.parse('2026-11-16T02:00:00Z')
    const idle = await buildTestApp({ now: () => now, auth: { idleMs: MINUTE, cacheMs: 0 } })
    const res = await idle.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'daimiao', password: 'Demo@2026' } })
    const cookie = `${SESSION_COOKIE}=${res.cookies.find(c => c.name === SESSION_COOKIE)!.value}`
    for (let t = 20; t <= 10 * 60; t += 20) {
      now += 20_000
      expect((await idle.inject({ url: '/api/auth/session', headers: { cookie } })).statusCode, `after ${t} s`).toBe(200)
    }
    now += 61_000
    expect((await idle.inject({ url: '/api/auth/session', headers: { cookie } })).statusCode).toBe(401)
    await idle.close()
  })
})
