import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { TileLayerConfig } from '../config'
import { Type } from 'typebox'

const ClientConfig = Type.Object({
  tileLayer: Type.Union([Type.Object({
    url: Type.String(),
    attribution: Type.String(),
    crs: Type.Union([Type.Literal('wgs84'), Type.Literal('gcj02')]),
    maxZoom: Type.Integer(),
  }), Type.Null()], { description: 'optional basemap configured by the deployer; null = our own vector layers only' }),
}, { additionalProperties: false })

/** What the dashboard needs to know about this deployment. */
const routes: FastifyPluginAsyncTypebox<{ tileLayer: TileLayerConfig | null }> = async (app, opts) => {
  app.get('/api/config', {
    config: { public: true },
    schema: { tags: ['system'], summary: 'Dashboard configuration', response: { 200: ClientConfig } },
  }, async () => ({ tileLayer: opts.tileLayer }))
}
export default routes
