import type { Building, CaseDetail, GridDetail, IntakeResult, PageOf } from '@gridgov/domain'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { App } from '../../apps/api/src/app'
import type { Client } from '../../apps/api/test/helper'
/**
 * The community desk's journeys that an outside test found wanting (issue 12 §5, §7, §8): find a
 * case by its number, pick a building by name, see duplicates apart from other requests in the
 * building, call the reporter back (audited reveal), record a 回访 rating, and carry on after the
 * session expired mid-form with what was typed still there. Residents type a tracking code, and an
 * unknown address shows a 404 page; a tablet that lost its network keeps its list on screen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginAs } from '../../apps/api/test/helper'
import { expectAccessible } from './a11y'
import { launchBrowser, screenshotPath, signIn, startApp } from './browser'

const GRID = '370902001002001'
let app: App
let url: string
let browser: Browser
let context: BrowserContext
let page: Page
let desk: Client
let building: Building
let leaderId: number
let leaderName: string

const json = <T>(res: { body: string }) => JSON.parse(res.body) as T
/** The <input> of an Element Plus field, whether its test id sits on the wrapper or the input. */
const inputOf = (scope: Page | ReturnType<Page['locator']>, id: string) => scope.getByTestId(id).locator('input, textarea').or(scope.locator(`input[data-testid="${id}"], textarea[data-testid="${id}"]`)).first()

async function newCase(body: object = {}): Promise<CaseDetail> {
  const created = json<IntakeResult>(await desk.post('/api/cases', { channel: 'phone', categoryCode: 'S0401', description: '楼上住户深夜噪音扰民，多次沟通无果', buildingCode: building.code, reporterName: '王建国', reporterPhone: '13805381234', ...body }))
  return json<CaseDetail>(await desk.get(`/api/cases/${created.case.id}`))
}
async function step(id: number, client: Client, body: object): Promise<CaseDetail> {
  const current = json<CaseDetail>(await client.get(`/api/cases/${id}`))
  const res = await client.post(`/api/cases/${id}/actions`, { version: current.version, ...body })
  expect(res.statusCode, res.body).toBe(200)
  return json<CaseDetail>(res)
}

beforeAll(async () => {
  ({ app, url } = await startApp())
  desk = await loginAs(app, 'shichangjie')
  building = json<PageOf<Building>>(await desk.get(`/api/grids/${GRID}/buildings?limit=1`)).items[0]!
  const lead = json<GridDetail>(await desk.get(`/api/grids/${GRID}`)).staff.find(s => s.role === 'leader')!
  leaderId = lead.id
  leaderName = lead.name
  browser = await launchBrowser()
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  page = await context.newPage()
  await signIn(page, url, 'shichangjie')
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe('the case board', () => {
  it('finds a case by its number or its 12345 work-order number', async () => {
    const c = await newCase({ channel: 'hotline_12345', externalRef: '12345-26119988776' })
    await page.goto(`${url}/cases`)
    const box = inputOf(page, 'case-filter-q')
    for (const q of [c.number, '12345-26119988776']) {
      await box.fill(q)
      await box.press('Enter')
      await page.waitForFunction(n => document.querySelectorAll('[data-testid="case-board"] .el-table__body tr').length === 1 && document.body.textContent!.includes(n), c.number, { timeout: 20_000 })
    }
    await page.screenshot({ path: screenshotPath('desk-board-search.png') })
  })
})

describe('intake at the desk', () => {
  it('picks the building by its name, and lists duplicates apart from other requests in the building', async () => {
    await newCase({ categoryCode: 'S0401', description: '同楼栋已有的噪音纠纷' })
    await newCase({ categoryCode: 'S0601', description: '楼下车辆乱停堵塞通道' })
    await page.goto(`${url}/cases`)
    await page.getByTestId('case-new').click()
    const dialog = page.getByTestId('intake-dialog')
    await dialog.waitFor()
    // category: typed, then picked from the 社区服务 · 矛盾纠纷 group
    await page.waitForTimeout(400) // the dialog's opening transition
    const category = dialog.locator('.el-form-item', { hasText: '问题类别' }).locator('input')
    await category.click()
    await category.fill('邻里')
    await page.locator('.el-select-dropdown__item:visible', { hasText: '邻里纠纷' }).click()
    await inputOf(dialog, 'intake-description').fill('邻居装修噪音太大，影响老人休息')
    const picker = inputOf(dialog, 'intake-building')
    await picker.fill(building.name)
    const suggestion = page.getByTestId('building-suggestion').filter({ hasText: building.name }).first()
    await suggestion.waitFor({ timeout: 20_000 })
    await suggestion.click()
    await expect.poll(() => dialog.getByTestId('intake-building-code').textContent()).toContain(building.code)
    // the duplicates of this category, and apart, labelled, the other requests in the building
    await dialog.getByTestId('case-duplicates').waitFor({ timeout: 20_000 })
    await dialog.getByTestId('case-same-building').waitFor({ timeout: 20_000 })
    expect(await dialog.getByTestId('case-same-building').textContent()).toContain('非重复')
    expect(await dialog.getByTestId('case-duplicates').textContent()).not.toContain('违章停车')
    await page.screenshot({ path: screenshotPath('desk-intake-building.png') })
    await expectAccessible(page, 'intake with a building picked and duplicates')
    await dialog.getByTestId('intake-submit').click()
    await page.getByTestId('intake-result').waitFor({ timeout: 20_000 })
    const number = (await page.getByTestId('intake-number').textContent())!.trim()
    const filed = json<PageOf<CaseDetail>>(await desk.get(`/api/cases?q=${number}`)).items[0]!
    expect(filed).toMatchObject({ buildingCode: building.code, buildingName: building.name })
  })
})

describe('a case at the desk', () => {
  it('shows the building by name, who it was dispatched to, and reveals the caller\'s number', async () => {
    const c = await newCase()
    await step(c.id, desk, { action: 'file' })
    await step(c.id, desk, { action: 'dispatch', assigneeId: leaderId })
    await page.goto(`${url}/cases/${c.id}`)
    await page.getByTestId('case-facts').waitFor({ timeout: 20_000 })
    expect(await page.getByTestId('case-building').textContent()).toBe(building.name)
    expect(await page.getByTestId('timeline-assignee').first().textContent()).toContain(leaderName)
    const phone = page.getByTestId('case-facts').getByTestId('phone-masked')
    expect(await phone.textContent()).toBe('138****1234')
    await page.getByTestId('case-facts').getByTestId('phone-reveal').click()
    await page.locator('.el-message-box input').fill('回电核实情况')
    await page.locator('.el-message-box .el-button--primary').click()
    await expect.poll(() => page.getByTestId('phone-full').textContent(), { timeout: 20_000 }).toBe('13805381234')
    await page.locator('.el-message-box').waitFor({ state: 'hidden' })
    await expectAccessible(page, 'case detail with the caller\'s number revealed')
    const audit = app.database.sqlite.prepare(`SELECT summary FROM audit_log WHERE action = 'reveal' AND target = ?`).pluck().all(`case:${c.id}`) as string[]
    expect(audit.join()).toContain('回电核实情况')
  })

  it('records a caller\'s rating in a 回访 step', async () => {
    const c = await newCase()
    const leader = await loginAs(app, 'wgz001')
    await step(c.id, desk, { action: 'file' })
    await step(c.id, desk, { action: 'dispatch', assigneeId: leaderId })
    await step(c.id, leader, { action: 'accept' })
    await step(c.id, leader, { action: 'resolve', note: '已上门协调' })
    await step(c.id, desk, { action: 'verify' })
    await page.goto(`${url}/cases/${c.id}`)
    await page.getByTestId('case-action-rate').click()
    await page.getByTestId('action-rating').locator('.el-rate__item').nth(3).click()
    await page.getByTestId('action-note').fill('电话回访：满意')
    await page.getByTestId('action-submit').click()
    await page.getByTestId('action-dialog').waitFor({ state: 'hidden', timeout: 20_000 })
    await expect.poll(async () => json<CaseDetail>(await desk.get(`/api/cases/${c.id}`)).rating).toBe(4)
    expect(await page.getByTestId('case-timeline').textContent()).toContain('回访评价')
  })
})

describe('a session that expires mid-form', () => {
  it('says 登录已过期, and after signing in again the typed work is still there and goes through', async () => {
    const c = await newCase()
    await page.goto(`${url}/cases/${c.id}`)
    await page.getByTestId('case-action-file').click()
    await page.getByTestId('action-note').fill('核实属实，予以立案（这段话不能丢）')
    await page.waitForTimeout(300) // the dialog's opening transition
    // the session ends meanwhile (idle timeout, or revoked elsewhere)
    app.database.sqlite.prepare(`UPDATE sessions SET revoked_at = ? WHERE user_id = (SELECT id FROM users WHERE username = 'shichangjie') AND revoked_at IS NULL`).run(Date.now())
    app.sessionCache.clear()
    await page.getByTestId('action-submit').click()
    const expired = page.getByTestId('session-expired')
    await expired.waitFor({ timeout: 20_000 })
    expect(await page.locator('.el-dialog__title', { hasText: '登录已过期' }).count()).toBe(1)
    await page.screenshot({ path: screenshotPath('desk-session-expired.png') })
    await expectAccessible(page, 'session expired dialog')
    await inputOf(page, 'session-expired-password').fill('Demo@2026')
    await page.getByTestId('session-expired-submit').click()
    await expired.waitFor({ state: 'hidden', timeout: 20_000 })
    expect(await page.getByTestId('action-note').inputValue()).toBe('核实属实，予以立案（这段话不能丢）')
    await page.getByTestId('action-submit').click()
    await page.getByTestId('action-dialog').waitFor({ state: 'hidden', timeout: 20_000 })
    desk = await loginAs(app, 'shichangjie') // the API client's session was revoked too
    const after = json<CaseDetail>(await desk.get(`/api/cases/${c.id}`))
    expect(after.status).toBe('filed')
    expect(after.events.at(-1)!.note).toBe('核实属实，予以立案（这段话不能丢）')
  })
})

describe('residents and unknown addresses', () => {
  it('types a tracking code into /track: a wrong one is 未找到该查询码, the right one (any case) shows the case', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/public/cases', payload: { categoryCode: 'S0401', description: '楼下商铺音响声音过大', buildingCode: building.code, reporterPhone: '13905386666' } })
    const { trackingCode, number } = json<{ trackingCode: string, number: string }>(res)
    const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true })
    const phone = await phoneContext.newPage()
    await phone.goto(`${url}/track`)
    const box = inputOf(phone, 'track-code')
    await box.fill('ABCDE-FGHJK')
    await phone.getByTestId('track-submit').click()
    await expect.poll(() => phone.getByTestId('list-error').textContent(), { timeout: 20_000 }).toContain('未找到该查询码')
    await expectAccessible(phone, 'track: a code not found')
    await box.fill(trackingCode.toLowerCase().replace('-', ' '))
    await phone.getByTestId('track-submit').click()
    await expect.poll(() => phone.locator('.track__number').textContent(), { timeout: 20_000 }).toBe(number)
    await phone.screenshot({ path: screenshotPath('track-lookup.png') })
    await phoneContext.close()
  })

  it('shows a 404 page for an unknown address, not the map', async () => {
    await page.goto(`${url}/no-such-page/at-all`)
    await page.getByTestId('not-found').waitFor({ timeout: 20_000 })
    await expectAccessible(page, '404 page')
    expect(await page.locator('.leaflet-container').count()).toBe(0)
  })
})

describe('a tablet without a network', () => {
  it('keeps 我的待办 on screen after 刷新 fails, with a notice', async () => {
    const tablet = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true })
    const field = await tablet.newPage()
    await signIn(field, url, 'wgz001')
    await field.waitForURL(/\/field/, { timeout: 20_000 })
    await field.getByTestId('field-list').waitFor({ timeout: 20_000 })
    const before = await field.getByTestId('field-card').count()
    expect(before).toBeGreaterThan(0)
    await tablet.setOffline(true)
    await field.getByTestId('field-refresh').click()
    await field.getByTestId('list-stale').waitFor({ timeout: 20_000 })
    expect(await field.getByTestId('list-stale').textContent()).toContain('网络不可用')
    expect(await field.getByTestId('field-card').count()).toBe(before)
    await field.screenshot({ path: screenshotPath('field-offline-refresh.png') })
    await expectAccessible(field, 'field list kept offline with its notice')
    await tablet.setOffline(false)
    await tablet.close()
  })
})
