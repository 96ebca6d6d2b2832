import type { Static, TSchema } from 'typebox'
/**
 * Request and response shapes of the HTTP API — the one source of truth. The API validates with
 * these JSON Schemas (Ajv) and generates OpenAPI from them; the web client imports their static
 * types with `import type`.
 */
import { Type } from 'typebox'
import { CODE_PATTERN } from '../codes'
import { BUILDING_TYPES, COMMUNITY_KINDS, GRID_ROLES, STREET_KINDS } from '../territory'

const closed = { additionalProperties: false } as const

function code(level: keyof typeof CODE_PATTERN, description: string) {
  return Type.String({ pattern: CODE_PATTERN[level], description })
}

export const StreetCode = code('street', '9-digit street code (街道/镇/乡)')
export const CommunityCode = code('community', '12-digit community code (社区/村)')
export const GridCode = code('grid', '15-digit grid code: community code + 3-digit sequence')
export const BuildingCode = code('building', '18-digit building code: grid code + 3-digit sequence')

export const Position = Type.Tuple([Type.Number(), Type.Number()], { description: '[lon, lat] WGS-84' })
export const BBox = Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()], {
  description: '[minLon, minLat, maxLon, maxLat] WGS-84',
})

// ── errors ────────────────────────────────────────────────────────────────────────────────────
export const ErrorDetail = Type.Object({
  field: Type.String({ description: 'where the problem is, e.g. `query.limit` or `body.name`' }),
  message: Type.String(),
}, closed)

export const ErrorResponse = Type.Object({
  error: Type.String({ description: 'machine-readable kind, e.g. `bad_request`, `not_found`' }),
  message: Type.String({ description: 'human-readable summary' }),
  details: Type.Array(ErrorDetail),
}, closed)

// ── shared input parts ────────────────────────────────────────────────────────────────────────
// Every number a client sends has both bounds: an unbounded integer (offset=1e20) passes JSON
// Schema but not SQLite's 64-bit integers. A test checks every operation's inputs for this.

/** A record id (SQLite rowid): 1 … 2^53 − 1. */
export const Id = (description?: string) => Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, ...(description ? { description } : {}) })
/** The record version a client saw (If-Match or `body.version`). */
export const Version = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'the version you saw (also accepted as If-Match)' })
/** Rows to skip: up to a billion. */
export const Offset = Type.Integer({ minimum: 0, maximum: 1_000_000_000, default: 0 })
export const Limit = Type.Integer({ minimum: 1, maximum: 500, default: 50 })

export const PageQuery = {
  limit: Type.Optional(Limit),
  offset: Type.Optional(Offset),
}
export const SearchQuery = {
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'text search on name or code' })),
  bbox: Type.Optional(Type.String({
    pattern: '^-?\\d+(\\.\\d+)?(,-?\\d+(\\.\\d+)?){3}$',
    description: 'minLon,minLat,maxLon,maxLat — items whose extent intersects the box',
  })),
}

/** A page of items with the total count that matched. */
export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    limit: Type.Integer(),
    offset: Type.Integer(),
  }, closed)
}

// ── territory ─────────────────────────────────────────────────────────────────────────────────
const population = {
  households: Type.Integer({ minimum: 0, description: '户数' }),
  residents: Type.Integer({ minimum: 0, description: '常住人口' }),
  partyMembers: Type.Integer({ minimum: 0, description: '党员数' }),
}

export const Street = Type.Object({
  code: StreetCode,
  name: Type.String(),
  kind: Type.Enum(STREET_KINDS),
  districtCode: Type.String(),
  communities: Type.Integer({ minimum: 0 }),
  grids: Type.Integer({ minimum: 0 }),
  ...population,
  bbox: BBox,
  centroid: Position,
}, closed)

export const Community = Type.Object({
  code: CommunityCode,
  name: Type.String({ description: 'short name, e.g. 迎暄社区' }),
  fullName: Type.String({ description: 'committee name, e.g. 迎暄社区居委会' }),
  kind: Type.Enum(COMMUNITY_KINDS),
  streetCode: StreetCode,
  streetName: Type.String(),
  grids: Type.Integer({ minimum: 0 }),
  ...population,
  bbox: BBox,
  centroid: Position,
}, closed)

export const StaffMember = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  phone: Type.String({ description: 'masked, e.g. 138****5678' }),
  partyMember: Type.Boolean(),
  role: Type.Enum(GRID_ROLES, { description: 'leader 网格长 | member 网格员' }),
}, closed)

export const Grid = Type.Object({
  code: GridCode,
  name: Type.String(),
  communityCode: CommunityCode,
  communityName: Type.String(),
  streetCode: StreetCode,
  streetName: Type.String(),
  partyBranch: Type.String({ description: '网格党支部' }),
  ...population,
  buildings: Type.Integer({ minimum: 0 }),
  leaderName: Type.Union([Type.String(), Type.Null()]),
  bbox: BBox,
  centroid: Position,
}, closed)

export const BuildingTypeSchema = Type.Enum(BUILDING_TYPES, { description: 'residential 住宅 | office 商务楼宇 | market 商圈市场 | public 公共建筑 | mixed 商住混合' })

export const GridDetail = Type.Object({
  ...Grid.properties,
  staff: Type.Array(StaffMember),
  buildingsByType: Type.Record(Type.String(), Type.Integer()),
}, closed)

export const PolygonSchema = Type.Object({
  type: Type.Literal('Polygon'),
  coordinates: Type.Array(Type.Array(Position)),
}, closed)

export const Building = Type.Object({
  code: BuildingCode,
  name: Type.String(),
  type: BuildingTypeSchema,
  floors: Type.Integer({ minimum: 1 }),
  households: Type.Integer({ minimum: 0 }),
  partyGroup: Type.Union([Type.String(), Type.Null()], { description: '楼栋党小组' }),
  gridCode: GridCode,
  location: Position,
  footprint: Type.Union([PolygonSchema, Type.Null()]),
}, closed)

// ── locate ────────────────────────────────────────────────────────────────────────────────────
const Named = <T extends TSchema>(c: T) => Type.Object({ code: c, name: Type.String() }, closed)

export const LocateQuery = Type.Object({
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
}, closed)

export const LocateResult = Type.Union([
  Type.Object({
    status: Type.Literal('inside'),
    grid: Named(GridCode),
    community: Named(CommunityCode),
    street: Named(StreetCode),
  }, closed),
  Type.Object({
    status: Type.Literal('outside'),
    nearest: Type.Union([Type.Object({
      grid: Named(GridCode),
      community: Named(CommunityCode),
      street: Named(StreetCode),
      distanceM: Type.Number({ description: 'distance to the grid boundary in metres' }),
    }, closed), Type.Null()]),
  }, closed),
])

export const Health = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  uptimeS: Type.Number(),
  db: Type.Object({ grids: Type.Integer(), schemaVersion: Type.String() }, closed),
}, closed)

export type ErrorResponse = Static<typeof ErrorResponse>
export type Street = Static<typeof Street>
export type Community = Static<typeof Community>
export type Grid = Static<typeof Grid>
export type GridDetail = Static<typeof GridDetail>
export type StaffMember = Static<typeof StaffMember>
export type Building = Static<typeof Building>
export type LocateResult = Static<typeof LocateResult>
export type Health = Static<typeof Health>
export interface PageOf<T> { items: T[], total: number, limit: number, offset: number }
