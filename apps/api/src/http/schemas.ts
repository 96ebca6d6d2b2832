import type { TSchema } from 'typebox'
/** Schema parts and small parsers the route files share. */
import { badRequest, ErrorResponse } from '@gridgov/domain'
import { Type } from 'typebox'

/** Error replies every route may give, for OpenAPI. */
export const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 422: ErrorResponse } as const

/** 409 and 412 answers carry the record as it is now. */
export function conflict<T extends TSchema>(current: T) {
  return Type.Object({
    error: Type.String(),
    message: Type.String(),
    details: Type.Array(Type.Object({ field: Type.String(), message: Type.String() }, { additionalProperties: false })),
    current,
  }, { additionalProperties: false })
}

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }, { additionalProperties: false })

/** Parses the `bbox` query parameter (already shape-checked by the schema) and checks its order. */
export function parseBBox(raw: string | undefined): [number, number, number, number] | undefined {
  if (raw === undefined)
    return undefined
  const box = raw.split(',').map(Number) as [number, number, number, number]
  const [minLon, minLat, maxLon, maxLat] = box
  const problem
    = minLon > maxLon || minLat > maxLat
      ? 'min must not exceed max'
      : minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90
        ? 'outside lon −180…180 / lat −90…90'
        : undefined
  if (problem)
    throw badRequest('query.bbox', `query.bbox ${problem}`, problem)
  return box
}

export const window = (q: { limit?: number, offset?: number }) => ({ limit: q.limit ?? 50, offset: q.offset ?? 0 })
