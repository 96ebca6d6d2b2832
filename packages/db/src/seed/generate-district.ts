import type { BuildingType } from '@gridgov/domain'
import type { ArealGeometry, FeatureCollection, PolygonGeometry, Position } from '@gridgov/geo'
import type { Rand } from './prng'
/**
 * The demo district generator. Real inputs: the 泰山区 outline (GCJ-02 → WGS-84) and the real
 * 街道/社区 names and statistical codes. Everything below — street and community areas, grids,
 * buildings, staff — is SIMULATED, deterministically from a seed, and flagged `simulated`.
 *
 * Areas are nested Voronoi tilings: streets tile the district, communities tile their street,
 * grids tile their community, so every level covers its parent with no gap and no overlap.
 * `scale` > 1 adds synthetic communities to every street, which is how the city-size benchmark
 * dataset (≥ 20,000 grids, ≥ 500,000 buildings) is made from the same code.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { childCode } from '@gridgov/domain'
import {

  centroidOf,

  gcj02ToWgs84,
  lloydRelax,
  pointInGeometry,

  randomPointsIn,
  voronoiTiling,
} from '@gridgov/geo'
import { DATA_ROOT, readDivisions, shortCommunityName } from './divisions'
import { MARKET_NAMES, mobilePhone, OFFICE_NAMES, personName, PUBLIC_NAMES } from './names'
import { createRand, pick, pickWeighted, randInt } from './prng'

export interface AreaRow { code: string, name: string, geometry: ArealGeometry, simulated: boolean }
export interface StreetRow extends AreaRow { kind: 'street' | 'town' | 'township' }
export interface CommunityRow extends AreaRow { streetCode: string, fullName: string, kind: 'community' | 'village' }
export interface GridRow extends AreaRow {
  communityCode: string
  partyBranch: string
  households: number
  residents: number
  partyMembers: number
}
export interface BuildingRow {
  code: string
  gridCode: string
  name: string
  type: BuildingType
  floors: number
  households: number
  partyGroup: string | null
  lon: number
  lat: number
  footprint: PolygonGeometry | null
}
export interface StaffRow { name: string, phone: string, partyMember: boolean }
/** `staffIndex` points into `staff` (0-based). */
export interface AssignmentRow { gridCode: string, staffIndex: number, role: 'leader' | 'member' }

export interface DistrictDataset {
  district: AreaRow
  streets: StreetRow[]
  communities: CommunityRow[]
  grids: GridRow[]
  buildings: BuildingRow[]
  staff: StaffRow[]
  assignments: AssignmentRow[]
}

export interface GenerateOptions {
  /** PRNG seed; the same seed gives the same dataset */
  seed?: string
  /** communities per real community (1 = the real list; 16 ≈ a 25,000-grid city) */
  scale?: number
  /** Lloyd relaxation rounds per tiling: more rounds, more even areas, slower */
  relaxRounds?: number
  /** building footprints (rectangles) for urban residential buildings */
  footprints?: boolean
  /** buildings per grid relative to the demo (a denser city for benchmarks) */
  buildingDensity?: number
  /** progress callback, e.g. for the city CLI */
  onProgress?: (done: number, total: number) => void
}

const DISTRICT_CODE = '370902'

/** Reads the real outline of 泰山区 and converts it from GCJ-02 to WGS-84. */
export function readDistrictOutline(): ArealGeometry {
  const fc = JSON.parse(readFileSync(join(DATA_ROOT, 'taishan', 'taishan-district.gcj02.geojson'), 'utf8')) as FeatureCollection
  const feature = fc.features[0]
  if (!feature || (feature.geometry.type !== 'Polygon' && feature.geometry.type !== 'MultiPolygon'))
    throw new Error('taishan-district.gcj02.geojson: expected one (Multi)Polygon feature')
  return gcj02ToWgs84(feature.geometry as ArealGeometry)
}

function readStreetAnchors(): Record<string, Position> {
  const raw = JSON.parse(readFileSync(join(DATA_ROOT, 'taishan', 'street-anchors.json'), 'utf8')) as Record<string, unknown>
  return Object.fromEntries(Object.entries(raw).filter(([k]) => /^\d{9}$/.test(k))) as Record<string, Position>
}

/**
 * Tiles `parent` into `n` areas: random seeds inside it, relaxed towards equal areas, then
 * numbered west→east within rows north→south (the usual grid numbering).
 */
function tile(parent: ArealGeometry, n: number, rand: Rand, relaxRounds: number): ArealGeometry[] {
  let seeds = randomPointsIn(parent, n, rand)
  if (relaxRounds > 0)
    seeds = lloydRelax(parent, seeds, relaxRounds)
  const cells = voronoiTiling(parent, seeds).map((cell, i) => {
    if (!cell)
      throw new Error(`tiling produced an empty cell for seed ${i}`)
    return cell
  })
  return numberWestToEastNorthToSouth(cells)
}

function numberWestToEastNorthToSouth(cells: ArealGeometry[]): ArealGeometry[] {
  const withCenter = cells.map(geometry => ({ geometry, c: centroidOf(geometry) }))
  withCenter.sort((a, b) => b.c[1] - a.c[1])
  const perRow = Math.max(1, Math.round(Math.sqrt(cells.length)))
  const out: ArealGeometry[] = []
  for (let i = 0; i < withCenter.length; i += perRow)
    out.push(...withCenter.slice(i, i + perRow).sort((a, b) => a.c[0] - b.c[0]).map(x => x.geometry))
  return out
}

const streetKind = (name: string): StreetRow['kind'] => name.endsWith('乡') ? 'township' : name.endsWith('镇') ? 'town' : 'street'

/** Generates the whole demo district. Pure apart from reading the files in `data/taishan/`. */
export function generateDistrict(options: GenerateOptions = {}): DistrictDataset {
  const { seed = 'taishan-demo-v1', scale = 1, relaxRounds = 2, footprints = true, buildingDensity = 1, onProgress } = options
  const rand = createRand(seed)
  const divisions = readDivisions()
  const anchors = readStreetAnchors()
  const districtRow = divisions.find(d => d.level === 'district' && d.code === DISTRICT_CODE)
  if (!districtRow)
    throw new Error(`divisions file lacks district ${DISTRICT_CODE}`)
  const district: AreaRow = { code: DISTRICT_CODE, name: districtRow.name, geometry: readDistrictOutline(), simulated: false }

  // Streets: Voronoi cells around approximate real centres, clipped to the real outline.
  const streetDivisions = divisions.filter(d => d.level === 'street')
  const streetCells = voronoiTiling(district.geometry, streetDivisions.map((s) => {
    const anchor = anchors[s.code]
    if (!anchor)
      throw new Error(`street-anchors.json lacks ${s.code}`)
    return anchor
  }))
  const streets: StreetRow[] = streetDivisions.map((s, i) => ({
    code: s.code,
    name: s.name,
    kind: streetKind(s.name),
    geometry: streetCells[i] ?? fail(`empty street cell ${s.code}`),
    simulated: true,
  }))

  const dataset: DistrictDataset = { district, streets, communities: [], grids: [], buildings: [], staff: [], assignments: [] }
  const totalCommunities = divisions.filter(d => d.level === 'community').length * scale
  for (const street of streets) {
    const real = divisions.filter(d => d.level === 'community' && d.parentCode === street.code)
    const wanted = real.length * scale
    const synthetic = (k: number) => {
      const kind = street.kind === 'street' || rand() < 0.4 ? 'community' : 'village'
      const short = `${street.name.replace(/街道|镇|乡$/, '')}${k}${kind === 'community' ? '社区' : '村'}`
      return { name: `${short}${kind === 'community' ? '居委会' : '委会'}`, kind }
    }
    const cells = tile(street.geometry, wanted, rand, relaxRounds)
    let nextSequence = Math.max(...real.map(c => Number(c.code.slice(9)))) + 1
    cells.forEach((geometry, i) => {
      const r = real[i]
      const s = r ? undefined : synthetic(i + 1)
      const fullName = r?.name ?? s!.name
      const code = r?.code ?? childCode(street.code, nextSequence++)
      const community: CommunityRow = {
        code,
        name: shortCommunityName(fullName),
        fullName,
        kind: fullName.endsWith('村委会') ? 'village' : 'community',
        streetCode: street.code,
        geometry,
        simulated: !r,
      }
      dataset.communities.push(community)
      addGrids(dataset, community, rand, { relaxRounds, footprints, buildingDensity })
      onProgress?.(dataset.communities.length, totalCommunities)
    })
  }
  return dataset
}

interface GridOptions { relaxRounds: number, footprints: boolean, buildingDensity: number }

function addGrids(dataset: DistrictDataset, community: CommunityRow, rand: Rand, { relaxRounds, footprints, buildingDensity }: GridOptions) {
  const village = community.kind === 'village'
  const cells = tile(community.geometry, village ? randInt(rand, 4, 6) : randInt(rand, 5, 12), rand, relaxRounds)
  cells.forEach((geometry, i) => {
    const code = childCode(community.code, i + 1)
    const name = `${community.name}第${i + 1}网格`
    const buildings = makeBuildings(code, geometry, village, rand, footprints, buildingDensity)
    const households = buildings.reduce((s, b) => s + (b.type === 'residential' || b.type === 'mixed' ? b.households : 0), 0)
    const residents = Math.round(households * (2.4 + rand() * 0.6))
    dataset.grids.push({
      code,
      name,
      communityCode: community.code,
      partyBranch: `${name}党支部`,
      households,
      residents,
      partyMembers: Math.round(residents * (0.04 + rand() * 0.04)),
      geometry,
      simulated: true,
    })
    dataset.buildings.push(...buildings)
    addStaff(dataset, code, rand)
  })
}

function addStaff(dataset: DistrictDataset, gridCode: string, rand: Rand) {
  const members = randInt(rand, 1, 3)
  for (let m = 0; m <= members; m++) {
    const role = m === 0 ? 'leader' : 'member'
    dataset.staff.push({ name: personName(rand), phone: mobilePhone(rand), partyMember: rand() < (role === 'leader' ? 0.85 : 0.45) })
    dataset.assignments.push({ gridCode, staffIndex: dataset.staff.length - 1, role })
  }
}

const URBAN_MIX: readonly (readonly [BuildingType, number])[] = [['office', 3], ['market', 2], ['public', 4], ['mixed', 3]]
const URBAN_FLOORS: readonly (readonly [number, number])[] = [[6, 45], [7, 10], [11, 12], [18, 15], [26, 10], [33, 8]]

function makeBuildings(gridCode: string, grid: ArealGeometry, village: boolean, rand: Rand, footprints: boolean, density: number): BuildingRow[] {
  // about 300–500 households per grid, the usual size of an urban grid
  const residential = Math.round((village ? randInt(rand, 14, 34) : randInt(rand, 5, 10)) * density)
  const other = Math.round((village ? randInt(rand, 0, 2) : randInt(rand, 1, 4)) * density)
  const points = randomPointsIn(grid, residential + other, rand)
  return points.map(([lon, lat], i): BuildingRow => {
    const code = childCode(gridCode, i + 1)
    const type: BuildingType = i < residential ? 'residential' : village ? 'public' : pickWeighted(rand, URBAN_MIX)
    if (type === 'residential' && village) {
      // a village "building" is a row of courtyard houses (一排), a few households each
      return { code, gridCode, name: `${i + 1}排`, type, floors: randInt(rand, 1, 3), households: randInt(rand, 6, 14), partyGroup: rand() < 0.3 ? `${i + 1}排党小组` : null, lon, lat, footprint: null }
    }
    if (type === 'residential' || type === 'mixed') {
      const floors = type === 'mixed' ? randInt(rand, 5, 24) : pickWeighted(rand, URBAN_FLOORS)
      const units = randInt(rand, 2, floors > 11 ? 2 : 4)
      const households = floors * units * 2 - (type === 'mixed' ? units * 4 : 0)
      return {
        code,
        gridCode,
        name: `${i + 1}号楼`,
        type,
        floors,
        households: Math.max(households, 4),
        partyGroup: rand() < 0.6 ? `${i + 1}号楼党小组` : null,
        lon,
        lat,
        footprint: footprints ? slabFootprint(grid, lon, lat, units) : null,
      }
    }
    const name = type === 'office' ? pick(rand, OFFICE_NAMES) : type === 'market' ? pick(rand, MARKET_NAMES) : pick(rand, PUBLIC_NAMES)
    return { code, gridCode, name, type, floors: type === 'office' ? randInt(rand, 8, 32) : randInt(rand, 1, 4), households: 0, partyGroup: type === 'office' ? `${name}楼宇党支部` : null, lon, lat, footprint: null }
  })
}

/**
 * A residential slab: about 15 m × (units × 16 m), long side east–west because Chinese homes
 * face south. Only kept when the whole rectangle lies inside the grid.
 */
function slabFootprint(grid: ArealGeometry, lon: number, lat: number, units: number): PolygonGeometry | null {
  const dLat = 7.5 / 111_320
  const dLon = (units * 8) / (111_320 * Math.cos(lat * Math.PI / 180))
  const ring: Position[] = [[lon - dLon, lat - dLat], [lon + dLon, lat - dLat], [lon + dLon, lat + dLat], [lon - dLon, lat + dLat], [lon - dLon, lat - dLat]]
  return ring.every(([x, y]) => pointInGeometry(x, y, grid)) ? { type: 'Polygon', coordinates: [ring] } : null
}

function fail(message: string): never {
  throw new Error(message)
}
