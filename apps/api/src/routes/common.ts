import { ErrorResponse } from '@gridgov/domain'
import { HttpError } from '../plugins/errors'

/** Error replies every route can give, for OpenAPI. */
export const errors = { 400: ErrorResponse, 404: ErrorResponse } as const

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
    throw new HttpError(400, 'bad_request', `query.bbox ${problem}`, [{ field: 'query.bbox', message: problem }])
  return box
}

export const window = (q: { limit?: number, offset?: number }) => ({ limit: q.limit ?? 50, offset: q.offset ?? 0 })
