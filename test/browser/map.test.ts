import type { GridDetail } from '@gridgov/domain'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../apps/api/src/app'
import type {} from '../../apps/web/src/composables/useDiagnostics'
import sharp from 'sharp'
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

    // the whole district is in view: every grid of the layer is drawn, on canvas, with no DOM per grid
    const layer = await (await fetch(`${url}/api/layers/grids`)).json() as { features: unknown[] }
    expect(await page.evaluate(() => window.__gridgov!.drawnGridCount!())).toBe(layer.features.length)
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
    // over a grid the pointer says it can be clicked
    await page.mouse.move(box.x + point![0], box.y + point![1])
    await expect.poll(() => page.getByTestId('map').evaluate(el => el.classList.contains('map-canvas--pointer'))).toBe(true)
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

  it('colours grids through setGridStyle (the choropleth hook) and back', async () => {
    const code = '370902001002003'
    // the commonest colour of a patch just below the grid's label point (away from the label and lines)
    const pixel = async () => {
      const [x, y] = (await page.evaluate(c => window.__gridgov!.gridScreenPoint(c), code))!
      const box = (await page.getByTestId('map').boundingBox())!
      const png = await page.screenshot({ clip: { x: box.x + x - 8, y: box.y + y + 16, width: 16, height: 16 } })
      const raw = await sharp(png).removeAlpha().raw().toBuffer()
      const counts = new Map<string, number>()
      for (let i = 0; i < raw.length; i += 3)
        counts.set(`${raw[i]},${raw[i + 1]},${raw[i + 2]}`, (counts.get(`${raw[i]},${raw[i + 1]},${raw[i + 2]}`) ?? 0) + 1)
      return [...counts].sort((a, b) => b[1] - a[1])[0]![0].split(',').map(Number)
    }
    await page.evaluate(async (c) => {
      await window.__gridgov!.selectGrid('370902001002001') // elsewhere, so the test grid is neither selected nor hovered
      window.__gridgov!.map.setZoom(17, { animate: false })
      window.__gridgov!.map.panTo(window.__gridgov!.map.containerPointToLatLng(window.__gridgov!.gridScreenPoint(c)!), { animate: false })
    }, code)
    await page.mouse.move(1, 1)
    await page.evaluate(c => window.__gridgov!.setGridStyle!(new Map([[c, { fill: '#0000ff', opacity: 1 }]])), code)
    await expect.poll(pixel).toEqual([0, 0, 255])
    await page.evaluate(() => window.__gridgov!.setGridStyle!(null))
    await expect.poll(async () => {
      const [r = 0, , b = 0] = await pixel()
      return r > 150 && b < 255
    }).toBe(true)
  })

  it('opens a shared link to a grid with its panel', async () => {
    const code = '370902001002001'
    await page.goto(`${url}/grids/${code}`)
    await page.getByTestId('grid-panel').getByTestId('grid-code').filter({ hasText: code }).waitFor({ timeout: 30_000 })
  })
})
