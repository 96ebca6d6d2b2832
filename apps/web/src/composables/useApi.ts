import type { ErrorResponse } from '@gridgov/domain'

/** A failed API call. `kind` is the API's machine-readable `error`, or `network` / `http`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly kind: string,
    message: string,
    readonly details: ErrorResponse['details'] = [],
    /** seconds from a `Retry-After` header (423 locked, 429 rate limited), when the server sent one */
    readonly retryAfterS: number | null = null,
    /** the whole error body, for errors that carry more (409/412 answer with `current`) */
    readonly body: unknown = null,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** Query parameters; an array repeats the key (`?status=filed&status=dispatched`). */
export type Query = Record<string, string | number | boolean | readonly string[] | undefined | null>
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

interface ApiHooks {
  /** the session's CSRF token, sent as `x-csrf-token` on every mutating request */
  csrfToken: () => string | null
  /** a request answered 401: the session expired or was revoked */
  onUnauthenticated: () => void
}

let hooks: ApiHooks = { csrfToken: () => null, onUnauthenticated: () => {} }

/** Wires the client to the session: the auth store supplies the token, the router the 401 handling. */
export function configureApi(next: Partial<ApiHooks>): void {
  hooks = { ...hooks, ...next }
}

// A 401 from these means "not logged in (yet)", which their callers handle themselves.
const AUTH_PROBES = new Set(['/api/auth/login', '/api/auth/session'])

function toUrl(path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (Array.isArray(value))
      value.forEach(v => params.append(key, v))
    else if (value !== undefined && value !== null && value !== '' && value !== false)
      params.set(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  return typeof body === 'object' && body !== null
    && typeof (body as ErrorResponse).error === 'string'
}

interface RequestOpts { query?: Query, body?: unknown, form?: FormData, headers?: Record<string, string>, signal?: AbortSignal }

async function request<T>(method: Method, path: string, opts: RequestOpts): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers }
  if (opts.body !== undefined)
    headers['Content-Type'] = 'application/json'
  const csrf = method === 'GET' ? null : hooks.csrfToken()
  if (csrf)
    headers['x-csrf-token'] = csrf
  let res: Response
  try {
    res = await fetch(toUrl(path, opts.query), {
      method,
      headers,
      // a FormData body sets its own multipart Content-Type with the boundary
      body: opts.form ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
      credentials: 'same-origin',
      signal: opts.signal,
    })
  }
  catch (err) {
    if (opts.signal?.aborted)
      throw err
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err))
  }
  if (res.status === 204)
    return undefined as T
  const body: unknown = await res.json().catch(() => undefined)
  if (!res.ok) {
    if (res.status === 401 && !AUTH_PROBES.has(path))
      hooks.onUnauthenticated()
    const retryAfter = Number(res.headers.get('retry-after'))
    const retryAfterS = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null
    if (isErrorResponse(body))
      throw new ApiError(res.status, body.error, body.message ?? body.error, body.details ?? [], retryAfterS, body)
    throw new ApiError(res.status, 'http', `HTTP ${res.status} ${res.statusText}`, [], retryAfterS)
  }
  if (body === undefined)
    throw new ApiError(res.status, 'http', 'response is not JSON')
  return body as T
}

/**
 * GET a JSON resource from the API. Throws `ApiError` with the server's `{ error, message, details }`
 * on a 4xx/5xx, and `kind: 'network'` when the server cannot be reached. Aborts are re-thrown as is.
 */
export function apiGet<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  return request<T>('GET', path, { query, signal })
}

/**
 * POST/PUT/PATCH/DELETE with a JSON body and the session's CSRF token. 204 resolves to `undefined`.
 * `headers` adds e.g. `Idempotency-Key` (case intake and actions, safe to retry from a flaky tablet).
 */
export function apiSend<T = void>(method: Exclude<Method, 'GET'>, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
  return request<T>(method, path, { body, headers })
}

/** POSTs a multipart form (photo upload) with the session's CSRF token. */
export function apiUpload<T>(path: string, form: FormData): Promise<T> {
  return request<T>('POST', path, { form })
}

/** A fresh `Idempotency-Key`: make one per user submission and reuse it when retrying that submission. */
export function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), b => b.toString(16).padStart(2, '0')).join('')
}

/** True for the error thrown when a request is aborted (a newer request replaced it). */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError'
}

/** Field → message from a 400's `details` (`body.scopeCode` → `scopeCode`), for form items. */
export function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (err instanceof ApiError) {
    for (const d of err.details)
      out[d.field.replace(/^(body|query|params)\./, '')] ??= d.message
  }
  return out
}
