/**
 * axe-core (WCAG 2.0/2.1 A and AA) on every page of the dashboard, as the role that uses it, at its
 * screen size, in the states a user sees (a panel or dialog open). No critical or serious violation.
 */
import type { PageOf, ProjectSummary } from '@gridgov/domain'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { App } from '../../apps/api/src/app'
import type {} from '../../apps/web/src/composables/useDiagnostics'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { json, loginAs } from '../../apps/api/test/helper'
import { generateCaseHistory } from '../../packages/db/src/seed/generate-cases'
import { expectAccessible } from './a11y'
import { launchBrowser, screenshotPath, signIn, startApp } from './browser'
import { closedResidentCase, dispatchedToLeader, GRID } from './case-fixtures'

const LAPTOP = { width: 1440, height: 900 }
const BIG = { width: 1920, height: 1080 }
const TABLET = { width: 768, height: 1024 }
const PHONE = { width: 390, height: 844 }

let app: App
let url: string
let browser: Browser
let fieldCaseId: number
let trackingCode: string
const contexts = new Map<string, BrowserContext>()

beforeAll(async () => {
  ({ app, url } = await startApp())
  // a month of simulated cases, so the board, the dashboard and 我的待办 show live work (some overdue)
  generateCaseHistory(app.database, { uploadsDir: mkdtempSync(join(tmpdir(), 'gridgov-a11y-')), days: 30 })
  fieldCaseId = await dispatchedToLeader(app)
  trackingCode = await closedResidentCase(app)
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

/** A page for a user (signed in once per user and screen) or a visitor (`null`). */
async function pageAs(user: string | null, viewport: { width: number, height: number }): Promise<Page> {
  const key = `${user ?? 'visitor'}@${viewport.width}`
  let context = contexts.get(key)
  if (!context) {
    const touch = viewport.width < 1024
    context = await browser.newContext({ viewport, hasTouch: touch, isMobile: viewport === PHONE, locale: 'zh-CN' })
    contexts.set(key, context)
    if (user) {
      const page = await context.newPage()
      await signIn(page, url, user)
      await page.close()
    }
  }
  const pages = context.pages()
  return pages[0] ?? context.newPage()
}

/** Lets transitions (dialogs, drawers, tags) settle before axe reads colours. */
const settle = (page: Page) => page.waitForTimeout(500)

async function check(page: Page, name: string): Promise<void> {
  await settle(page)
  await page.screenshot({ path: screenshotPath(`a11y-${name}.png`) })
  await expectAccessible(page, name)
}

describe('accessibility (axe, WCAG 2.1 AA): no critical or serious violation', () => {
  it('login, with a failed attempt\'s message', async () => {
    const page = await pageAs(null, LAPTOP)
    await page.goto(`${url}/login`)
    await page.locator('input[data-testid="login-username"], [data-testid="login-username"] input').first().fill('nobody')
    await page.locator('input[data-testid="login-password"], [data-testid="login-password"] input').first().fill('wrong-password-1')
    await page.getByTestId('login-submit').click()
    await page.getByTestId('login-error').waitFor({ timeout: 20_000 })
    await check(page, 'login')
  })

  it('map with a grid\'s panel open (community worker, laptop)', async () => {
    const page = await pageAs('shichangjie', LAPTOP)
    await page.goto(`${url}/grids/${GRID}`)
    await page.waitForFunction(() => window.__gridgov?.gridsLoaded === true, null, { timeout: 30_000 })
    await page.getByTestId('grid-panel').getByTestId('grid-leader').waitFor({ timeout: 20_000 })
    await check(page, 'map-grid-panel')
  })

  it('dashboard on the big screen (dark) and the laptop (light)', async () => {
    for (const [screen, viewport] of [['big', BIG], ['laptop', LAPTOP]] as const) {
      const page = await pageAs('daimiao', viewport)
      await page.goto(`${url}/dashboard?screen=${screen}`)
      await page.waitForFunction(() => window.__gridgov?.gridsLoaded === true, null, { timeout: 30_000 })
      await page.getByTestId('panel-ranking').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 20_000 })
      await page.getByTestId('panel-trend').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 20_000 })
      await page.getByTestId('map-legend').waitFor({ timeout: 20_000 })
      await check(page, `dashboard-${screen}`)
    }
  })

  it('case board, a case, and the intake dialog (community worker)', async () => {
    const page = await pageAs('shichangjie', LAPTOP)
    await page.goto(`${url}/cases`)
    await page.getByTestId('case-row').first().waitFor({ timeout: 20_000 })
    await check(page, 'cases')

    await page.getByTestId('case-new').click()
    await page.getByTestId('intake-dialog').waitFor({ timeout: 10_000 })
    await page.locator('[data-testid="intake-dialog"] .leaflet-container').waitFor({ timeout: 10_000 })
    await check(page, 'cases-intake')

    await page.goto(`${url}/cases/${fieldCaseId}`)
    await page.getByTestId('case-timeline').waitFor({ timeout: 20_000 })
    await check(page, 'case-detail')
  })

  it('我的待办, a case and 巡查上报 on the grid leader\'s tablet', async () => {
    const page = await pageAs('wgz001', TABLET)
    await page.goto(`${url}/field`)
    await page.locator(`[data-testid="field-card"][data-case-id="${fieldCaseId}"]`).waitFor({ timeout: 20_000 })
    await check(page, 'field')

    await page.goto(`${url}/field/cases/${fieldCaseId}`)
    await page.getByTestId('case-action-accept').waitFor({ timeout: 20_000 })
    await check(page, 'field-case')

    // accepted, then the resolve form (full-screen dialog) open
    await page.getByTestId('case-action-accept').click()
    const submit = page.getByTestId('action-submit')
    if (await submit.isVisible().catch(() => false))
      await submit.click()
    await page.getByTestId('case-action-resolve').click()
    await page.getByTestId('action-dialog').waitFor({ timeout: 10_000 })
    await check(page, 'field-case-resolve')

    await page.goto(`${url}/field/patrol`)
    await page.getByTestId('patrol-photo').waitFor({ timeout: 20_000 })
    await check(page, 'field-patrol')
  })

  it('三张清单 with a need selected, a project, and 双报到 (community worker)', async () => {
    const page = await pageAs('shichangjie', LAPTOP)
    await page.goto(`${url}/lists`)
    const row = page.getByTestId('need-row').first()
    await row.waitFor({ timeout: 20_000 })
    await page.locator('[data-testid="lists-projects"] [data-testid="project-row"]').first().waitFor({ timeout: 20_000 })
    await row.click()
    await page.getByTestId('need-panel').waitFor({ timeout: 20_000 })
    await page.getByTestId('suggestion').first().or(page.getByTestId('need-suggestions')).first().waitFor({ timeout: 20_000 })
    await check(page, 'lists-need')

    const community = await loginAs(app, 'shichangjie')
    const project = json<PageOf<ProjectSummary>>(await community.get('/api/projects?limit=1')).items[0]!
    await page.goto(`${url}/lists/projects/${project.id}`)
    await page.getByTestId('project-timeline').waitFor({ timeout: 20_000 })
    await check(page, 'lists-project')

    await page.goto(`${url}/lists/registrations`)
    await page.getByTestId('units-table').locator('tbody tr').first().waitFor({ timeout: 20_000 })
    await check(page, 'lists-registrations')
  })

  it('user administration and the audit log (admin)', async () => {
    const page = await pageAs('admin', LAPTOP)
    await page.goto(`${url}/admin/users`)
    await page.getByTestId('users-table').locator('tbody tr').first().waitFor({ timeout: 20_000 })
    await check(page, 'admin-users')
    await page.goto(`${url}/admin/audit`)
    await page.getByTestId('audit-table').locator('tbody tr').first().waitFor({ timeout: 20_000 })
    await check(page, 'admin-audit')
  })

  it('my sessions', async () => {
    const page = await pageAs('shichangjie', LAPTOP)
    await page.goto(`${url}/sessions`)
    await page.getByTestId('sessions-table').locator('tbody tr').first().waitFor({ timeout: 20_000 })
    await check(page, 'sessions')
  })

  it('a resident\'s report (with its form errors) and tracking page on a phone', async () => {
    const page = await pageAs(null, PHONE)
    await page.goto(`${url}/report`)
    await page.getByTestId('report-submit').click()
    await page.locator('.el-form-item__error').first().waitFor({ timeout: 10_000 })
    await check(page, 'report')

    await page.goto(`${url}/track/${trackingCode}`)
    await page.getByTestId('track-stars').waitFor({ timeout: 20_000 })
    await check(page, 'track')
  })

  it('the 403 page (a grid member opening the case board)', async () => {
    const page = await pageAs('wgy001', TABLET)
    await page.goto(`${url}/cases`)
    await page.getByTestId('forbidden').waitFor({ timeout: 20_000 })
    await check(page, 'forbidden')
  })
})
