import type { FeatureCollection, PolygonGeometry, Position } from './types'
import { describe, expect, it } from 'vitest'
import { gcj02ToWgs84, wgs84ToGcj02 } from './coordinate-conversion'
import { distanceM } from './measure'
import { rect } from './test-helpers'

// 泰安 old town, near 岱庙 (WGS-84).
const TAIAN: Position = [117.1296, 36.1953]

describe('gcj02ToWgs84', () => {
  it('undoes wgs84ToGcj02 to 1e-5° and the shift is a few hundred metres', () => {
    const gcj = wgs84ToGcj02(TAIAN)
    const back = gcj02ToWgs84(gcj)
    expect(Math.abs(back[0] - TAIAN[0])).toBeLessThan(1e-5)
    expect(Math.abs(back[1] - TAIAN[1])).toBeLessThan(1e-5)
    const shift = distanceM(TAIAN, gcj)
    expect(shift).toBeGreaterThan(300)
    expect(shift).toBeLessThan(700)
    // GCJ-02 lies east of WGS-84 here, so converting to WGS-84 moves west.
    expect(gcj[0]).toBeGreaterThan(TAIAN[0])
  })

  it('converts every position of a geometry and keeps rings closed, without touching the input', () => {
    const ring = rect(117.1, 36.2, 117.11, 36.21)
    // Same array for first and last position: a naive in-place walk would shift it twice.
    ring[ring.length - 1] = ring[0]!
    const input: PolygonGeometry = { type: 'Polygon', coordinates: [ring] }
    const before = structuredClone(input)
    const out = gcj02ToWgs84(input)
    expect(input).toEqual(before)
    const outRing = out.coordinates[0]!
    expect(outRing[0]).toEqual(outRing[outRing.length - 1])
    outRing.forEach((p, k) => expect(p).toEqual(gcj02ToWgs84(ring[k]!)))
  })

  it('converts FeatureCollections, keeps properties, drops stale bboxes', () => {
    const fc: FeatureCollection & { bbox?: number[] } = {
      type: 'FeatureCollection',
      bbox: [117.1, 36.2, 117.11, 36.21],
      features: [
        { type: 'Feature', properties: { name: '泰山区' }, geometry: { type: 'Polygon', coordinates: [rect(117.1, 36.2, 117.11, 36.21)] } },
        { type: 'Feature', properties: null, geometry: { type: 'Point', coordinates: TAIAN } },
      ],
    }
    const out = gcj02ToWgs84(fc)
    expect('bbox' in out).toBe(false)
    expect(out.features[0]!.properties).toEqual({ name: '泰山区' })
    expect(out.features[1]!.geometry.coordinates).toEqual(gcj02ToWgs84(TAIAN))
  })

  it('leaves positions outside China unchanged', () => {
    expect(gcj02ToWgs84([2.35, 48.85])).toEqual([2.35, 48.85])
  })
})
