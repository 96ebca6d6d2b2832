/**
 * What the repositories of the three lists share: the caller, the error the API maps to HTTP,
 * the read and write scope rules, and small row helpers.
 *
 * Scope: the lists are kept per community (社区), so grid staff read their community's lists
 * (their grid's prefix widened to its 12-digit community) while writes need the caller's own scope
 * to hold the community — and a role in LIST_WRITERS (checked by the routes' role guard and the
 * project state machine).
 */
import type { Role, Scope } from '@gridgov/domain'
import type { Database } from '../database'
import { badRequest, inScope, notFound, Refusal, staleVersion } from '@gridgov/domain'
import { likeContains, scopeSql } from './query-helpers'

export interface ListCaller {
  userId: number
  name: string
  role: Role
  scope: Scope
}

/** Grid prefixes widened to their community: grid staff read the whole community's lists. */
export function readScope(scope: Scope): Scope {
  if (scope.kind === 'all')
    return scope
  return { kind: 'territory', prefixes: [...new Set(scope.prefixes.map(p => p.slice(0, 12)))] }
}

/** Raw-SQL condition: the row's community lies in what the caller may read. */
export const readSql = (scope: Scope, codeExpr: string) => scopeSql(readScope(scope), codeExpr)

/** Refuses (404, as for any record out of scope) a write to a community outside the caller's own scope. */
export function assertWritable(caller: ListCaller, communityCode: string, field: string) {
  if (!inScope(caller.scope, communityCode))
    throw notFound('community', field, communityCode)
}

/**
 * The version check of optimistic concurrency: a step that must say which version it saw (400
 * without one), and a stale writer gets 412 with the current record. `required: false` for
 * additive writes (volunteer hours), where a version is checked only when sent.
 */
export function assertVersion(expected: number | undefined, actual: number, current: () => unknown, required = true) {
  if (expected === undefined) {
    if (required)
      throw badRequest('body.version', 'say which version you saw: If-Match header or body.version', 'is required')
    return
  }
  if (expected !== actual)
    throw staleVersion(expected, actual, current())
}

/** Refuses a window whose end comes before its start. */
export function assertWindow(from: string | undefined, to: string | undefined, field: string) {
  if (from !== undefined && to !== undefined && from > to)
    throw new Refusal(400, 'bad_request', 'the end date is before the start date', { field })
}

/** The community's name and label point, or a 404 when it does not exist. */
export function communityOf({ statement }: Database, code: string, field: string) {
  const row = statement('SELECT code, name, center_lon AS lon, center_lat AS lat FROM communities WHERE code = ?').get(code) as { code: string, name: string, lon: number, lat: number } | undefined
  if (!row)
    throw notFound('community', field, code)
  return row
}

export const parseList = (json: string): string[] => JSON.parse(json) as string[]
export const iso = (ms: number) => new Date(ms).toISOString()
const CST_MS = 8 * 3_600_000
/** Today's date in China (UTC+8) as YYYY-MM-DD. */
export const cstDate = (ms: number) => new Date(ms + CST_MS).toISOString().slice(0, 10)

/** A list query's conditions (joined with AND) and their arguments, built from optional filters. */
export class Where {
  readonly parts: string[] = []
  readonly args: unknown[] = []
  add(sql: string, ...args: unknown[]) {
    this.parts.push(sql)
    this.args.push(...args)
    return this
  }

  scope(s: { sql: string, args: string[] }) {
    return this.add(s.sql, ...s.args)
  }

  /** `expr = value` when the filter is given. */
  eq(expr: string, value: unknown) {
    return value === undefined ? this : this.add(`${expr} = ?`, value)
  }

  /** `expr IN (…)` when the filter has values. */
  in(expr: string, values: readonly unknown[] | undefined) {
    return values?.length ? this.add(`${expr} IN (${values.map(() => '?').join(', ')})`, ...values) : this
  }

  /** Any of the columns contains the search text (%, _ and \ taken literally). */
  search(q: string | undefined, ...exprs: string[]) {
    return q === undefined ? this : this.add(`(${exprs.map(e => `${e} LIKE ? ESCAPE '\\'`).join(' OR ')})`, ...exprs.map(() => likeContains(q)))
  }

  /** A date column within an inclusive range, each end optional. */
  between(expr: string, from: string | undefined, to: string | undefined) {
    if (from !== undefined)
      this.add(`${expr} >= ?`, from)
    return to === undefined ? this : this.add(`${expr} <= ?`, to)
  }

  get sql() {
    return this.parts.length ? this.parts.join(' AND ') : '1'
  }

  /** Rows per status (or type) under these conditions: the list's tabs show them. */
  counts(sqlite: Database['sqlite'], from: string, groupExpr: string): Record<string, number> {
    const rows = sqlite.prepare(`SELECT ${groupExpr} AS k, count(*) AS n FROM ${from} WHERE ${this.sql} GROUP BY 1`).all(...this.args) as { k: string, n: number }[]
    return Object.fromEntries(rows.map(r => [r.k, r.n]))
  }

  /** One page of `select … WHERE <these> ORDER BY order`, mapped, with the total over `from`. */
  page<R, T>(sqlite: Database['sqlite'], q: { limit?: number, offset?: number }, sql: { select: string, from: string, order: string }, map: (row: R) => T) {
    const limit = q.limit ?? 50
    const offset = q.offset ?? 0
    const rows = sqlite.prepare(`${sql.select} WHERE ${this.sql} ORDER BY ${sql.order} LIMIT ? OFFSET ?`).all(...this.args, limit, offset) as R[]
    const total = sqlite.prepare(`SELECT count(*) FROM ${sql.from} WHERE ${this.sql}`).pluck().get(...this.args) as number
    return { items: rows.map(map), total, limit, offset }
  }
}
