import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

export interface TileLayerConfig {
  url: string
  attribution: string
  /** coordinate system of the tiles: wgs84/CGCS2000 (e.g. Tianditu) or gcj02 (e.g. AMap) */
  crs: 'wgs84' | 'gcj02'
  maxZoom: number
}

export interface AppConfig {
  port: number
  host: string
  /** folder for the SQLite file (and, later, uploads) */
  dataDir: string
  /** the built dashboard; served at / when present */
  webDist: string
  /** optional basemap; the product works without one */
  tileLayer: TileLayerConfig | null
  logLevel: string
  auth: {
    idleMs: number
    absoluteMs: number
    secureCookie: boolean
    auditRetentionDays: number
    loginRatePerMinute: number
    lockThreshold: number
    lockMs: number
  }
  trustProxy: boolean
  /** KPI_MIN_SAMPLE: fewer cases than this → the KPI shows "—" and is not ranked */
  kpiMinSample: number
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name]
  if (raw === undefined || raw === '')
    return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || n < min)
    throw new Error(`${name} must be a number ≥ ${min}, got ${raw}`)
  return n
}

/** Reads configuration from the environment (README → Configuration). Throws on bad values. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = Number(env.PORT ?? 3000)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be an integer 0–65535, got ${env.PORT}`)
  const tileUrl = env.TILE_URL?.trim()
  const crs = env.TILE_CRS ?? 'wgs84'
  if (crs !== 'wgs84' && crs !== 'gcj02')
    throw new Error(`TILE_CRS must be wgs84 or gcj02, got ${crs}`)
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? join(repoRoot, 'data', '.local')),
    webDist: resolve(env.WEB_DIST ?? join(repoRoot, 'apps', 'web', 'dist')),
    tileLayer: tileUrl
      ? { url: tileUrl, attribution: env.TILE_ATTRIBUTION ?? '', crs, maxZoom: Number(env.TILE_MAX_ZOOM ?? 18) }
      : null,
    logLevel: env.LOG_LEVEL ?? 'info',
    auth: {
      idleMs: positive(env, 'SESSION_IDLE_MINUTES', 30) * 60_000,
      absoluteMs: positive(env, 'SESSION_MAX_HOURS', 12) * 3_600_000,
      secureCookie: env.COOKIE_SECURE === 'true',
      auditRetentionDays: positive(env, 'AUDIT_RETENTION_DAYS', 180, 180),
      // sign-in attempts per client address per minute: an office behind one shared address needs more
      loginRatePerMinute: Math.round(positive(env, 'LOGIN_RATE_PER_MINUTE', 20)),
      // failures in a row (per username and address) before a lock, and the first lock's length
      lockThreshold: Math.round(positive(env, 'LOGIN_LOCK_AFTER', 5, 2)),
      lockMs: positive(env, 'LOGIN_LOCK_MINUTES', 15) * 60_000,
    },
    trustProxy: env.TRUST_PROXY === 'true',
    kpiMinSample: Math.round(positive(env, 'KPI_MIN_SAMPLE', 10)),
  }
}

/** Where the SQLite file lives inside the data folder. */
export const databaseFile = (dataDir: string) => join(dataDir, 'gridgov.sqlite')
