/** The real server on a copy of the city dataset, for the intake benchmark. Prints LISTENING <url>. */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, seedDemoAccounts } from '@gridgov/db'
import { buildApp } from '../apps/api/src/app'

const database = openDatabase(process.env.BENCH_DB!)
seedDemoAccounts(database)
const app = await buildApp({ database, seed: false, groupCommit: process.env.GROUP_COMMIT === '1', uploadsDir: mkdtempSync(join(tmpdir(), 'gridgov-bench-uploads-')) })
await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
console.log(`LISTENING http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`)
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
