import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Database } from '@gridgov/db'
import type { FastifyServerOptions } from 'fastify'
import type { TileLayerConfig } from './config'
import type { AuthOptions } from './plugins/auth'
/**
 * Builds the Fastify application: external plugins (errors, OpenAPI, compression, database),
 * then routes, then the dashboard. `server.ts` listens; tests call `buildApp` and `app.inject`.
 */
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import compress from '@fastify/compress'
import { DEFAULT_MIN_SAMPLE } from '@gridgov/domain'
import Fastify from 'fastify'
import { loggerOptions } from './logging'
import auth, { DEFAULT_AUTH } from './plugins/auth'
import database from './plugins/database'
import durability from './plugins/durability'
import errors, { clientErrorHandler, frameworkErrors } from './plugins/errors'
import jobs from './plugins/jobs'
import openapi from './plugins/openapi'
import repositories from './plugins/repositories'
import security from './plugins/security'
import services from './plugins/services'
import webApp from './plugins/web-app'
import admin from './routes/admin/audit'
import adminUsers from './routes/admin/users'
import authRoutes from './routes/auth/index'
import caseRoutes from './routes/cases/index'
import publicCaseRoutes from './routes/cases/public'
import clientConfig from './routes/client-config'
import dashboardRoutes from './routes/dashboard/index'
import health from './routes/health'
import layers from './routes/layers'
import listRoutes from './routes/lists/index'
import locate from './routes/locate'
import revealRoutes from './routes/reveals'
import buildings from './routes/territory/buildings'
import communities from './routes/territory/communities'
import grids from './routes/territory/grids'
import streets from './routes/territory/streets'
import uploadRoutes from './routes/uploads'

export interface BuildAppOptions {
  /** SQLite file, or ':memory:' */
  databaseFile?: string
  /** an already-open database to use instead of opening `databaseFile` */
  database?: Database
  seed?: boolean
  webDist?: string
  tileLayer?: TileLayerConfig | null
  logger?: FastifyServerOptions['logger']
  auth?: Partial<AuthOptions>
  /** clock in ms (tests move it past session expiries) */
  now?: () => number
  /** group commit: one WAL fsync per batch of acknowledged writes (default true); false = one per commit */
  groupCommit?: boolean
  /** where photos are stored (DATA_DIR/uploads in the server) */
  uploadsDir?: string
  /** resident reports accepted per address per hour (default 20) */
  publicReportsPerHour?: number
  /** tracking-code lookups per address per hour (default 300) */
  publicLookupsPerHour?: number
  /** trust X-Forwarded-For from a reverse proxy (for client addresses in the audit log) */
  trustProxy?: boolean
  /** KPIs on fewer cases than this show "—" and are not ranked (default 10) */
  kpiMinSample?: number
  /** ms between SLA sweeps (default 15 s; 0: only at start — tests sweep by hand) */
  slaSweepMs?: number
}

export async function buildApp(options: BuildAppOptions = {}) {
  const authOptions = { ...DEFAULT_AUTH, ...options.auth }
  const app = Fastify({
    logger: loggerOptions(options.logger ?? false),
    trustProxy: options.trustProxy ?? false,
    frameworkErrors,
    clientErrorHandler,
    // JSON bodies are small here; large uploads get their own limits on their own routes
    bodyLimit: 1024 * 1024,
    ajv: {
      customOptions: {
        // Fastify's default strips unknown properties silently; we reject them (400, named field)
        removeAdditional: false,
        // NaN and ±Infinity are not numbers (what Ajv's coercion still lets through is refused by
        // the errors plugin's finite-number check)
        strictNumbers: true,
        allErrors: true,
        coerceTypes: 'array',
        useDefaults: true,
      },
    },
  }).withTypeProvider<TypeBoxTypeProvider>()

  await app.register(errors)
  await app.register(openapi)
  await app.register(security, { tileUrl: options.tileLayer?.url })
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] })
  await app.register(database, { file: options.databaseFile ?? ':memory:', database: options.database, seed: options.seed, uploadsDir: options.uploadsDir })
  await app.register(repositories, { login: authOptions })
  await app.register(services, { minSample: options.kpiMinSample ?? DEFAULT_MIN_SAMPLE })

  await app.register(auth, { auth: authOptions, now: options.now })
  await app.register(durability, { enabled: options.groupCommit ?? true })
  await app.register(jobs, options.slaSweepMs === undefined ? {} : { slaSweepMs: options.slaSweepMs })

  await app.register(health)
  await app.register(authRoutes)
  await app.register(adminUsers)
  await app.register(admin)
  await app.register(revealRoutes)
  await app.register(clientConfig, { tileLayer: options.tileLayer ?? null })
  await app.register(streets)
  await app.register(communities)
  await app.register(grids)
  await app.register(buildings)
  await app.register(layers)
  await app.register(locate)
  await app.register(caseRoutes)
  await app.register(dashboardRoutes)
  await app.register(publicCaseRoutes, { reportsPerHour: options.publicReportsPerHour, lookupsPerHour: options.publicLookupsPerHour })
  await app.register(listRoutes)
  await app.register(uploadRoutes, { uploadsDir: options.uploadsDir ?? join(tmpdir(), 'gridgov-uploads') })

  await app.register(webApp, { webDist: options.webDist ?? '' })
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>
