import type { Scope } from '@gridgov/domain'
import type { AnyColumn, SQL } from 'drizzle-orm'
import { sql } from 'drizzle-orm'

export type BBoxTuple = [number, number, number, number]

export interface ListWindow {
  limit: number
  offset: number
}

/** `LIKE` pattern for a user's search text, with `%`, `_` and `\` taken literally. */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, c => `\\${c}`)}%`
}

/** Name contains the text, or code starts with it (codes are typed from the left). */
export function textMatch(name: AnyColumn, code: AnyColumn, q: string): SQL {
  const prefix = `${q.replace(/[\\%_]/g, c => `\\${c}`)}%`
  return sql`(${name} LIKE ${likeContains(q)} ESCAPE '\\' OR ${code} LIKE ${prefix} ESCAPE '\\')`
}

/** Rows whose stored extent intersects the box. */
export function extentIntersects(
  cols: { minLon: AnyColumn, minLat: AnyColumn, maxLon: AnyColumn, maxLat: AnyColumn },
  [minLon, minLat, maxLon, maxLat]: BBoxTuple,
): SQL {
  return sql`(${cols.maxLon} >= ${minLon} AND ${cols.minLon} <= ${maxLon} AND ${cols.maxLat} >= ${minLat} AND ${cols.minLat} <= ${maxLat})`
}

/** bbox and centroid in the API's shape from the stored extent columns. */
export function extentOf(row: { minLon: number, minLat: number, maxLon: number, maxLat: number, centerLon: number, centerLat: number }) {
  return {
    bbox: [row.minLon, row.minLat, row.maxLon, row.maxLat] as [number, number, number, number],
    centroid: [row.centerLon, row.centerLat] as [number, number],
  }
}

/**
 * The access scope as a raw-SQL condition on a territory-code expression (for the repositories
 * that use prepared statements): the code lies under one of the scope's prefixes. The same rule
 * as `scopeCondition` (territory-repository.ts), which also admits ancestors for reading names.
 */
export function scopeSql(scope: Scope, codeExpr: string): { sql: string, args: string[] } {
  if (scope.kind === 'all')
    return { sql: '1', args: [] }
  if (scope.prefixes.length === 0)
    return { sql: '0', args: [] }
  return {
    sql: `(${scope.prefixes.map(() => `${codeExpr} LIKE ?`).join(' OR ')})`,
    args: scope.prefixes.map(p => `${p}%`),
  }
}
