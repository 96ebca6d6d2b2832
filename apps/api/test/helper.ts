import type { LightMyRequestResponse } from 'fastify'
import type { App, BuildAppOptions } from '../src/app'
/** Shared helpers for API tests: a fresh copy of the seeded template database per call. */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEMO_PASSWORD, openDatabase } from '@gridgov/db'
import { inject } from 'vitest'
import { buildApp } from '../src/app'
import { SESSION_COOKIE } from '../src/plugins/auth'

/** Builds the app on its own copy of the seeded demo district. Close it with `app.close()`. */
export async function buildTestApp(options: BuildAppOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'gridgov-test-'))
  const file = join(dir, 'gridgov.sqlite')
  copyFileSync(inject('templateDb'), file)
  const database = openDatabase(file)
  const app = await buildApp({ database, seed: false, uploadsDir: join(dir, 'uploads'), ...options })
  app.addHook('onClose', async () => {
    database.close()
    rmSync(dir, { recursive: true, force: true })
  })
  return app
}

/** The parsed JSON body of an inject response. */
export const json = <T = any>(res: { body: string }): T => JSON.parse(res.body) as T

type Reply = Promise<LightMyRequestResponse>

export interface Client {
  get: (url: string, headers?: Record<string, string>) => Reply
  post: (url: string, body?: unknown, headers?: Record<string, string>) => Reply
  patch: (url: string, body?: unknown, headers?: Record<string, string>) => Reply
  delete: (url: string, headers?: Record<string, string>) => Reply
  csrf: string
  cookie: string
}

/** Signs in through the real login route; the client sends the cookie and CSRF token. */
export async function loginAs(app: App, username: string, password = DEMO_PASSWORD): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } })
  if (res.statusCode !== 200)
    throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`)
  const cookie = `${SESSION_COOKIE}=${res.cookies.find(c => c.name === SESSION_COOKIE)!.value}`
  const csrf = json(res).csrfToken as string
  const withAuth = (h: Record<string, string> = {}) => ({ cookie, 'x-csrf-token': csrf, ...h })
  return {
    csrf,
    cookie,
    get: (url, h) => app.inject({ method: 'GET', url, headers: { cookie, ...h } }),
    post: (url, body, h) => app.inject({ method: 'POST', url, headers: withAuth(h), ...(body === undefined ? {} : { payload: body as object }) }),
    patch: (url, body, h) => app.inject({ method: 'PATCH', url, headers: withAuth(h), payload: body as object }),
    delete: (url, h) => app.inject({ method: 'DELETE', url, headers: withAuth(h) }),
  }
}
