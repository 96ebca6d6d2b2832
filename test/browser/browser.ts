/** Fixtures for real-browser tests: the app on a fresh database, and Debian's Chromium. */
import type { Browser, Page } from 'playwright-core'
import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { buildTestApp } from '../../apps/api/test/helper'

export const WEB_DIST = resolve(import.meta.dirname, '..', '..', 'apps', 'web', 'dist')
export const SCREENSHOTS = resolve(import.meta.dirname, '..', '..', 'test-results', 'browser')

/** Starts the API + built dashboard on a random loopback port. */
export async function startApp() {
  if (!existsSync(join(WEB_DIST, 'index.html')))
    throw new Error(`dashboard not built at ${WEB_DIST}: run \`pnpm build\` first (pnpm test does)`)
  const app = await buildTestApp({ webDist: WEB_DIST })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, url }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  })
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true })
  return join(SCREENSHOTS, name)
}

/** Signs in through the login page as a real user would, then waits for the map. */
export async function signIn(page: Page, baseUrl: string, username: string, password = 'Demo@2026') {
  await page.goto(`${baseUrl}/login`)
  await page.getByTestId('login-username').locator('input').or(page.locator('input[data-testid="login-username"]')).first().fill(username)
  await page.getByTestId('login-password').locator('input').or(page.locator('input[data-testid="login-password"]')).first().fill(password)
  await page.getByTestId('login-submit').click()
  await page.getByTestId('current-user').waitFor({ timeout: 20_000 })
}
