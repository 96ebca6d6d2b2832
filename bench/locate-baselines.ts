/**
 * What a developer would use instead of GridIndex for point → grid, each built once from the same
 * grids and answering the grid's position in the input (-1: no grid), for locate.bench.ts.
 */
import type { ArealGeometry } from '@gridgov/geo'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { bboxOf, pointInGeometry } from '@gridgov/geo'
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon'
import { feature } from '@turf/helpers'
import Database from 'better-sqlite3'
import { BENCH_DIR } from './support'

/** A point → grid method: the position of a grid containing `(lon, lat)` in the input, or -1. */
export type Locate = (lon: number, lat: number) => number

/** The part of flatbush's API used here (flatbush is a dependency of @gridgov/geo, not of the root). */
interface FlatbushIndex {
  add: (minX: number, minY: number, maxX: number, maxY: number) => number
  finish: () => void
  search: (minX: number, minY: number, maxX: number, maxY: number) => number[]
}
type FlatbushClass = new (numItems: number, nodeSize?: number) => FlatbushIndex

/** The flatbush @gridgov/geo depends on (same version as GridIndex's), loaded through that package. */
async function loadFlatbush(): Promise<FlatbushClass> {
  const fromGeo = createRequire(join(BENCH_DIR, '..', 'packages', 'geo', 'package.json'))
  const module = await import(pathToFileURL(fromGeo.resolve('flatbush')).href) as { default: FlatbushClass }
  return module.default
}

/** GeoJSON features for turf, built once (not per lookup). */
function turfFeatures(geometries: readonly ArealGeometry[]) {
  return geometries.map(g => feature(g))
}

/**
 * The library route: flatbush (default node size) over the grid boxes, then turf's
 * booleanPointInPolygon on each candidate; the first candidate that contains the point wins.
 */
export async function libraryRoute(geometries: readonly ArealGeometry[]): Promise<Locate> {
  const Flatbush = await loadFlatbush()
  const features = turfFeatures(geometries)
  const tree = new Flatbush(geometries.length)
  for (const g of geometries) {
    const [minX, minY, maxX, maxY] = bboxOf(g)
    tree.add(minX, minY, maxX, maxY)
  }
  tree.finish()
  return (lon, lat) => {
    const point = [lon, lat]
    for (const i of tree.search(lon, lat, lon, lat)) {
      if (booleanPointInPolygon(point, features[i]!))
        return i
    }
    return -1
  }
}

/**
 * SQLite's R*Tree (in memory) for the candidates, queried by a prepared statement, then the same
 * turf test. The R*Tree stores boxes as 32-bit floats rounded outwards: a superset of candidates.
 */
export function sqliteRtree(geometries: readonly ArealGeometry[]): { build: () => Locate, close: () => void } {
  const db = new Database(':memory:')
  return {
    build: () => {
      const features = turfFeatures(geometries)
      db.exec('CREATE VIRTUAL TABLE grid_box USING rtree(id, minX, maxX, minY, maxY)')
      const insert = db.prepare('INSERT INTO grid_box VALUES (?, ?, ?, ?, ?)')
      db.transaction(() => geometries.forEach((g, i) => {
        const [minX, minY, maxX, maxY] = bboxOf(g)
        insert.run(i, minX, maxX, minY, maxY)
      }))()
      const candidates = db.prepare<[number, number, number, number], number>(
        'SELECT id FROM grid_box WHERE minX <= ? AND maxX >= ? AND minY <= ? AND maxY >= ?',
      ).pluck()
      return (lon, lat) => {
        const point = [lon, lat]
        for (const i of candidates.all(lon, lon, lat, lat)) {
          if (booleanPointInPolygon(point, features[i]!))
            return i
        }
        return -1
      }
    },
    close: () => db.close(),
  }
}

/**
 * The fair naive baseline: every grid in turn, its box checked (from a flat array) before the
 * exact ray cast (GridGov's pointInGeometry, so only the index differs from GridIndex).
 */
export function scanWithBoxCheck(geometries: readonly ArealGeometry[]): Locate {
  const boxes = new Float64Array(geometries.length * 4)
  geometries.forEach((g, i) => boxes.set(bboxOf(g), 4 * i))
  return (lon, lat) => {
    for (let i = 0; i < geometries.length; i++) {
      if (lon < boxes[4 * i]! || lat < boxes[4 * i + 1]! || lon > boxes[4 * i + 2]! || lat > boxes[4 * i + 3]!)
        continue
      if (pointInGeometry(lon, lat, geometries[i]!))
        return i
    }
    return -1
  }
}

/** The old baseline: a ray cast on every grid, no box check (what naiveLocate does). */
export function scanWithoutBoxCheck(geometries: readonly ArealGeometry[]): Locate {
  return (lon, lat) => {
    for (let i = 0; i < geometries.length; i++) {
      if (pointInGeometry(lon, lat, geometries[i]!))
        return i
    }
    return -1
  }
}
