/**
 * Starts GridGov: one process serving the API and the built dashboard on one port, with the
 * SQLite file in DATA_DIR (created, migrated and seeded on first start).
 */
import { join } from 'node:path'
import { buildApp } from './app'
import { databaseFile, loadConfig } from './config'

const config = loadConfig()
const app = await buildApp({
  databaseFile: databaseFile(config.dataDir),
  webDist: config.webDist,
  uploadsDir: join(config.dataDir, 'uploads'),
  tileLayer: config.tileLayer,
  logger: { level: config.logLevel },
  auth: config.auth,
  trustProxy: config.trustProxy,
  kpiMinSample: config.kpiMinSample,
})

// Graceful shutdown: stop accepting, finish in-flight requests, close the database.
let closing = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing)
      return
    closing = true
    app.log.info({ signal }, 'shutting down')
    app.close().then(() => process.exit(0), (err) => {
      app.log.error({ err }, 'error during shutdown')
      process.exit(1)
    })
  })
}

try {
  await app.listen({ port: config.port, host: config.host })
  app.log.info(`GridGov is ready: http://localhost:${config.port}/ (API docs at /docs, data in ${config.dataDir})`)
}
catch (err) {
  app.log.error({ err }, 'failed to start')
  process.exit(1)
}
