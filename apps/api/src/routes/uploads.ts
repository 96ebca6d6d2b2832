/**
 * Photos for cases and projects (处置照片): multipart upload, type decided by the bytes (JPEG,
 * PNG, WebP — not by the name or the client's content-type), decoded and re-encoded without
 * metadata (services/photo-store.ts), stored outside the web root under a random name with a
 * 320 px WebP thumbnail, fsynced before the 201, and served only to the uploader and to users whose
 * territory holds the case (or project) the photo belongs to.
 */
import type { MultipartFile } from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import multipart from '@fastify/multipart'
import { badRequest, ErrorResponse, Refusal } from '@gridgov/domain'
import { Type } from 'typebox'
import { idempotencyKey, principalOf, routeKeyOf, sendStored } from '../http/writes'
import { cleanPhoto, createPhotoStore, PHOTO_TYPES, sniffImage } from '../services/photo-store'

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024

const tooLarge = () => new Refusal(413, 'too_large', `photos are limited to ${MAX_PHOTO_BYTES / 1024 / 1024} MB`, { field: 'body.file', detail: 'too large' })
const badFile = (message: string) => badRequest('body.file', message)

/**
 * The whole file, or 413 when it is over the limit. Reads the stream itself: busboy marks a cut
 * file `truncated` only once the cut is made, which can be after the last chunk was handed over —
 * so the size is also checked here (the parser's limit is one byte past ours).
 */
async function readWhole(file: MultipartFile): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of file.file as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > MAX_PHOTO_BYTES) {
        file.file.resume()
        throw tooLarge()
      }
      chunks.push(chunk)
    }
  }
  catch (err) {
    if (err instanceof Refusal)
      throw err
    // the body ended (or broke) before the file did
    throw badRequest('body', `the upload ended before the file was complete (${(err as Error).message})`, 'incomplete multipart body')
  }
  if (file.file.truncated)
    throw tooLarge()
  return Buffer.concat(chunks)
}

const routes: FastifyPluginAsyncTypebox<{ uploadsDir: string }> = async (app, { uploadsDir }) => {
  // throwFileSizeLimit off: readWhole answers 413 itself, after the parser cut the file one byte past the limit
  await app.register(multipart, { throwFileSizeLimit: false, limits: { fileSize: MAX_PHOTO_BYTES + 1, files: 1, fields: 0, parts: 2, headerPairs: 20 } })
  mkdirSync(uploadsDir, { recursive: true })
  const store = createPhotoStore(uploadsDir)

  app.post('/api/uploads', {
    config: { roles: ['community', 'street', 'grid_leader', 'grid_member'] },
    schema: {
      tags: ['cases'],
      summary: 'Upload a photo (multipart field `file`; JPEG, PNG or WebP up to 10 MB)',
      description: 'The stored image is re-encoded without metadata (EXIF: GPS, camera, names), upright. A retry with the same Idempotency-Key answers the first photo.',
      consumes: ['multipart/form-data'],
      response: {
        201: Type.Object({ id: Type.String(), url: Type.String(), thumbnailUrl: Type.String(), width: Type.Integer(), height: Type.Integer() }, { additionalProperties: false }),
        400: ErrorResponse,
        401: ErrorResponse,
        403: ErrorResponse,
        413: ErrorResponse,
        415: ErrorResponse,
        422: ErrorResponse,
      },
    },
  }, async (request, reply) => {
    if (!request.isMultipart())
      throw new Refusal(415, 'unsupported_media_type', 'send the photo as multipart/form-data, field `file`', { field: 'headers.content-type' })
    const key = idempotencyKey(request)
    const file = await request.file()
    if (!file || file.fieldname !== 'file') {
      file?.file.resume()
      throw badFile('no file in field `file`')
    }
    const bytes = await readWhole(file)
    // a retried upload (same Idempotency-Key, same bytes) gets the first photo back
    const principal = principalOf(request)
    const route = routeKeyOf(request)
    const fingerprint = { sha256: createHash('sha256').update(bytes).digest('hex') }
    const earlier = app.idempotency.replay(key, principal, route, fingerprint)
    if (earlier)
      return sendStored(reply, earlier)
    const kind = sniffImage(bytes)
    if (!kind)
      throw badFile('not a JPEG, PNG or WebP image')
    const photo = await cleanPhoto(bytes, kind).catch(() => {
      throw badFile('the image cannot be decoded')
    })
    const id = randomBytes(18).toString('base64url')
    await store.write(id, photo)
    let ran = false
    let committed = false
    let stored: ReturnType<typeof app.idempotency.once>
    try {
      stored = app.idempotency.once(key, principal, route, fingerprint, app.now(), () => {
        app.uploads.insert({ id, mime: PHOTO_TYPES[kind], bytes: photo.bytes.length, width: photo.width, height: photo.height, uploadedBy: request.user!.id, caseId: null, createdAt: app.now() })
        ran = true
        return { status: 201, body: { id, url: `/api/uploads/${id}`, thumbnailUrl: `/api/uploads/${id}/thumb`, width: photo.width, height: photo.height } }
      })
      committed = ran
    }
    finally {
      // a concurrent request with the same key won (this one replays its answer), or the row was
      // refused: these files belong to no row — gone before anyone hears back
      if (!committed)
        await store.remove(id)
    }
    return sendStored(reply, stored)
  })

  for (const thumb of [false, true]) {
    app.get(thumb ? '/api/uploads/:id/thumb' : '/api/uploads/:id', {
      schema: {
        tags: ['cases'],
        summary: thumb ? 'A photo\'s thumbnail' : 'A photo',
        params: Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{16,64}$' }) }, { additionalProperties: false }),
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'the image' }), 404: ErrorResponse },
      },
    }, async (request, reply) => {
      const row = app.uploads.visible(request.params.id, request.user!.id, request.scope)
      if (!row)
        throw new Refusal(404, 'not_found', 'no such photo', { field: 'params.id', detail: 'unknown photo' })
      return reply
        .header('content-type', thumb ? 'image/webp' : row.mime)
        // a case photo can show people and homes: personal data, not kept by caches
        .header('cache-control', 'private, no-store')
        .header('x-content-type-options', 'nosniff')
        .send(await readFile(store.pathOf(row.id, thumb)))
    })
  }
}
export default routes
