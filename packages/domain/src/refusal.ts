/**
 * The one refusal type (STYLE.md rule 4). The data layer and the rules throw a `Refusal` when a
 * request cannot be done as asked — bad input, not found in the caller's area, a stale version, an
 * illegal step — and the API's error handler turns it into `{ error, message, details }` with its
 * status, once. Routes never catch and re-map.
 */

/** One offending input: `field` says where (`body.name`, `query.limit`, `headers.if-match`). */
export interface RefusalDetail { field: string, message: string }

export interface RefusalOptions {
  /** the offending input; gives one detail carrying the message (or `detail`) */
  field?: string
  /** the detail's message when it should differ from the top-level one */
  detail?: string
  /** several offending inputs (e.g. one per row of an import) */
  details?: RefusalDetail[]
  /** the record as it is now, sent back with 409 and 412 so the client can show what changed */
  current?: unknown
  /** response headers, e.g. `retry-after` */
  headers?: Record<string, string>
  /** more fields for the body */
  extra?: Record<string, unknown>
}

export class Refusal extends Error {
  readonly details: RefusalDetail[]

  constructor(
    /** HTTP status: 400, 403, 404, 409, 412, 413, 422, 423, 429 … */
    readonly status: number,
    /** machine-readable kind: `bad_request`, `not_found`, `stale_version`, `illegal_transition` … */
    readonly code: string,
    message: string,
    readonly options: RefusalOptions = {},
  ) {
    super(message)
    this.name = 'Refusal'
    this.details = options.details ?? (options.field ? [{ field: options.field, message: options.detail ?? message }] : [])
  }

  /** The record sent back with a 409/412, if any. */
  get current(): unknown {
    return this.options.current
  }
}

/** 400: the input named by `field` is wrong. */
export function badRequest(field: string, message: string, detail?: string) {
  return new Refusal(400, 'bad_request', message, { field, ...(detail === undefined ? {} : { detail }) })
}

/** 404: nothing of this kind with this id in the caller's area (out of scope looks the same). */
export function notFound(what: string, field: string, id: string | number) {
  return new Refusal(404, 'not_found', `no ${what} ${id} in your area`, { field, detail: `unknown ${what}` })
}

/** 412: the record changed since the version the caller saw; `current` goes back with it. */
export function staleVersion(expected: number, actual: number, current: unknown, field = 'headers.if-match') {
  return new Refusal(412, 'stale_version', `the record changed since version ${expected}; it is now version ${actual}. Reload and try again`, { field, current })
}

/** 422: an Idempotency-Key reused for a different request. */
export function idempotencyKeyReused() {
  return new Refusal(422, 'idempotency_key_reused', 'this Idempotency-Key was already used for a different request', { field: 'headers.idempotency-key', detail: 'already used for a different request' })
}
