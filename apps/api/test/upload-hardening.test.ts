import type { App } from '../src/app'
import type { Client } from './helper'
/**
 * Uploads under abuse (issue 12 §2): anything over the limit is 413 every time with nothing
 * stored — by a few bytes or by megabytes; concurrent uploads under one Idempotency-Key leave one
 * photo and no orphan files; stored images carry no EXIF (GPS, camera, names) and stand upright.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_PHOTO_BYTES } from '../src/routes/uploads'
import { buildTestApp, json, loginAs } from './helper'

let app: App
let leader: Client
let uploadsDir: string

function multipart(content: Buffer, filename = 'photo.jpg', type = 'image/jpeg') {
  const boundary = '----gridgov-hardening'
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}
function upload(content: Buffer, extra: Record<string, string> = {}) {
  const { body, headers } = multipart(content)
  return app.inject({ method: 'POST', url: '/api/uploads', payload: body, headers: { ...headers, 'cookie': leader.cookie, 'x-csrf-token': leader.csrf, ...extra } })
}
/** Every file under the uploads folder. */
function storedFiles() {
  try {
    return readdirSync(uploadsDir, { recursive: true, withFileTypes: true }).filter(e => e.isFile()).map(e => join(e.parentPath, e.name))
  }
  catch {
    return []
  }
}
const rows = () => app.database.sqlite.prepare('SELECT count(*) FROM uploads').pluck().get() as number

beforeAll(async () => {
  app = await buildTestApp()
  uploadsDir = join(app.database.file, '..', 'uploads')
  leader = await loginAs(app, 'wgz001')
})
afterAll(() => app.close())

describe('the size limit', () => {
  it('answers 413 for every file over it, by a byte or by megabytes, and stores nothing', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } }).jpeg().toBuffer()
    const before = { files: storedFiles().length, rows: rows() }
    const overs = [1, 2, 100, 4096, 65_536, 65_537, 1_000_000, 5 * 1024 * 1024]
    for (const over of [...overs, ...overs]) {
      const content = Buffer.concat([jpeg, Buffer.alloc(MAX_PHOTO_BYTES - jpeg.length + over, 0)])
      const res = await upload(content)
      expect(res.statusCode, `${over} bytes over`).toBe(413)
      expect(json(res)).toMatchObject({ error: 'too_large', details: [{ field: 'body.file' }] })
    }
    expect({ files: storedFiles().length, rows: rows() }).toEqual(before)
  })

  it('accepts a file of exactly the limit', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } }).jpeg().toBuffer()
    // JPEG decoders ignore bytes after the end-of-image marker: a valid image padded to the limit
    const res = await upload(Buffer.concat([jpeg, Buffer.alloc(MAX_PHOTO_BYTES - jpeg.length, 0)]))
    expect(res.statusCode, res.body).toBe(201)
  })
})

describe('one Idempotency-Key, many concurrent uploads', () => {
  it('stores one photo and leaves no orphan file', async () => {
    const jpeg = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#1f6fd1' } }).jpeg().toBuffer()
    const before = { files: storedFiles().length, rows: rows() }
    const key = { 'idempotency-key': 'concurrent-upload-0001' }
    const answers = await Promise.all(Array.from({ length: 8 }, () => upload(jpeg, key)))
    expect(answers.map(a => a.statusCode)).toEqual(Array.from({ length: 8 }, () => 201))
    expect(new Set(answers.map(a => json(a).id)).size).toBe(1)
    // one row, and exactly its photo and thumbnail on disk
    expect(rows()).toBe(before.rows + 1)
    expect(storedFiles().length).toBe(before.files + 2)
  })
})

describe('stored images', () => {
  it('carry no EXIF metadata — no GPS, camera or names — and are turned upright', async () => {
    // a 300 × 200 photo taken with the camera turned: EXIF orientation 6 (rotate 90° to view)
    const withExif = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#c8161d' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .withExif({
        IFD0: { Make: 'GridGovCam', Model: 'Field-1', Artist: '张三' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '36/1 11/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '117/1 7/1 0/1' },
      })
      .toBuffer()
    const original = await sharp(withExif).metadata()
    expect(original.exif).toBeDefined()
    expect(original.orientation).toBe(6)

    const res = await upload(withExif)
    expect(res.statusCode, res.body).toBe(201)
    const { id, width, height } = json(res)
    expect([width, height]).toEqual([200, 300]) // upright: the sides swapped
    for (const path of [`/api/uploads/${id}`, `/api/uploads/${id}/thumb`]) {
      const bytes = (await app.inject({ url: path, headers: { cookie: leader.cookie } })).rawPayload
      const meta = await sharp(bytes).metadata()
      expect(meta.exif, path).toBeUndefined()
      expect(meta.orientation ?? 1, path).toBe(1)
      expect(bytes.includes(Buffer.from('GridGovCam')), path).toBe(false)
      expect(bytes.includes(Buffer.from('张三')), path).toBe(false)
    }
    const stored = await sharp((await app.inject({ url: `/api/uploads/${id}`, headers: { cookie: leader.cookie } })).rawPayload).metadata()
    expect([stored.width, stored.height]).toEqual([200, 300])
  })

  it('strips PNG and WebP metadata too', async () => {
    for (const format of ['png', 'webp'] as const) {
      const image = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#2e8b57' } })[format]().withExif({ IFD0: { Artist: 'Secret Owner' } }).toBuffer()
      expect((await sharp(image).metadata()).exif).toBeDefined()
      const res = await upload(image)
      expect(res.statusCode, res.body).toBe(201)
      const bytes = (await app.inject({ url: `/api/uploads/${json(res).id}`, headers: { cookie: leader.cookie } })).rawPayload
      expect((await sharp(bytes).metadata()).exif, format).toBeUndefined()
      expect(bytes.includes(Buffer.from('Secret Owner')), format).toBe(false)
    }
  })
})
