/**
 * Touch targets on the tablet (768×1024, grid staff) and the phone (390×844, residents) are at least
 * 44 × 44 px over their whole clickable box (DESIGN.md §9): header links and buttons, the language
 * switch, refresh, Leaflet's zoom buttons, the rating stars, the actions on the field pages.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { App } from '../../apps/api/src/app'
import type {} from '../../apps/web/src/composables/useDiagnostics'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { expectTouchTargets } from './a11y'
import { launchBrowser, screenshotPath, signIn, startApp } from './browser'
import { closedResidentCase, dispatchedToLeader } from './case-fixtures'

let app: App
let url: string
let browser: Browser
let caseId: number
let trackingCode: string

beforeAll(async () => {
  ({ app, url } = await startApp())
  caseId = await dispatchedToLeader(app)
  trackingCode = await closedResidentCase(app)
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

async function device(viewport: { width: number, height: number }): Promise<{ context: BrowserContext, page: Page }> {
  const context = await browser.newContext({ viewport, hasTouch: true, isMobile: viewport.width < 500, locale: 'zh-CN' })
  return { context, page: await context.newPage() }
}

const zoom = (page: Page) => page.locator('.leaflet-control-zoom a')

describe('touch targets ≥ 44 px', () => {
  it('on the grid leader\'s tablet (768×1024)', async () => {
    const { context, page } = await device({ width: 768, height: 1024 })
    await signIn(page, url, 'wgz001')
    await page.waitForURL(/\/field$/, { timeout: 20_000 })
    await page.locator(`[data-testid="field-card"][data-case-id="${caseId}"]`).waitFor({ timeout: 20_000 })
    const header = {
      'header links (title, nav)': page.locator('header.app-header a'),
      'user menu': page.getByTestId('current-user'),
      'language switch': page.locator('header.app-header .lang-switch__option'),
    }
    await expectTouchTargets({
      ...header,
      'refresh': page.getByTestId('field-refresh'),
      '巡查上报': page.getByTestId('patrol-new'),
      'case cards': page.getByTestId('field-card'),
    })
    await page.screenshot({ path: screenshotPath('touch-field.png') })

    await page.getByTestId('field-card').first().click()
    await page.getByTestId('case-action-accept').waitFor({ timeout: 20_000 })
    await page.locator('.leaflet-control-zoom').waitFor()
    await expectTouchTargets({
      ...header,
      'back': page.getByTestId('field-back'),
      'next actions': page.locator('[data-testid="field-next"] button'),
      'map zoom': zoom(page),
    })
    await page.screenshot({ path: screenshotPath('touch-field-case.png') })

    // the next action's dialog: its buttons and its close button
    await page.getByTestId('case-action-accept').click()
    if (await page.getByTestId('action-submit').isVisible().catch(() => false))
      await page.getByTestId('action-submit').click()
    await page.getByTestId('case-action-resolve').click()
    const dialog = page.getByTestId('action-dialog')
    await dialog.waitFor({ timeout: 10_000 })
    await page.waitForTimeout(400) // the opening transition
    await expectTouchTargets({
      'dialog buttons': dialog.locator('.el-dialog__footer button'),
      'dialog close': dialog.locator('.el-dialog__headerbtn'),
      'add photo': dialog.locator('.photo-input__add'),
    })
    await dialog.locator('.el-dialog__headerbtn').click()
    await dialog.waitFor({ state: 'hidden' })

    await page.goto(`${url}/field/patrol`)
    await page.locator('.leaflet-control-zoom').waitFor({ timeout: 20_000 })
    await expectTouchTargets({
      'back': page.getByTestId('field-back'),
      'locate': page.getByTestId('locate-device'),
      'map zoom': zoom(page),
      'add photo': page.locator('[data-testid="patrol-photo"] .photo-input__add'),
      'submit': page.getByTestId('intake-submit'),
    })
    // a photo taken: its remove button
    const photo = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#7a8b99' } }).jpeg().toBuffer()
    await page.locator('[data-testid="patrol-photo"] input[type="file"]').setInputFiles({ name: 'patrol.jpg', mimeType: 'image/jpeg', buffer: photo })
    await page.locator('[data-testid="patrol-photo"] img').waitFor({ timeout: 20_000 })
    await expectTouchTargets({ 'remove photo': page.locator('[data-testid="patrol-photo"] .photo-input__remove') })
    await page.screenshot({ path: screenshotPath('touch-patrol.png') })

    // the grid map, one tap away in the header
    await page.getByTestId('nav-map').click()
    await page.waitForFunction(() => window.__gridgov?.gridsLoaded === true, null, { timeout: 30_000 })
    await expectTouchTargets({
      ...header,
      'map zoom': zoom(page),
      'map tools': page.locator('.map-toolbar button'),
      'open the directory': page.locator('.map-page__expand'),
    })
    await page.evaluate(() => window.__gridgov!.selectGrid('370902001002001'))
    await page.getByTestId('grid-panel').getByTestId('grid-leader').waitFor({ timeout: 20_000 })
    await expectTouchTargets({ 'close the grid panel': page.getByTestId('grid-panel-close') })
    await page.screenshot({ path: screenshotPath('touch-map.png') })
    await context.close()
  })

  it('on a resident\'s phone (390×844)', async () => {
    const { context, page } = await device({ width: 390, height: 844 })
    await page.goto(`${url}/report`)
    await page.locator('.leaflet-control-zoom').waitFor({ timeout: 20_000 })
    const lang = page.locator('.public__bar .lang-switch__option')
    await expectTouchTargets({
      'language switch': lang,
      'locate': page.getByTestId('locate-device'),
      'map zoom': zoom(page),
      'submit': page.getByTestId('report-submit'),
    })
    await page.screenshot({ path: screenshotPath('touch-report.png') })

    await page.goto(`${url}/track/${trackingCode}`)
    await page.getByTestId('track-stars').waitFor({ timeout: 20_000 })
    await expectTouchTargets({
      'language switch': lang,
      'rating stars': page.locator('[data-testid="track-stars"] .el-rate__item'),
      'submit rating': page.getByTestId('track-rate-submit'),
    })
    await page.getByTestId('track-stars').scrollIntoViewIfNeeded()
    await page.screenshot({ path: screenshotPath('touch-track.png') })
    await context.close()
  })
})
