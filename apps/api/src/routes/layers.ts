import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { LayerKind } from '@gridgov/db'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { errors } from '../http/schemas'
import { createLayerCache } from '../services/layer-cache'

const KINDS = ['district', 'streets', 'communities', 'grids'] as const satisfies readonly LayerKind[]

/** Picks the best encoding the client accepts; `q=0` excludes one. */
function pickEncoding(header: string | undefined): 'br' | 'gzip' | 'identity' {
  const accepted = new Map<string, number>()
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    const q = params.map(p => p.trim()).find(p => p.startsWith('q='))
    if (name)
      accepted.set(name, q ? Number(q.slice(2)) : 1)
  }
  const ok = (enc: string) => (accepted.get(enc) ?? accepted.get('*') ?? 0) > 0
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : 'identity'
}

/**
 * Map layers as RFC 7946 FeatureCollections (WGS-84), pre-serialized and pre-compressed once per
 * data version, with a strong ETag: a revalidating client gets 304 and no body.
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const cache = createLayerCache(app.territory)

  app.get('/api/layers/:kind', {
    config: { public: true },
    schema: {
      tags: ['map'],
      summary: 'A map layer as a GeoJSON FeatureCollection',
      description: 'Kinds: district, streets, communities, grids. Grid features carry `properties.code` (15-digit grid code), `name`, `communityCode`, `streetCode` and `center` [lon, lat]. Coordinates are rounded to 5 decimals (a 1e-5° lattice, at most ~0.7 m from the stored boundary; point → grid uses the full precision). Served gzip or brotli encoded when accepted, with ETag / If-None-Match.',
      params: Type.Object({ kind: Type.Enum(KINDS) }, { additionalProperties: false }),
      // the body is a pre-encoded buffer, so the 200 reply is documented here rather than serialized
      response: {
        200: { description: 'GeoJSON FeatureCollection (application/geo+json)', type: 'object' },
        304: { description: 'not modified: If-None-Match matched the ETag', type: 'null' },
        ...errors,
      },
    },
  }, async (request, reply) => {
    const layer = cache.get(request.params.kind)
    reply
      .header('etag', layer.etag)
      .header('cache-control', 'no-cache')
      .header('vary', 'accept-encoding')
    const ifNoneMatch = request.headers['if-none-match']
    if (ifNoneMatch && ifNoneMatch.split(',').some(tag => tag.trim().replace(/^W\//, '') === layer.etag))
      // a 304 carries no body (and so no content-type or length)
      return (reply as FastifyReply).status(304).removeHeader('content-type').send()
    const encoding = pickEncoding(request.headers['accept-encoding'])
    reply.header('content-type', 'application/geo+json; charset=utf-8')
    if (encoding !== 'identity')
      reply.header('content-encoding', encoding)
    return reply.send(encoding === 'br' ? layer.br : encoding === 'gzip' ? layer.gzip : layer.identity)
  })
}
export default routes
