import type { ErrorResponse } from '@gridgov/domain'

/** A failed API call. `kind` is the API's machine-readable `error`, or `network` / `http`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly kind: string,
    message: string,
    readonly details: ErrorResponse['details'] = [],
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

type Query = Record<string, string | number | undefined | null>

function toUrl(path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '')
      params.set(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  return typeof body === 'object' && body !== null
    && typeof (body as ErrorResponse).error === 'string'
    && typeof (body as ErrorResponse).message === 'string'
}

/**
 * GET a JSON resource from the API. Throws `ApiError` with the server's `{ error, message, details }`
 * on a 4xx/5xx, and `kind: 'network'` when the server cannot be reached. Aborts are re-thrown as is.
 */
export async function apiGet<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
  let res: Response
  try {
    res = await fetch(toUrl(path, query), { headers: { Accept: 'application/json' }, signal })
  }
  catch (err) {
    if (signal?.aborted)
      throw err
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err))
  }
  const body: unknown = await res.json().catch(() => undefined)
  if (!res.ok) {
    if (isErrorResponse(body))
      throw new ApiError(res.status, body.error, body.message, body.details ?? [])
    throw new ApiError(res.status, 'http', `HTTP ${res.status} ${res.statusText}`)
  }
  if (body === undefined)
    throw new ApiError(res.status, 'http', 'response is not JSON')
  return body as T
}

/** True for the error thrown when a request is aborted (a newer request replaced it). */
export function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError'
}
