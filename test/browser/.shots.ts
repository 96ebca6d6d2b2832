import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../../apps/api/src/app'
import { launchBrowser, screenshotPath, signIn, WEB_DIST } from './browser'

const dir = mkdtempSync(join(tmpdir(), 'gg-shots-'))
const app = await buildApp({ databaseFile: join(dir, 'g.sqlite'), uploadsDir: join(dir, 'up'), webDist: WEB_DIST, logger: false })
const url = await app.listen({ port: 0, host: '127.0.0.1' })
const browser = await launchBrowser()
try {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  await signIn(page, url, 'daimiao')
  await page.goto(`${url}/dashboard`)
  await page.waitForTimeout(5000)
  await page.screenshot({ path: screenshotPath('x-dash.png') })
}
finally {
  await browser.close(); await app.close()
}
