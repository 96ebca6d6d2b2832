import type { LayerFeature, LayerKind, TerritoryRepository } from '@gridgov/db'
/**
 * Map layers, serialized and compressed once per data version instead of once per request.
 * A layer's bytes (identity, gzip, brotli) and its ETag are rebuilt only when the territory
 * version changes, so a request costs a version lookup and a buffer write.
 */
import { createHash } from 'node:crypto'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { roundGeometry } from '@gridgov/geo'

/**
 * Coordinates on the wire are rounded to 5 decimals (a 1e-5° lattice): at most 0.71 m from the
 * stored vertex on the city dataset (measured by `pnpm bench`), under one pixel up to zoom 17.
 * Shared vertices stay shared (neighbours round alike), and the city grid layer drops from
 * 1.2 MB to 0.86 MB gzip. The point → grid index keeps the full-precision geometry from the database.
 * TopoJSON was measured too (bench/layer-sizes.ts) and is larger here: see bench/README.md.
 */
export const WIRE_DECIMALS = 5

const round = (x: number) => Math.round(x * 10 ** WIRE_DECIMALS) / 10 ** WIRE_DECIMALS

/** The wire form of one feature: rounded geometry, and its label point (`center`) rounded alike. */
export function wireFeature(f: LayerFeature): LayerFeature {
  const { center } = f.properties
  const properties = Array.isArray(center) ? { ...f.properties, center: center.map(c => round(Number(c))) } : f.properties
  return { ...f, properties, geometry: roundGeometry(f.geometry, WIRE_DECIMALS) ?? f.geometry }
}

export interface CompressedLayer {
  etag: string
  version: number
  identity: Buffer
  gzip: Buffer
  br: Buffer
}

/** Serializes one layer as an RFC 7946 FeatureCollection. */
export function serializeLayer(territory: TerritoryRepository, kind: LayerKind): string {
  return JSON.stringify({ type: 'FeatureCollection', features: territory.layerFeatures(kind).map(wireFeature) })
}

export function compressLayer(json: string, version: number): CompressedLayer {
  const identity = Buffer.from(json)
  return {
    etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`,
    version,
    identity,
    gzip: gzipSync(identity, { level: 9 }),
    br: brotliCompressSync(identity, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length },
    }),
  }
}

export function createLayerCache(territory: TerritoryRepository) {
  const cache = new Map<LayerKind, CompressedLayer>()
  return {
    get(kind: LayerKind): CompressedLayer {
      const version = territory.territoryVersion()
      const hit = cache.get(kind)
      if (hit && hit.version === version)
        return hit
      const layer = compressLayer(serializeLayer(territory, kind), version)
      cache.set(kind, layer)
      return layer
    },
  }
}

export type LayerCache = ReturnType<typeof createLayerCache>
