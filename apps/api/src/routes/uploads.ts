import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import type { Metadata } from 'sharp'
/**
 * Photos for cases (处置照片): multipart upload, type decided by the bytes (JPEG, PNG, WebP — not
 * by the name or the client's content-type), decoded once to prove it is an image, stored outside
 * the web root under a random name with a 320 px WebP thumbnail, and served only to the uploader
 * and to users whose territory holds the case the photo belongs to.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import multipart from '@fastify/multipart'
import { createIdempotencyRepository, createUploadRepository } from '@gridgov/db'
import { ErrorResponse } from '@gridgov/domain'
import sharp from 'sharp'
import { Type } from 'typebox'
import { HttpError } from '../plugins/errors'
import { asHttpError, idempotencyKey, sendStored } from './cases/case-http'

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024
const TYPES = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const

/** The image type from its first bytes (magic numbers), or undefined. */
export function sniffImage(b: Buffer): keyof typeof TYPES | undefined {
  if (b.length >= 3 && b[0] === 0xFF && b[1] === 0xD8 && b[2] === 0xFF)
    return 'jpeg'
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])))
    return 'png'
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP')
    return 'webp'
  return undefined
}

const badFile = (message: string) => new HttpError(400, 'bad_request', message, [{ field: 'body.file', message }])

const routes: FastifyPluginAsyncTypebox<{ uploadsDir: string }> = async (app, { uploadsDir }) => {
  await app.register(multipart, { limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 0 } })
  const uploads = createUploadRepository(app.database)
  const idempotency = createIdempotencyRepository(app.database)
  const pathOf = (id: string, thumb: boolean) => join(uploadsDir, id.slice(0, 2), thumb ? `${id}.thumb.webp` : id)

  app.post('/api/uploads', {
    config: { roles: ['community', 'grid_leader', 'grid_member'] },
    schema: {
      tags: ['cases'],
      summary: 'Upload a photo (multipart field `file`; JPEG, PNG or WebP up to 10 MB)',
      consumes: ['multipart/form-data'],
      response: {
        201: Type.Object({ id: Type.String(), url: Type.String(), thumbnailUrl: Type.String(), width: Type.Integer(), height: Type.Integer() }, { additionalProperties: false }),
        400: ErrorResponse,
        401: ErrorResponse,
        403: ErrorResponse,
        413: ErrorResponse,
        422: ErrorResponse,
      },
    },
  }, async (request, reply) => {
    if (!request.isMultipart())
      throw badFile('send the photo as multipart/form-data, field `file`')
    const file = await request.file()
    if (!file || file.fieldname !== 'file')
      throw badFile('no file in field `file`')
    const bytes = await file.toBuffer().catch((err: { code?: string }) => {
      if (err.code === 'FST_REQ_FILE_TOO_LARGE')
        throw new HttpError(413, 'too_large', `photos are limited to ${MAX_PHOTO_BYTES / 1024 / 1024} MB`, [{ field: 'body.file', message: 'too large' }])
      throw err
    })
    // a retried upload (same Idempotency-Key, same bytes) gets the first photo back
    const key = idempotencyKey(request)
    const principal = `user:${request.user!.id}`
    const fingerprint = { sha256: createHash('sha256').update(bytes).digest('hex') }
    const earlier = (() => {
      try {
        return idempotency.replay(key, principal, 'POST /api/uploads', fingerprint)
      }
      catch (err) {
        return asHttpError(err)
      }
    })()
    if (earlier)
      return sendStored(reply, earlier)
    const kind = sniffImage(bytes)
    if (!kind)
      throw badFile('not a JPEG, PNG or WebP image')
    let meta: Metadata
    let thumb: Buffer
    try {
      meta = await sharp(bytes).metadata()
      thumb = await sharp(bytes).rotate().resize(320, 320, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 75 }).toBuffer()
    }
    catch {
      throw badFile('the image cannot be decoded')
    }
    const id = randomBytes(18).toString('base64url')
    mkdirSync(join(uploadsDir, id.slice(0, 2)), { recursive: true })
    writeFileSync(pathOf(id, false), bytes)
    writeFileSync(pathOf(id, true), thumb)
    const stored = idempotency.once(key, principal, 'POST /api/uploads', fingerprint, app.now(), () => {
      uploads.insert({ id, mime: TYPES[kind], bytes: bytes.length, width: meta.width ?? 0, height: meta.height ?? 0, uploadedBy: request.user!.id, caseId: null, createdAt: app.now() })
      return { status: 201, body: { id, url: `/api/uploads/${id}`, thumbnailUrl: `/api/uploads/${id}/thumb`, width: meta.width ?? 0, height: meta.height ?? 0 } }
    })
    return sendStored(reply, stored)
  })

  for (const thumb of [false, true]) {
    app.get(thumb ? '/api/uploads/:id/thumb' : '/api/uploads/:id', {
      schema: {
        tags: ['cases'],
        summary: thumb ? 'A photo\'s thumbnail' : 'A photo',
        params: Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$' }) }, { additionalProperties: false }),
        response: { 404: ErrorResponse },
      },
    }, async (request, reply: FastifyReply) => {
      const { id } = request.params as { id: string }
      const row = uploads.visible(id, request.user!.id, request.scope)
      if (!row)
        throw new HttpError(404, 'not_found', 'no such photo', [{ field: 'params.id', message: 'unknown photo' }])
      return reply
        .header('content-type', thumb ? 'image/webp' : row.mime)
        .header('cache-control', 'private, max-age=86400, immutable')
        .header('x-content-type-options', 'nosniff')
        .send(readFileSync(pathOf(row.id, thumb)))
    })
  }
}
export default routes
