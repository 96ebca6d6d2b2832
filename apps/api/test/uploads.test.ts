import type { Building, CaseDetail, GridDetail, IntakeResult, PageOf } from '@gridgov/domain'
import type { App } from '../src/app'
import type { Client } from './helper'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, json, loginAs } from './helper'

let app: App
let community: Client
let leader: Client
let admin: Client
let outsider: Client
let jpeg: Buffer
const GRID = '370902001002001'

/** A multipart/form-data body with one file field. */
function multipart(content: Buffer, filename = 'photo.jpg', type = 'image/jpeg', field = 'file') {
  const boundary = '----gridgov-test-boundary'
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

function upload(c: Client, content: Buffer, filename?: string, type?: string, extra: Record<string, string> = {}) {
  const { body, headers } = multipart(content, filename, type)
  return app.inject({ method: 'POST', url: '/api/uploads', payload: body, headers: { ...headers, 'cookie': c.cookie, 'x-csrf-token': c.csrf, ...extra } })
}

beforeAll(async () => {
  app = await buildTestApp()
  ;[community, leader, admin] = await Promise.all(['shichangjie', 'wgz001', 'admin'].map(u => loginAs(app, u))) as [Client, Client, Client]
  await admin.post('/api/admin/users', { username: 'donghu', displayName: '东湖社区', password: 'abcd12345', role: 'community', scopeCode: '370902001001' })
  outsider = await loginAs(app, 'donghu', 'abcd12345')
  jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#c8161d' } }).jpeg().toBuffer()
})
afterAll(() => app.close())

describe('photos', () => {
  it('stores a real image with a thumbnail, visible to its uploader only until attached', async () => {
    const res = await upload(leader, jpeg)
    expect(res.statusCode, res.body).toBe(201)
    const { id, thumbnailUrl, width, height } = json(res)
    expect([width, height]).toEqual([1200, 800])
    const thumb = await leader.get(thumbnailUrl)
    expect(thumb.statusCode).toBe(200)
    expect(thumb.headers['content-type']).toBe('image/webp')
    const meta = await sharp(thumb.rawPayload).metadata()
    expect(Math.max(meta.width!, meta.height!)).toBe(320)
    const full = await leader.get(`/api/uploads/${id}`)
    expect(full.headers['content-type']).toBe('image/jpeg')
    const stored = await sharp(full.rawPayload).metadata() // re-encoded without metadata, same picture
    expect([stored.format, stored.width, stored.height]).toEqual(['jpeg', 1200, 800])
    expect((await community.get(`/api/uploads/${id}`)).statusCode).toBe(404)
  })

  it('answers a retried upload (same Idempotency-Key) with the first photo', async () => {
    const key = { 'idempotency-key': 'photo-retry-0001' }
    const first = await upload(leader, jpeg, 'a.jpg', 'image/jpeg', key)
    const again = await upload(leader, jpeg, 'a.jpg', 'image/jpeg', key)
    expect(again.statusCode).toBe(201)
    expect(again.headers['idempotent-replayed']).toBe('true')
    expect(json(again).id).toBe(json(first).id)
    const other = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).png().toBuffer()
    const reused = await upload(leader, other, 'b.png', 'image/png', key)
    expect(reused.statusCode).toBe(422)
  })

  it('decides the type by content and refuses fakes, empty and oversized files', async () => {
    const fake = await upload(leader, Buffer.from('this is not an image at all'), 'photo.jpg', 'image/jpeg')
    expect(fake.statusCode).toBe(400)
    expect(json(fake).details[0].field).toBe('body.file')
    const broken = await upload(leader, Buffer.concat([Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), Buffer.alloc(100, 7)]), 'x.png', 'image/png')
    expect(broken.statusCode).toBe(400)
    expect(json(broken).message).toContain('decoded')
    const huge = await upload(leader, Buffer.concat([jpeg, Buffer.alloc(10 * 1024 * 1024)]))
    expect(huge.statusCode).toBe(413)
    const notMultipart = await leader.post('/api/uploads', { file: 'x' })
    expect(notMultipart.statusCode).toBe(415)
    expect(json(notMultipart).details[0].field).toBe('headers.content-type')
    const noSession = await app.inject({ method: 'POST', url: '/api/uploads', ...multipart(jpeg), payload: multipart(jpeg).body })
    expect(noSession.statusCode).toBe(401)
    const { body, headers } = multipart(jpeg)
    const noCsrf = await app.inject({ method: 'POST', url: '/api/uploads', payload: body, headers: { ...headers, cookie: leader.cookie } })
    expect(noCsrf.statusCode).toBe(403)
  })

  it('requires a photo to resolve a component (部件) case, then shows it to the case\'s territory only', async () => {
    const building = json<PageOf<Building>>(await admin.get(`/api/grids/${GRID}/buildings?limit=1`)).items[0]!
    const staffId = json<GridDetail>(await admin.get(`/api/grids/${GRID}`)).staff.find(s => s.role === 'leader')!.id
    const c = json<IntakeResult>(await community.post('/api/cases', { channel: 'phone', categoryCode: 'C0104', description: '小区东门路灯连续三晚不亮', buildingCode: building.code })).case
    let v = c.version
    for (const body of [{ action: 'file' }, { action: 'dispatch', assigneeId: staffId }]) v = json<CaseDetail>(await community.post(`/api/cases/${c.id}/actions`, { version: v, ...body })).version
    v = json<CaseDetail>(await leader.post(`/api/cases/${c.id}/actions`, { version: v, action: 'accept' })).version

    const noPhoto = await leader.post(`/api/cases/${c.id}/actions`, { version: v, action: 'resolve', note: '已更换灯泡' })
    expect(noPhoto.statusCode).toBe(400)
    expect(json(noPhoto).details[0].field).toBe('body.attachments')
    const theirs = json(await upload(community, jpeg)).id
    const notMine = await leader.post(`/api/cases/${c.id}/actions`, { version: v, action: 'resolve', note: '已更换灯泡', attachments: [theirs] })
    expect(notMine.statusCode).toBe(400)

    const photo = json(await upload(leader, jpeg)).id
    const resolved = json<CaseDetail>(await leader.post(`/api/cases/${c.id}/actions`, { version: v, action: 'resolve', note: '已更换灯泡', attachments: [photo] }))
    expect(resolved.status).toBe('resolved')
    expect(resolved.events.at(-1)!.attachments).toEqual([photo])
    expect((await community.get(`/api/uploads/${photo}/thumb`)).statusCode).toBe(200)
    expect((await outsider.get(`/api/uploads/${photo}/thumb`)).statusCode).toBe(404)
    expect((await admin.get(`/api/uploads/${photo}`)).statusCode).toBe(200)
  })
})

describe('patrol photos', () => {
  it('attaches the reporter\'s own photos to a patrol report, all or nothing', async () => {
    const member = await loginAs(app, 'wgy001')
    const building = json<PageOf<Building>>(await admin.get(`/api/grids/${GRID}/buildings?limit=1`)).items[0]!
    const report = (attachments: string[]) => member.post('/api/cases', { channel: 'patrol', categoryCode: 'E0102', description: '2单元楼道堆放杂物，堵塞通道', buildingCode: building.code, attachments })
    const before = json<PageOf<unknown>>(await admin.get('/api/cases')).total
    const others = json(await upload(leader, jpeg)).id
    const refused = await report([others])
    expect(refused.statusCode).toBe(400)
    expect(json(refused).details[0].field).toBe('body.attachments')
    expect(json<PageOf<unknown>>(await admin.get('/api/cases')).total).toBe(before) // no case without its photo

    const mine = json(await upload(member, jpeg)).id
    const created = await report([mine])
    expect(created.statusCode, created.body).toBe(201)
    const c = json<CaseDetail>(await member.get(`/api/cases/${json<IntakeResult>(created).case.id}`))
    expect(c.events[0]).toMatchObject({ action: 'report', attachments: [mine] })
    expect((await community.get(`/api/uploads/${mine}/thumb`)).statusCode).toBe(200)
  })
})
