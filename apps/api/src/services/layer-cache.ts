import type { LayerKind, TerritoryRepository } from '@gridgov/db'
/**
 * Map layers, serialized and compressed once per data version instead of once per request.
 * A layer's bytes (identity, gzip, brotli) and its ETag are rebuilt only when the territory
 * version changes, so a request costs a version lookup and a buffer write.
 */
import { createHash } from 'node:crypto'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { roundGeometry } from '@gridgov/geo'

/** 6 decimals ≈ 0.1 m: finer than any grid boundary is drawn, and a third smaller than full floats. */
const WIRE_DECIMALS = 6

export interface CompressedLayer {
  etag: string
  version: number
  identity: Buffer
  gzip: Buffer
  br: Buffer
}

/** Serializes one layer as an RFC 7946 FeatureCollection. */
export function serializeLayer(territory: TerritoryRepository, kind: LayerKind): string {
  const features = territory.layerFeatures(kind).map(f => ({ ...f, geometry: roundGeometry(f.geometry, WIRE_DECIMALS) ?? f.geometry }))
  return JSON.stringify({ type: 'FeatureCollection', features })
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
