import type { ErrorResponse } from '@gridgov/domain'
import type { FastifyInstance } from 'fastify'
/**
 * Serves the built dashboard (apps/web/dist) on the same port as the API. Paths under /api that
 * match no route answer a JSON 404; other unknown GETs get index.html (client-side routing).
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import fastifyStatic from '@fastify/static'
import fp from 'fastify-plugin'

export default fp<{ webDist: string }>(async (app: FastifyInstance, { webDist }) => {
  const built = existsSync(join(webDist, 'index.html'))
  if (built)
    await app.register(fastifyStatic, { root: webDist, wildcard: false, index: 'index.html', preCompressed: false })
  else
    app.log.warn({ webDist }, 'dashboard not built: run `pnpm build` (the API works without it)')

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? ''
    const isApi = path === '/api' || path.startsWith('/api/') || path.startsWith('/docs')
    if (!isApi && request.method === 'GET' && built && !/\.\w+$/.test(path))
      return reply.type('text/html').sendFile('index.html')
    return reply.status(404).send({ error: 'not_found', message: `${request.method} ${path} not found`, details: [] } satisfies ErrorResponse)
  })
}, { name: 'web-app' })
