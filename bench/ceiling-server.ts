/**
 * What this machine can do at all, for the intake benchmark: Fastify parsing the same JSON body and
 * inserting one row per request into a cases-like table with nine indexes, batched per turn of the
 * event loop with one WAL fsync per batch before any answer — and nothing else: no session, CSRF,
 * validation, location, case number, event, audit or rollups. Prints LISTENING <url>.
 */
import { fsync, mkdtempSync, openSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import Fastify from 'fastify'

const file = join(mkdtempSync(join(tmpdir(), 'gridgov-bench-ceiling-')), 'ceiling.sqlite')
const db = new Database(file)
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.exec(`CREATE TABLE cases (id INTEGER PRIMARY KEY, number TEXT UNIQUE, category_code TEXT, description TEXT, lon REAL, lat REAL,
  grid_code TEXT, community_code TEXT, reporter_phone TEXT, status TEXT, reported_at INTEGER)`)
for (const [name, columns] of [['grid', 'grid_code, status'], ['community', 'community_code, status'], ['reported', 'reported_at'], ['category', 'category_code, reported_at'], ['phone', 'reporter_phone'], ['status', 'status'], ['lon', 'lon'], ['lat', 'lat']])
  db.exec(`CREATE INDEX cases_${name} ON cases (${columns})`)
const insert = db.prepare(`INSERT INTO cases (number, category_code, description, lon, lat, grid_code, community_code, reporter_phone, status, reported_at)
  VALUES (?, ?, ?, ?, ?, '370902001002001', '370902001002', ?, 'reported', ?)`)

interface Body { categoryCode: string, description: string, lon: number, lat: number, reporterPhone: string }
let queue: { body: Body, answer: (id: number) => void }[] = []
let n = 0
const wal = openSync(`${file}-wal`, 'r')
const write = db.transaction((bodies: Body[]) => bodies.map(b => Number(insert.run(`N${++n}`, b.categoryCode, b.description, b.lon, b.lat, b.reporterPhone, Date.now()).lastInsertRowid)))

function flush() {
  const batch = queue
  queue = []
  const ids = write(batch.map(j => j.body))
  fsync(wal, () => batch.forEach((j, i) => j.answer(ids[i]!)))
}

const app = Fastify()
app.post('/api/cases', (request, reply) => {
  if (queue.push({ body: request.body as Body, answer: id => void reply.code(201).send({ case: { id, status: 'reported' } }) }) === 1)
    setImmediate(flush)
})
await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
console.log(`LISTENING http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`)
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
