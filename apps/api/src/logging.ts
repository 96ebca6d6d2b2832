/**
 * What the request log may say. A resident's tracking code is the only key to their case's public
 * view, so it never reaches a log line: the request serializer replaces it in every URL
 * (`/api/public/cases/<code>`, `/track/<code>`) before pino writes the request.
 */
import type { FastifyServerOptions } from 'fastify'

const TRACKING_PATH = /^(\/api\/public\/cases\/|\/track\/)[^/?#]+/

/** The URL with any tracking code replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  return url.replace(TRACKING_PATH, '$1[redacted]')
}

interface LoggedRequest { method: string, url: string, hostname?: string, ip?: string, socket?: { remotePort?: number } }

/** pino options for the app's logger: our request serializer on top of the caller's settings. */
export function loggerOptions(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger)
    return false
  const base = logger === true ? {} : logger as Record<string, unknown>
  return {
    ...base,
    serializers: {
      ...(base.serializers as Record<string, unknown> | undefined),
      req: (request: LoggedRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        hostname: request.hostname,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
    },
  } as FastifyServerOptions['logger']
}
