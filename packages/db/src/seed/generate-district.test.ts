import type { ArealGeometry } from '@gridgov/geo'
import type { DistrictDataset } from './generate-district'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { bboxOf, centroidOf, checkCoverage, distanceM, isTiling, pointInGeometry, randomPointsIn } from '@gridgov/geo'
import { beforeAll, describe, expect, it } from 'vitest'
import { DATA_ROOT } from './divisions'
import { generateDistrict } from './generate-district'
import { createRand } from './prng'

let data: DistrictDataset
beforeAll(() => {
  data = generateDistrict()
})

const digest = (d: DistrictDataset) => createHash('sha256').update(JSON.stringify(d)).digest('hex')
function byParent<T>(rows: T[], key: (r: T) => string) {
  const map = new Map<string, T[]>()
  for (const r of rows)
    map.set(key(r), [...(map.get(key(r)) ?? []), r])
  return map
}

describe('demo district generator', () => {
  it('is deterministic: the same seed gives the same district', () => {
    expect(digest(generateDistrict())).toBe(digest(data))
    const other = generateDistrict({ seed: 'another' })
    expect(other.grids.length === data.grids.length && digest(other) === digest(data)).toBe(false)
  })

  it('keeps the real names and codes: 8 streets and 214 communities', () => {
    expect(data.district).toMatchObject({ code: '370902', name: '泰山区', simulated: false })
    expect(data.streets.map(s => s.name)).toEqual(['岱庙街道', '财源街道', '泰前街道', '上高街道', '徐家楼街道', '省庄镇', '邱家店镇', '大津口乡'])
    expect(data.communities).toHaveLength(214)
    const yingxuan = data.communities.find(c => c.name === '迎暄社区')!
    expect(yingxuan).toMatchObject({ fullName: '迎暄社区居委会', kind: 'community', streetCode: '370902001', simulated: false })
    expect(data.communities.filter(c => c.kind === 'village')).toHaveLength(135)
  })

  it('converts the real outline from GCJ-02 to WGS-84 (a shift of a few hundred metres)', () => {
    const source = JSON.parse(readFileSync(join(DATA_ROOT, 'taishan', 'taishan-district.gcj02.geojson'), 'utf8'))
    const gcjFirst = source.features[0].geometry.coordinates[0][0][0] as [number, number]
    const wgsFirst = (data.district.geometry.coordinates as number[][][][])[0]![0]![0] as [number, number]
    const shift = distanceM(gcjFirst, wgsFirst)
    expect(shift).toBeGreaterThan(300)
    expect(shift).toBeLessThan(700)
    // GCJ-02 is offset north-east of WGS-84 in this part of China
    expect(wgsFirst[0]).toBeLessThan(gcjFirst[0])
  })

  it('tiles the district with streets, each street with its communities, each community with its grids', () => {
    expect(isTiling(checkCoverage(data.district.geometry, data.streets.map(s => s.geometry)))).toBe(true)
    const communitiesOf = byParent(data.communities, c => c.streetCode)
    for (const street of data.streets)
      expect(isTiling(checkCoverage(street.geometry, communitiesOf.get(street.code)!.map(c => c.geometry))), street.name).toBe(true)
    const gridsOf = byParent(data.grids, g => g.communityCode)
    for (const community of data.communities) {
      const grids = gridsOf.get(community.code)!
      expect(grids.length).toBeGreaterThanOrEqual(4)
      expect(grids.length).toBeLessThanOrEqual(12)
      expect(isTiling(checkCoverage(community.geometry, grids.map(g => g.geometry))), community.name).toBe(true)
    }
  })

  it('puts every random point of the district in exactly one grid', () => {
    const points = randomPointsIn(data.district.geometry, 3000, createRand('probe'))
    for (const [lon, lat] of points) {
      const containing = data.grids.filter(g => pointInGeometry(lon, lat, g.geometry))
      expect(containing).toHaveLength(1)
    }
  })

  it('numbers grids 001… within their community, west→east in rows north→south', () => {
    const codes = new Set(data.grids.map(g => g.code))
    expect(codes.size).toBe(data.grids.length)
    for (const [community, grids] of byParent(data.grids, g => g.communityCode)) {
      expect(grids.map(g => g.code)).toEqual(grids.map((_, i) => `${community}${String(i + 1).padStart(3, '0')}`))
      // the first grid lies in the northern half of the community, the last in the southern
      const lats = grids.map(g => centroidOf(g.geometry)[1])
      expect(lats[0]).toBeGreaterThan(lats[lats.length - 1]!)
    }
  })

  it('places every building inside its grid with plausible sizes', () => {
    const gridByCode = new Map(data.grids.map(g => [g.code, g]))
    for (const b of data.buildings) {
      const grid = gridByCode.get(b.gridCode)!
      expect(b.code.startsWith(b.gridCode)).toBe(true)
      expect(pointInGeometry(b.lon, b.lat, grid.geometry)).toBe(true)
      expect(b.floors).toBeGreaterThanOrEqual(1)
      if (b.footprint)
        expect(b.footprint.coordinates[0]!.every(([x, y]) => pointInGeometry(x, y, grid.geometry))).toBe(true)
    }
    const types = new Set(data.buildings.map(b => b.type))
    expect([...types].sort()).toEqual(['market', 'mixed', 'office', 'public', 'residential'])
    for (const g of data.grids) {
      expect(g.households).toBeGreaterThan(50)
      expect(g.residents).toBeGreaterThan(g.households)
      expect(g.partyMembers).toBeLessThan(g.residents / 5)
    }
  })

  it('gives every grid exactly one leader and at least one member, all distinct people', () => {
    const teams = byParent(data.assignments, a => a.gridCode)
    expect(teams.size).toBe(data.grids.length)
    for (const team of teams.values()) {
      expect(team.filter(a => a.role === 'leader')).toHaveLength(1)
      expect(team.filter(a => a.role === 'member').length).toBeGreaterThanOrEqual(1)
    }
    expect(data.staff.every(s => /^1[3-9]\d{9}$/.test(s.phone))).toBe(true)
  })

  it('keeps geometry in lon/lat order inside the district box', () => {
    const [minLon, minLat, maxLon, maxLat] = bboxOf(data.district.geometry)
    for (const g of data.grids as { geometry: ArealGeometry }[]) {
      const [a, b, c, d] = bboxOf(g.geometry)
      expect(a).toBeGreaterThanOrEqual(minLon - 1e-9)
      expect(b).toBeGreaterThanOrEqual(minLat - 1e-9)
      expect(c).toBeLessThanOrEqual(maxLon + 1e-9)
      expect(d).toBeLessThanOrEqual(maxLat + 1e-9)
    }
  })
})
