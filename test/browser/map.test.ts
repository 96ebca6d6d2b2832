import type { GridDetail } from '@gridgov/domain'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../apps/api/src/app'
import type {} from '../../apps/web/src/composables/useDiagnostics'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, screenshotPath, signIn, startApp } from './browser'

let app: App
let url: string
let browser: Browser
let page: Page
const failedRequests: string[] = []

beforeAll(async () => {
  ({ app, url } = await startApp())
  browser = await launchBrowser()
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
  // the product must work offline: record any request that leaves our origin
  page.on('request', (r) => {
    if (!r.url().startsWith(url) && !r.url().startsWith('data:'))
      failedRequests.push(r.url())
  })
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe('dashboard map', () => {
  it('draws every grid of 泰山区 and opens a grid\'s panel on click', async () => {
    await signIn(page, url, 'admin')
    await page.goto(url)
    await page.waitForFunction(() => window.__gridgov?.gridsLoaded === true, null, { timeout: 30_000 })
    await page.getByTestId('map').waitFor({ state: 'visible' })

    // every grid of the layer is on the map as a canvas path (Leaflet keeps one layer per feature)
    const drawn = await page.evaluate(() => {
      let n = 0
      window.__gridgov!.map.eachLayer((layer: any) => {
        if (layer.feature?.properties?.code?.length === 15)
          n++
      })
      return n
    })
    const layer = await (await fetch(`${url}/api/layers/grids`)).json() as { features: unknown[] }
    expect(drawn).toBe(layer.features.length)
    // no DOM node per grid: they are painted on canvas
    expect(await page.locator('[data-testid="map"] canvas').count()).toBeGreaterThan(0)
    expect(await page.locator('[data-testid="map"] path').count()).toBe(0)
    await page.screenshot({ path: screenshotPath('map-district.png') })

    // zoom to one grid without selecting it, then click it on the canvas like a user
    const code = '370902001002003'
    await page.evaluate(async (c) => {
      const map = window.__gridgov!.map
      const res = await fetch(`/api/grids/${c}`)
      const g = await res.json() as { bbox: [number, number, number, number] }
      map.fitBounds([[g.bbox[1], g.bbox[0]], [g.bbox[3], g.bbox[2]]], { animate: false })
    }, code)
    const point = await page.evaluate(c => window.__gridgov!.gridScreenPoint(c), code)
    expect(point).not.toBeNull()
    const box = (await page.getByTestId('map').boundingBox())!
    await page.mouse.click(box.x + point![0], box.y + point![1])

    const panel = page.getByTestId('grid-panel')
    await panel.getByTestId('grid-code').filter({ hasText: code }).waitFor({ timeout: 10_000 })
    const detail = await page.evaluate(async c => (await fetch(`/api/grids/${c}`)).json(), code) as GridDetail
    const leader = detail.staff.find(s => s.role === 'leader')!
    await expect(panel.getByTestId('grid-leader').innerText()).resolves.toContain(leader.name)
    const text = await panel.innerText()
    expect(text).toContain(detail.name)
    expect(text).toContain(detail.partyBranch)
    expect(text).toContain(leader.phone) // masked, e.g. 138****5678
    expect(page.url()).toContain(code)
    await page.screenshot({ path: screenshotPath('map-grid-panel.png') })

    expect(failedRequests).toEqual([])
  })

  it('opens a shared link to a grid with its panel', async () => {
    const code = '370902001002001'
    await page.goto(`${url}/grids/${code}`)
    await page.getByTestId('grid-panel').getByTestId('grid-code').filter({ hasText: code }).waitFor({ timeout: 30_000 })
  })
})
