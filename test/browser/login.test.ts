import type { Browser, Page } from 'playwright-core'
import type { App } from '../../apps/api/src/app'
import type {} from '../../apps/web/src/composables/useDiagnostics'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshotPath, startApp } from './browser'

let app: App
let url: string
let browser: Browser
let page: Page

beforeAll(async () => {
  ({ app, url } = await startApp())
  browser = await launchBrowser()
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe('signing in', () => {
  it('sends a visitor to the login page and back to where they were going', async () => {
    await page.goto(`${url}/grids/370902001002001`)
    await page.waitForURL(/\/login\?redirect=/, { timeout: 20_000 })
    await page.screenshot({ path: screenshotPath('login.png') })

    // a wrong password shows the generic message and stays on the page
    await page.getByTestId('login-username').locator('input').or(page.locator('input[data-testid="login-username"]')).first().fill('wgz001')
    await page.getByTestId('login-password').locator('input').or(page.locator('input[data-testid="login-password"]')).first().fill('wrong-password-1')
    await page.getByTestId('login-submit').click()
    await expect(page.getByTestId('login-error').innerText()).resolves.toContain('用户名或密码错误')

    await page.getByTestId('login-password').locator('input').or(page.locator('input[data-testid="login-password"]')).first().fill('Demo@2026')
    await page.getByTestId('login-submit').click()
    await page.waitForURL(/\/grids\/370902001002001$/, { timeout: 20_000 })
    await page.getByTestId('grid-panel').getByTestId('grid-code').filter({ hasText: '370902001002001' }).waitFor()
  })

  it('shows a grid leader who they are and highlights only their own grids', async () => {
    await page.waitForFunction(() => window.__gridgov?.gridsLoaded === true, null, { timeout: 30_000 })
    const user = await page.getByTestId('current-user').innerText()
    expect(user).toContain('网格长')
    expect(user).toContain('市场街社区第1网格')
    const mine = await page.evaluate(() => window.__gridgov!.highlightedGridCodes())
    expect(mine).toEqual(['370902001002001'])
    await page.screenshot({ path: screenshotPath('grid-leader.png') })
  })

  it('signs out back to the login page, and the session is gone', async () => {
    await page.getByTestId('current-user').click()
    await page.getByTestId('logout').click()
    await page.waitForURL(/\/login/, { timeout: 20_000 })
    const res = await page.evaluate(async () => (await fetch('/api/auth/session')).status)
    expect(res).toBe(401)
  })
})
