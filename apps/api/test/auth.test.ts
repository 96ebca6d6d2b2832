import type { AuditEntry, GridDetail, PageOf, Session, SessionInfo, User } from '@gridgov/domain'
import type { App } from '../src/app'
import type { Client } from './helper'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SESSION_COOKIE } from '../src/plugins/auth'
import { buildTestApp, json, loginAs } from './helper'

const MINUTE = 60_000
let clock = Date.now()
let app: App
let admin: Client
beforeAll(async () => {
  app = await buildTestApp({ now: () => clock, auth: { loginRatePerMinute: 1000 } })
  admin = await loginAs(app, 'admin')
})
afterAll(() => app.close())

function login(username: string, password: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers })
}
const audit = async (query: string) => json<PageOf<AuditEntry>>(await admin.get(`/api/admin/audit?limit=500&${query}`)).items

describe('login and sessions', () => {
  it('signs in with an HttpOnly SameSite cookie and a new session id every time', async () => {
    const first = await login('shichangjie', 'Demo@2026')
    expect(first.statusCode).toBe(200)
    const cookie = first.cookies.find(c => c.name === SESSION_COOKIE)!
    expect(cookie.httpOnly).toBe(true)
    expect(cookie.sameSite).toBe('Lax')
    expect(cookie.path).toBe('/')
    const body = json<Session>(first)
    expect(body.me).toMatchObject({ username: 'shichangjie', role: 'community', scopeCode: '370902001002', scopeName: '市场街社区' })
    expect(body.idleTimeoutS).toBe(1800)
    const second = await login('shichangjie', 'Demo@2026', { cookie: `${SESSION_COOKIE}=${cookie.value}` })
    const next = second.cookies.find(c => c.name === SESSION_COOKIE)!
    expect(next.value).not.toBe(cookie.value)
    // the session the second login replaced is over
    expect((await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: `${SESSION_COOKIE}=${cookie.value}` } })).statusCode).toBe(401)
  })

  it('gives the same answer for an unknown user and a wrong password', async () => {
    const unknown = await login('nobody', 'Demo@2026')
    const wrong = await login('daimiao', 'wrong-password-1')
    expect(unknown.statusCode).toBe(401)
    expect(wrong.statusCode).toBe(401)
    expect(json(unknown)).toEqual(json(wrong))
    expect(json(unknown).error).toBe('invalid_credentials')
  })

  it('locks an account after 5 failures in a row, then lets it in after the lock', async () => {
    for (let i = 0; i < 4; i++)
      expect((await login('wgy001', `bad-password-${i}`)).statusCode).toBe(401)
    expect((await login('wgy001', 'bad-password-4')).statusCode).toBe(423)
    const locked = await login('wgy001', 'Demo@2026')
    expect(locked.statusCode).toBe(423)
    expect(json(locked)).toMatchObject({ error: 'account_locked', details: [{ field: 'body.username' }] })
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60)
    clock += 16 * MINUTE
    expect((await login('wgy001', 'Demo@2026')).statusCode).toBe(200)
    const entries = await audit('username=wgy001')
    expect(entries.map(e => e.action)).toEqual(expect.arrayContaining(['login.failure', 'login.locked', 'login.success']))
  })

  it('ends a session after 30 idle minutes, and after 12 hours however active', async () => {
    const idle = await loginAs(app, 'daimiao')
    clock += 29 * MINUTE
    expect((await idle.get('/api/auth/session')).statusCode).toBe(200)
    clock += 29 * MINUTE
    expect((await idle.get('/api/auth/session')).statusCode).toBe(200) // activity moved the idle clock
    clock += 31 * MINUTE
    const expired = await idle.get('/api/grids')
    expect(expired.statusCode).toBe(401)
    expect(json(expired).error).toBe('unauthenticated')

    const busy = await loginAs(app, 'daimiao')
    for (let t = 0; t < 12 * 60; t += 20) {
      clock += 20 * MINUTE
      const res = await busy.get('/api/auth/session')
      if (t + 20 < 12 * 60)
        expect(res.statusCode, `after ${t + 20} min`).toBe(200)
      else
        expect(res.statusCode).toBe(401)
    }
    admin = await loginAs(app, 'admin') // the admin's session expired with the clock too
  })

  it('keeps the idle clock in the database while sessions are served from memory', async () => {
    const c = await loginAs(app, 'daimiao')
    const lastSeen = () => app.database.sqlite.prepare('SELECT max(last_seen_at) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = ? AND s.revoked_at IS NULL').pluck().get('daimiao') as number
    clock += 2 * MINUTE
    expect((await c.get('/api/auth/session')).statusCode).toBe(200)
    expect(lastSeen()).toBe(clock) // touched: a restart (empty cache) still sees the activity
    clock += 20 * 1000
    expect((await c.get('/api/auth/session')).statusCode).toBe(200)
    expect(lastSeen()).toBe(clock - 20 * 1000) // at most one write per 1/60 of the idle timeout (30 s here)
  })

  it('notices a session ended by another process (the user CLI) within a second', async () => {
    const c = await loginAs(app, 'wgy001')
    expect((await c.get('/api/auth/session')).statusCode).toBe(200)
    app.database.sqlite.prepare(`UPDATE sessions SET revoked_at = ? WHERE user_id = (SELECT id FROM users WHERE username = 'wgy001')`).run(clock)
    await new Promise(r => setTimeout(r, 1100))
    expect((await c.get('/api/auth/session')).statusCode).toBe(401)
  })

  it('logs out (revoking the session) only with the CSRF token', async () => {
    const c = await loginAs(app, 'wgz001')
    const noToken = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: c.cookie } })
    expect(noToken.statusCode).toBe(403)
    expect(json(noToken)).toMatchObject({ error: 'csrf', details: [{ field: 'headers.x-csrf-token' }] })
    const wrong = await c.post('/api/auth/logout', undefined, { 'x-csrf-token': 'x'.repeat(43) })
    expect(wrong.statusCode).toBe(403)
    expect((await c.get('/api/auth/session')).statusCode).toBe(200)
    expect((await c.post('/api/auth/logout')).statusCode).toBe(204)
    expect((await c.get('/api/auth/session')).statusCode).toBe(401)
  })

  it('lists my sessions and ends another one of them', async () => {
    const laptop = await loginAs(app, 'shichangjie')
    const tablet = await loginAs(app, 'shichangjie')
    const mine = json<{ items: SessionInfo[] }>(await laptop.get('/api/auth/sessions')).items
    expect(mine.length).toBeGreaterThanOrEqual(2)
    expect(mine.filter(s => s.current)).toHaveLength(1)
    const other = mine.find(s => !s.current)!
    expect(other.id).not.toContain(tablet.cookie.split('=')[1])
    expect((await laptop.delete(`/api/auth/sessions/${other.id}`)).statusCode).toBe(204)
    expect((await laptop.delete(`/api/auth/sessions/${other.id}`)).statusCode).toBe(404)
    // someone else's session id is not mine to end
    const adminSession = json<{ items: SessionInfo[] }>(await admin.get('/api/auth/sessions')).items[0]!
    expect((await laptop.delete(`/api/auth/sessions/${adminSession.id}`)).statusCode).toBe(404)
    expect((await admin.get('/api/auth/session')).statusCode).toBe(200)
  })

  it('throttles login attempts per address', async () => {
    const strict = await buildTestApp({ auth: { loginRatePerMinute: 3 } })
    const codes: number[] = []
    for (let i = 0; i < 5; i++)
      codes.push((await strict.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'nope' } })).statusCode)
    expect(codes).toEqual([401, 401, 401, 429, 429])
    const last = await strict.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'nope' } })
    expect(json(last).error).toBe('rate_limited')
    await strict.close()
  })
})

describe('personal data', () => {
  it('masks staff phones in every detail and records an explicit reveal without the number', async () => {
    const community = await loginAs(app, 'shichangjie')
    const grid = json<GridDetail>(await community.get('/api/grids/370902001002001'))
    for (const s of grid.staff)
      expect(s.phone).toMatch(/^1\d\d\*{4}\d{4}$/)
    const staff = json<{ items: { phone: string }[] }>(await community.get('/api/grids/370902001002001/staff'))
    expect(staff.items.every(s => s.phone.includes('****'))).toBe(true)
    const revealed = json<{ phone: string }>(await community.post(`/api/staff/${grid.staff[0]!.id}/reveal`, { field: 'phone', reason: '联系网格长核实情况' }))
    expect(revealed.phone).toMatch(/^1\d{10}$/)
    expect(revealed.phone.slice(-4)).toBe(grid.staff[0]!.phone.slice(-4))
    const entry = (await audit('action=reveal&username=shichangjie'))[0]!
    expect(entry).toMatchObject({ role: 'community', target: `staff:${grid.staff[0]!.id}` })
    expect(entry.summary).toContain('联系网格长核实情况')
    expect(entry.summary).not.toContain(revealed.phone)
  })

  it('refuses a reveal without the CSRF token and with a bad body', async () => {
    const c = await loginAs(app, 'admin')
    const noCsrf = await app.inject({ method: 'POST', url: '/api/staff/1/reveal', headers: { cookie: c.cookie }, payload: { field: 'phone' } })
    expect(noCsrf.statusCode).toBe(403)
    const bad = await c.post('/api/staff/1/reveal', { field: 'idNumber' })
    expect(bad.statusCode).toBe(400)
    expect(json(bad).details[0].field).toBe('body.field')
  })
})

describe('accounts administration', () => {
  it('creates users with validated role and scope, naming the bad field', async () => {
    const bad: [object, string, number][] = [
      [{ username: 'li.si', displayName: '李四', password: 'short1', role: 'street', scopeCode: '370902001' }, 'body.password', 400],
      [{ username: 'li.si', displayName: '李四', password: 'onlyletters', role: 'street', scopeCode: '370902001' }, 'body.password', 400],
      [{ username: 'li.si', displayName: '李四', password: 'abcd12345', role: 'community', scopeCode: '370902001' }, 'body.scopeCode', 400],
      [{ username: 'li.si', displayName: '李四', password: 'abcd12345', role: 'community', scopeCode: '370902001999' }, 'body.scopeCode', 400],
      [{ username: 'li.si', displayName: '李四', password: 'abcd12345', role: 'grid_member' }, 'body.staffId', 400],
      [{ username: 'Li Si', displayName: '李四', password: 'abcd12345', role: 'admin' }, 'body.username', 400],
      [{ username: 'li.si', displayName: '李四', password: 'abcd12345', role: 'mayor' }, 'body.role', 400],
      [{ username: 'admin', displayName: '重名', password: 'abcd12345', role: 'admin' }, 'body.username', 409],
    ]
    for (const [body, field, status] of bad) {
      const res = await admin.post('/api/admin/users', body)
      expect(res.statusCode, JSON.stringify(body)).toBe(status)
      expect(json(res).details.map((d: { field: string }) => d.field)).toContain(field)
    }
    expect(json<PageOf<User>>(await admin.get('/api/admin/users?q=li.si')).total).toBe(0)

    const created = await admin.post('/api/admin/users', { username: 'li.si', displayName: '李四', password: 'abcd12345', role: 'community', scopeCode: '370902001001' })
    expect(created.statusCode).toBe(201)
    expect(json<User>(created)).toMatchObject({ username: 'li.si', role: 'community', scopeName: '东湖社区', disabled: false })
    const lisi = await loginAs(app, 'li.si', 'abcd12345')
    expect((await lisi.get('/api/grids/370902001001001')).statusCode).toBe(200)
    expect((await lisi.get('/api/grids/370902001002001')).statusCode).toBe(404)
  })

  it('disabling a user or resetting a password ends their sessions', async () => {
    const id = json<PageOf<User>>(await admin.get('/api/admin/users?q=li.si')).items[0]!.id
    const lisi = await loginAs(app, 'li.si', 'abcd12345')
    expect((await admin.patch(`/api/admin/users/${id}`, { password: 'newpass2026' })).statusCode).toBe(200)
    expect((await lisi.get('/api/auth/session')).statusCode).toBe(401)
    expect((await login('li.si', 'abcd12345')).statusCode).toBe(401)
    const again = await loginAs(app, 'li.si', 'newpass2026')
    expect(json<User>(await admin.patch(`/api/admin/users/${id}`, { disabled: true })).disabled).toBe(true)
    expect((await again.get('/api/auth/session')).statusCode).toBe(401)
    expect((await login('li.si', 'newpass2026')).statusCode).toBe(401)
    expect((await admin.patch('/api/admin/users/99999', { disabled: true })).statusCode).toBe(404)
    const self = json<Session>(await admin.get('/api/auth/session')).me.id
    expect((await admin.patch(`/api/admin/users/${self}`, { disabled: true })).statusCode).toBe(400)
  })
})

describe('audit log', () => {
  it('records logins, failures, denials, writes and reveals, and never a secret', async () => {
    const actions = new Set((await audit('')).map(e => e.action))
    for (const a of ['login.success', 'login.failure', 'login.locked', 'logout', 'session.revoke', 'access.denied', 'reveal', 'user.create', 'user.update'])
      expect(actions, a).toContain(a)
    const all = app.database.sqlite.prepare('SELECT * FROM audit_log').all() as Record<string, unknown>[]
    const text = JSON.stringify(all)
    for (const secret of ['Demo@2026', 'abcd12345', 'newpass2026', admin.csrf, admin.cookie.split('=')[1]!])
      expect(text).not.toContain(secret)
    expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/) // no unmasked mobile number
  })

  it('searches by user, action and day', async () => {
    const day = new Date(clock + 8 * 3_600_000).toISOString().slice(0, 10) // today in UTC+8
    const found = await audit(`username=li.si&action=login.success&from=${day}&to=${day}`)
    expect(found.length).toBeGreaterThan(0)
    expect(found.every(e => e.username === 'li.si' && e.action === 'login.success')).toBe(true)
    expect(await audit('from=2000-01-01&to=2000-01-02')).toEqual([])
    const bad = await admin.get('/api/admin/audit?from=2026-02-30x')
    expect(bad.statusCode).toBe(400)
    expect(json(bad).details[0].field).toBe('query.from')
    expect((await admin.get('/api/admin/audit?from=2026-03-02&to=2026-03-01')).statusCode).toBe(400)
  })

  it('is append-only: no updates, no deletes younger than 180 days, old rows purged', async () => {
    const { sqlite } = app.database
    expect(() => sqlite.prepare(`UPDATE audit_log SET summary = 'edited'`).run()).toThrow(/append-only/)
    expect(() => sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/180 days/)
    const old = Date.now() - 200 * 86_400_000
    sqlite.prepare(`INSERT INTO audit_log (at, action, summary) VALUES (?, 'login.failure', 'old')`).run(old)
    expect(app.audit.purge(180)).toBe(1)
    expect(() => app.audit.purge(30)).toThrow(/180 days/)
  })
})
