import type { App } from '../src/app'
import type { Client } from './helper'
/**
 * The schema-driven bad-input sweep (issue 12 §1): every operation of the OpenAPI document, called
 * anonymously and as each role (past CSRF), with each input made wrong in each of many ways —
 * wrong types, numbers out of every range (1e20, 1e400, NaN), huge and hostile strings, arrays and
 * objects where scalars belong, malformed bodies and headers. Every answer must be below 500, every
 * 4xx must have the one error shape, and a refused request must change no row (counted by
 * temporary triggers on every data table of the connection the app writes through).
 *
 * Bad values are put into an otherwise well-formed request (real codes and ids of the demo
 * district), so they reach the code behind validation, not just the first schema check.
 */
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, json, loginAs } from './helper'

interface Schema { type?: string | string[], properties?: Record<string, Schema>, required?: string[], items?: Schema | Schema[], prefixItems?: Schema[], enum?: unknown[], const?: unknown, anyOf?: Schema[], oneOf?: Schema[], pattern?: string, format?: string, minLength?: number, maxLength?: number, minimum?: number, maximum?: number, exclusiveMinimum?: number, minItems?: number, default?: unknown }
interface Parameter { in: 'query' | 'path' | 'header', name: string, required?: boolean, schema: Schema }
interface Operation { method: string, path: string, parameters: Parameter[], body?: Schema, multipart: boolean }
interface Outcome { status: number, body: string, contentType: string, changed: number }

let app: App
const callers: Record<string, Client | null> = {}
/** real values of the demo district for well-formed requests */
const sample: Record<string, string> = {}

// Tables whose rows a refused request must leave alone. Not watched: the audit log (denials are
// recorded on purpose), sessions (a read refreshes last_seen_at), sign-in failures (counted on purpose).
const UNWATCHED = new Set(['audit_log', 'sessions', 'login_attempts', '__drizzle_migrations', 'sqlite_sequence'])

function watchWrites() {
  const { sqlite } = app.database
  sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS sweep_writes (n INTEGER NOT NULL)')
  sqlite.exec('INSERT INTO sweep_writes VALUES (0)')
  const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[]
  for (const t of tables.filter(t => !UNWATCHED.has(t))) {
    for (const op of ['INSERT', 'UPDATE', 'DELETE'])
      sqlite.exec(`CREATE TEMP TRIGGER sweep_${t}_${op} AFTER ${op} ON main."${t}" BEGIN UPDATE sweep_writes SET n = n + 1; END`)
  }
  return () => sqlite.prepare('SELECT n FROM sweep_writes').pluck().get() as number
}
let writes: () => number

/** A value that satisfies the schema, from the demo district where a code or id is asked for. */
function valid(schema: Schema | undefined, name = ''): unknown {
  if (!schema)
    return undefined
  if (schema.const !== undefined)
    return schema.const
  if (schema.enum)
    return schema.enum[0]
  if (schema.default !== undefined)
    return schema.default
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives)
    return valid(alternatives.find(a => a.type !== 'null') ?? alternatives[0], name)
  const type = Array.isArray(schema.type) ? schema.type.find(t => t !== 'null') : schema.type
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const key of schema.required ?? [])
        out[key] = valid(schema.properties?.[key], key)
      return out
    }
    case 'array': {
      const items = schema.prefixItems ?? (Array.isArray(schema.items) ? schema.items : undefined)
      if (items)
        return items.map(i => valid(i))
      return Array.from({ length: schema.minItems ?? 0 }, () => valid(schema.items as Schema))
    }
    case 'integer':
    case 'number':
      if (/lon/i.test(name))
        return 117.13
      if (/lat/i.test(name))
        return 36.19
      if (/id$/i.test(name))
        return 1
      return schema.minimum ?? (schema.exclusiveMinimum === undefined ? 1 : schema.exclusiveMinimum + 1)
    case 'boolean':
      return false
    case 'string': {
      if (schema.format === 'date')
        return '2026-11-30'
      if (schema.format === 'date-time')
        return '2026-11-30T08:00:00.000Z'
      const p = schema.pattern ?? ''
      for (const [digits, key] of [['18', 'building'], ['15', 'grid'], ['12', 'community'], ['9', 'street']] as const) {
        if (p.includes(`{${digits}}`))
          return sample[key]
      }
      if (p.includes('[CES]'))
        return p.includes('{4}') ? 'C0104' : 'C01'
      if (p.startsWith('^1[3-9]') || p.includes('1[3-9][0-9]{9}'))
        return '13800138000'
      if (p.includes('A-Za-z0-9_-'))
        return 'A'.repeat(Math.max(schema.minLength ?? 0, 24))
      if (p.includes('[a-z]'))
        return 'sweepuser'
      return '测试内容'.padEnd(Math.max(schema.minLength ?? 1, 8), '。').slice(0, schema.maxLength ?? 100)
    }
    default:
      return null
  }
}

/** Ways to make a JSON value wrong: types, ranges, sizes, hostile text. */
const BAD_JSON: unknown[] = [
  1e20,
  -1e20,
  2 ** 63,
  -1,
  0,
  1.5,
  'abc',
  '',
  '9'.repeat(40),
  'x'.repeat(20_000),
  null,
  true,
  [],
  {},
  [1, 2, 3],
  { $gt: 1 },
  '<img src=x onerror=alert(1)>',
  '\u0000\uFFFF\uD800',
  '\'; DROP TABLE cases; --',
]
/** The same, for a query string or path segment (1e400 and NaN can only be written as text). */
const BAD_TEXT: string[] = ['1e400', '-1e400', 'NaN', 'Infinity', '1e20', '-1', '0', '1.5', '0x10', 'abc', '', ' 1', '9'.repeat(40), 'x'.repeat(5000), '%00', '<script>', '\'--', '../../etc/passwd', '[]', '{}', 'true']

/** JSON bodies with numbers JSON.stringify cannot write. */
function rawWith(body: Record<string, unknown>, key: string, literal: string): string {
  return JSON.stringify({ ...body, [key]: '__RAW__' }).replace('"__RAW__"', literal)
}

function operations(doc: { paths: Record<string, Record<string, { parameters?: Parameter[], requestBody?: { content: Record<string, { schema: Schema }> } }>> }): Operation[] {
  const out: Operation[] = []
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const content = op.requestBody?.content ?? {}
      out.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: content['application/json']?.schema,
        multipart: path === '/api/uploads' || 'multipart/form-data' in content,
      })
    }
  }
  return out
}

function urlOf(op: Operation, pathValues: Record<string, string>, query: Record<string, string | string[]>) {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(pathValues[name] ?? ''))
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(query))
    (Array.isArray(v) ? v : [v]).forEach(x => qs.append(k, x))
  const s = qs.toString()
  return s ? `${path}?${s}` : path
}

function validPath(op: Operation): Record<string, string> {
  const out: Record<string, string> = {}
  for (const p of op.parameters.filter(p => p.in === 'path'))
    out[p.name] = p.name === 'kind' ? 'grids' : String(valid(p.schema, p.name))
  return out
}

async function call(caller: Client | null, method: string, url: string, payload?: string | Buffer, headers: Record<string, string> = {}): Promise<Outcome> {
  const before = writes()
  const auth: Record<string, string> = caller ? { 'cookie': caller.cookie, 'x-csrf-token': caller.csrf } : {}
  const res = await app.inject({ method: method as 'GET', url, headers: { ...auth, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, ...(payload !== undefined ? { payload } : {}) })
  return { status: res.statusCode, body: res.body, contentType: String(res.headers['content-type'] ?? ''), changed: writes() - before }
}

/** Every bad request of one operation, for one caller. */
function* badRequests(op: Operation): Generator<{ what: string, url: string, payload?: string | Buffer, headers?: Record<string, string> }> {
  const pathValues = validPath(op)
  const query = Object.fromEntries(op.parameters.filter(p => p.in === 'query' && p.required).map(p => [p.name, String(valid(p.schema, p.name))]))
  const body = op.body ? valid(op.body) as Record<string, unknown> : undefined
  const payload = body === undefined ? undefined : JSON.stringify(body)
  for (const p of op.parameters.filter(p => p.in === 'path')) {
    for (const bad of BAD_TEXT.filter(b => b !== ''))
      yield { what: `path ${p.name}=${bad.slice(0, 20)}`, url: urlOf(op, { ...pathValues, [p.name]: bad }, query), payload }
  }
  for (const p of op.parameters.filter(p => p.in === 'query')) {
    for (const bad of BAD_TEXT)
      yield { what: `query ${p.name}=${bad.slice(0, 20)}`, url: urlOf(op, pathValues, { ...query, [p.name]: bad }), payload }
    yield { what: `query ${p.name} repeated`, url: urlOf(op, pathValues, { ...query, [p.name]: ['1', 'abc', '1e400'] }), payload }
  }
  const url = urlOf(op, pathValues, query)
  yield { what: 'unknown query parameter', url: `${url}${url.includes('?') ? '&' : '?'}__proto__=1&constructor=x`, payload }
  if (op.method === 'GET')
    return
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const keys = Object.keys(op.body?.properties ?? {})
    for (const key of keys) {
      for (const bad of BAD_JSON)
        yield { what: `body.${key}=${JSON.stringify(bad)?.slice(0, 20)}`, url, payload: JSON.stringify({ ...body, [key]: bad }) }
      for (const literal of ['1e400', '-1e400', '1e308', '-0'])
        yield { what: `body.${key}=${literal}`, url, payload: rawWith(body, key, literal) }
    }
    yield { what: 'unknown body property', url, payload: JSON.stringify({ ...body, __proto__x: 1, constructor: { prototype: 1 } }) }
  }
  for (const [what, raw] of [['array body', '[1,2]'], ['string body', '"x"'], ['number body', '1e400'], ['null body', 'null'], ['malformed JSON', '{"a":'], ['deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`], ['empty body', '']] as const)
    yield { what, url, payload: raw }
  yield { what: 'wrong content type', url, payload: payload ?? '{}', headers: { 'content-type': 'text/plain' } }
  yield { what: 'multipart without boundary', url, payload: Buffer.from('--x\r\n\r\n'), headers: { 'content-type': 'multipart/form-data' } }
  yield { what: 'bad If-Match', url, payload, headers: { 'if-match': '"not-a-version"' } }
  yield { what: 'huge If-Match', url, payload, headers: { 'if-match': `"${'9'.repeat(400)}"` } }
  yield { what: 'bad Idempotency-Key', url, payload, headers: { 'idempotency-key': '🙂 bad key' } }
}

function checkOutcome(who: string, op: Operation, what: string, out: Outcome, problems: string[]) {
  const where = `${who} ${op.method} ${op.path} — ${what}`
  if (out.status >= 500)
    problems.push(`${where}: ${out.status} ${out.body.slice(0, 200)}`)
  if (out.status >= 400) {
    let parsed: { error?: unknown, message?: unknown, details?: unknown } | undefined
    try {
      parsed = JSON.parse(out.body)
    }
    catch {}
    if (!out.contentType.startsWith('application/json') || typeof parsed?.error !== 'string' || typeof parsed.message !== 'string' || !Array.isArray(parsed.details))
      problems.push(`${where}: ${out.status} without the error shape: ${out.body.slice(0, 120)}`)
    if (out.changed !== 0)
      problems.push(`${where}: refused with ${out.status} but changed ${out.changed} row(s)`)
  }
}

beforeAll(async () => {
  app = await buildTestApp({ auth: { loginRatePerMinute: 1_000_000 }, publicReportsPerHour: 1_000_000, publicLookupsPerHour: 1_000_000 })
  const { sqlite } = app.database
  const building = sqlite.prepare(`SELECT code FROM buildings WHERE grid_code LIKE '370902001002%' ORDER BY code LIMIT 1`).pluck().get() as string
  Object.assign(sample, { building, grid: building.slice(0, 15), community: building.slice(0, 12), street: building.slice(0, 9) })
  callers.anonymous = null
  for (const username of ['admin', 'daimiao', 'shichangjie', 'wgz001', 'wgy001'])
    callers[username] = await loginAs(app, username)
  writes = watchWrites()
}, 60_000)
afterAll(() => app.close())

describe('the bad-input sweep over every operation', () => {
  it('covers every operation of the API document', async () => {
    const ops = operations(json(await app.inject({ url: '/docs/json' })))
    expect(ops.length).toBeGreaterThan(60)
    expect(ops.filter(o => o.method !== 'GET').length).toBeGreaterThan(20)
  })

  it('bounds every number a client sends, both ways', async () => {
    const unbounded: string[] = []
    const visit = (schema: Schema | undefined, where: string) => {
      if (!schema)
        return
      const type = Array.isArray(schema.type) ? schema.type : [schema.type]
      if ((type.includes('integer') || type.includes('number')) && !schema.enum && schema.const === undefined
        && ((schema.minimum ?? schema.exclusiveMinimum) === undefined || (schema.maximum ?? (schema as { exclusiveMaximum?: number }).exclusiveMaximum) === undefined)) {
        unbounded.push(where)
      }
      for (const [k, v] of Object.entries(schema.properties ?? {}))
        visit(v, `${where}.${k}`)
      for (const v of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.prefixItems ?? []), ...(Array.isArray(schema.items) ? schema.items : schema.items ? [schema.items] : [])])
        visit(v, `${where}[]`)
    }
    for (const op of operations(json(await app.inject({ url: '/docs/json' })))) {
      for (const p of op.parameters)
        visit(p.schema, `${op.method} ${op.path} ${p.in}.${p.name}`)
      visit(op.body, `${op.method} ${op.path} body`)
    }
    expect(unbounded).toEqual([])
  })

  it('answers every bad request below 500, in the error shape, changing nothing', async () => {
    const ops = operations(json(await app.inject({ url: '/docs/json' })))
      // logout would end the caller's session for the rest of the sweep; it takes no input
      .filter(o => o.path !== '/api/auth/logout')
    const problems: string[] = []
    let requests = 0
    for (const [who, caller] of Object.entries(callers)) {
      for (const op of ops) {
        for (const bad of badRequests(op)) {
          // anonymous callers stop at 401 for most routes: a sample of each is enough
          if (!caller && requests % 7 !== 0 && !op.path.startsWith('/api/public') && !op.path.startsWith('/api/auth/login')) {
            requests++
            continue
          }
          requests++
          checkOutcome(who, op, bad.what, await call(caller, op.method, bad.url, bad.payload, bad.headers), problems)
        }
      }
    }
    expect(requests).toBeGreaterThan(10_000)
    expect(problems, problems.slice(0, 30).join('\n')).toEqual([])
  }, 600_000)

  it('answers malformed multipart uploads and oversized requests in the error shape', async () => {
    const problems: string[] = []
    const op: Operation = { method: 'POST', path: '/api/uploads', parameters: [], multipart: true }
    const leader = callers.wgz001!
    const boundary = '----sweep'
    const parts = [
      ['no boundary', 'multipart/form-data', Buffer.from('x')],
      ['boundary, no parts', `multipart/form-data; boundary=${boundary}`, Buffer.from(`--${boundary}--\r\n`)],
      ['truncated part', `multipart/form-data; boundary=${boundary}`, Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n\xFF\xD8\xFF`)],
      ['wrong field', `multipart/form-data; boundary=${boundary}`, Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="a.jpg"\r\n\r\nabc\r\n--${boundary}--\r\n`)],
      ['two files', `multipart/form-data; boundary=${boundary}`, Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\nabc\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="b.jpg"\r\n\r\nabc\r\n--${boundary}--\r\n`)],
      ['a field, not a file', `multipart/form-data; boundary=${boundary}`, Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc\r\n--${boundary}--\r\n`)],
    ] as const
    for (const [what, type, body] of parts)
      checkOutcome('wgz001', op, what, await call(leader, 'POST', '/api/uploads', body, { 'content-type': type }), problems)
    expect(problems, problems.join('\n')).toEqual([])

    // a JSON body over the 1 MB limit
    const big = await call(leader, 'POST', '/api/cases', JSON.stringify({ description: 'x'.repeat(1_100_000) }))
    expect(big.status).toBe(413)
    expect(json({ body: big.body })).toMatchObject({ error: 'too_large', details: [{ field: 'body' }] })
    // a request target past the URL limit
    const long = await call(leader, 'GET', `/api/grids?q=${'a'.repeat(9000)}`)
    expect(long.status).toBe(414)
    expect(json({ body: long.body })).toMatchObject({ error: 'uri_too_long' })
    // a URL that is not valid percent-encoding
    const badUrl = await call(leader, 'GET', '/api/grids/%E0%A4%A')
    expect(badUrl.status).toBe(400)
    expect(json({ body: badUrl.body })).toMatchObject({ error: 'bad_request', details: [{ field: 'url' }] })
  })

  it('answers what the HTTP parser refuses (431, a malformed request line) in the shape too, over a real socket', async () => {
    const server = await buildTestApp()
    const address = await server.listen({ port: 0, host: '127.0.0.1' })
    const { port } = new URL(address)
    const raw = (request: string) => new Promise<string>((done, fail) => {
      const socket = connect(Number(port), '127.0.0.1')
      let answer = ''
      socket.on('data', (d) => {
        answer += String(d)
      })
      socket.on('end', () => done(answer))
      socket.on('error', fail)
      socket.end(request)
    })
    try {
      const huge = await raw(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)
      expect(huge).toMatch(/^HTTP\/1\.1 431/)
      expect(JSON.parse(huge.slice(huge.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: 'headers_too_large', details: [{ field: 'headers' }] })
      const garbage = await raw('NOT A REQUEST\r\n\r\n')
      expect(garbage).toMatch(/^HTTP\/1\.1 400/)
      expect(JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: 'bad_request', details: [] })
    }
    finally {
      await server.close()
    }
  })

  it('answers unknown paths — API or probe — with a JSON 404, never the dashboard', async () => {
    for (const url of ['/api/nope', '/api/healthz', '/metrics', '/healthz', '/api', '/docs/nope', '/.env', '/assets/missing.js']) {
      const res = await app.inject({ url, headers: { accept: '*/*' } })
      expect(res.statusCode, url).toBe(404)
      expect(res.headers['content-type'], url).toMatch(/^application\/json/)
      expect(json(res), url).toMatchObject({ error: 'not_found', details: [{ field: 'url' }] })
    }
  })
})
