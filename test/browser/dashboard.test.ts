import type { Building, DashboardUnits, PageOf } from '@gridgov/domain'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../apps/api/src/app'
import type {} from '../../apps/web/src/composables/useDashboardDiagnostics'
import type {} from '../../apps/web/src/composables/useDiagnostics'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { json, loginAs } from '../../apps/api/test/helper'
import { choroplethStyle } from '../../apps/web/src/components/dashboard/dashboard-choropleth'
import { byWeek, fillDays } from '../../apps/web/src/components/dashboard/dashboard-format'
import zh from '../../apps/web/src/locales/dashboard-zh-CN'
import { generateCaseHistory } from '../../packages/db/src/seed/generate-cases'
import { KPI_DEFINITIONS, KPI_KEYS } from '../../packages/domain/src/dashboard/kpi'
import { launchBrowser, screenshotPath, signIn, startApp } from './browser'

let app: App
let url: string
let browser: Browser
let page: Page
const offsite: string[] = []

beforeAll(async () => {
  ({ app, url } = await startApp())
  // the test template has no case history: replay a year and a bit of it (rollups follow by trigger)
  generateCaseHistory(app.database, { uploadsDir: mkdtempSync(join(tmpdir(), 'gridgov-dash-')), days: 400 })
  browser = await launchBrowser()
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
  // no CDN, tiles or fonts: every request stays on our origin
  page.on('request', (r) => {
    if (!r.url().startsWith(url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
      offsite.push(r.url())
  })
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

/** Picks an option of an Element Plus select by its visible label. */
async function choose(testid: string, label: string): Promise<void> {
  await page.getByTestId(testid).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: label }).first().click()
}

const level = () => page.getByTestId('dashboard').getAttribute('data-level')

describe('street committee dashboard', () => {
  it('mirrors the domain\'s KPI formulas in its tooltips', () => {
    for (const key of KPI_KEYS)
      expect(zh.formula[key]).toBe(KPI_DEFINITIONS[key].formula)
  })

  it('puts grids in the legend\'s classes and reads long periods week by week', () => {
    const c = { metric: 'on_time_rate', unit: 'percent', higherIsBetter: true, minSample: 10, breaks: [0.6, 0.8, 0.9, 0.95], grids: ['A1', 'A2', 'A3'], values: [0.5, 0.95, null], period: { kind: 'months', preset: null, from: '2026-01-01', to: '2026-01-31' } } as const
    const { fill, legend } = choroplethStyle({ ...c, breaks: [...c.breaks], grids: [...c.grids], values: [...c.values] }, 'A', ['A1', 'A2', 'A3', 'A4', 'B1'])
    // below 60 %, at least 95 %, and two grids without a sample (one null, one with no case at all)
    expect(legend.map(l => l.count)).toEqual([1, 0, 0, 0, 1, 2])
    expect(legend.at(-1)!.noSample).toBe(true)
    expect(fill.has('B1')).toBe(false) // outside the drilled unit: the map's own style
    const days = fillDays([{ day: '2026-01-05', reported: 3, closed: 1 }], '2026-01-01', '2026-01-14', new Date('2026-02-01T00:00:00Z'))
    expect(days).toHaveLength(14)
    expect(byWeek(days)).toEqual([
      { day: '2025-12-29', reported: 0, closed: 0 },
      { day: '2026-01-05', reported: 3, closed: 1 },
      { day: '2026-01-12', reported: 0, closed: 0 },
    ])
  })

  it('shows KPIs with samples, the legend and charts, drills down to a grid and back', async () => {
    await signIn(page, url, 'daimiao')
    // the dashboard is the street user's landing page
    await page.waitForURL(/\/dashboard/, { timeout: 20_000 })
    await page.goto(`${url}/dashboard?screen=big`)
    const board = page.getByTestId('dashboard')
    await expect(board.getAttribute('data-screen')).resolves.toBe('big')
    await page.waitForFunction(() => window.__gridgov?.gridsLoaded === true, null, { timeout: 30_000 })

    // KPI cards: a value and its sample size on each
    const filed = page.locator('[data-testid="kpi-card"][data-kpi="filed"]')
    await filed.locator('[data-testid="kpi-sample"]').filter({ hasText: /样本 \d+/ }).waitFor({ timeout: 20_000 })
    for (const key of KPI_KEYS) {
      const card = page.locator(`[data-testid="kpi-card"][data-kpi="${key}"]`)
      expect(await card.getByTestId('kpi-sample').innerText()).toMatch(/^样本 \d+( < \d+)?$/)
    }
    await expect(page.locator('[data-kpi="open"] [data-testid="kpi-sample"]').innerText()).resolves.toMatch(/^其中超期 \d+ 件$/)
    expect(Number(await filed.getAttribute('data-value'))).toBeGreaterThan(0)
    // the formula is in the tooltip
    await page.locator('[data-kpi="onTimeRate"] [data-testid="kpi-label"]').hover()
    await page.locator('.kpi-tip', { hasText: KPI_DEFINITIONS.onTimeRate.formula }).waitFor({ timeout: 5_000 })
    await page.mouse.move(960, 540)

    // a year of figures, so that communities have samples to rank
    await choose('dashboard-period', '本年度')
    const ranking = page.getByTestId('ranking-chart')
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="ranking-chart"]')?.getAttribute('data-ranked')) > 0, null, { timeout: 20_000 })
    await page.getByTestId('panel-ranking').and(page.locator('[data-state="ready"]')).waitFor()

    // the legend of the map colours, and charts drawn with data
    const legend = page.getByTestId('map-legend')
    await legend.waitFor({ timeout: 20_000 })
    expect(await legend.getByTestId('legend-class').count()).toBeGreaterThanOrEqual(2)
    await page.getByTestId('panel-trend').and(page.locator('[data-state="ready"]')).waitFor()
    expect(Number(await page.getByTestId('trend-chart').getAttribute('data-points'))).toBeGreaterThan(20)
    expect(await page.getByTestId('trend-chart').getAttribute('data-weekly')).toBe('true') // a year reads week by week
    expect(Number(await page.getByTestId('category-chart').getAttribute('data-count'))).toBeGreaterThan(0)
    expect(await page.locator('[data-testid="trend-chart"] canvas').count()).toBe(1)
    // 按期结案率 colours, with the 样本不足 class
    await choose('map-metric', '按期结案率')
    await legend.and(page.locator('[data-metric="on_time_rate"]')).waitFor()
    await legend.locator('[data-no-sample="true"]', { hasText: '样本不足' }).waitFor()
    await page.waitForTimeout(800) // let the map and charts finish drawing
    await page.screenshot({ path: screenshotPath('dashboard-big.png') })

    // drill down through the ranking: the best community
    const street = await loginAs(app, 'daimiao')
    const communities = json<DashboardUnits>(await street.get('/api/dashboard/units?level=community&period=this_year&sort=onTimeRate'))
    const community = communities.items[0]!
    expect(Number(await ranking.getAttribute('data-count'))).toBe(communities.total)
    const bar = await page.evaluate(c => window.__gridgovDashboard!.rankingPoint(c), community.code)
    expect(bar).not.toBeNull()
    await page.mouse.click(bar![0], bar![1])
    await page.locator(`[data-testid="crumb"][aria-current="page"][data-code="${community.code}"]`).waitFor({ timeout: 10_000 })
    await expect(level()).resolves.toBe('community')
    await expect(page.getByTestId('dashboard-breadcrumbs').innerText()).resolves.toContain(community.name)
    // the ranking now lists that community's grids
    const grids = json<DashboardUnits>(await street.get(`/api/dashboard/units?level=grid&period=this_year&within=${community.code}`))
    await page.waitForFunction(n => Number(document.querySelector('[data-testid="ranking-chart"]')?.getAttribute('data-count')) === n, grids.total, { timeout: 10_000 })

    // then a grid of it, clicked on the map: its profile opens
    const grid = grids.items[0]!
    await page.waitForTimeout(900) // the map flies to the community
    const point = await page.evaluate(c => window.__gridgov!.gridScreenPoint(c), grid.code)
    expect(point).not.toBeNull()
    const box = (await page.getByTestId('map').boundingBox())!
    await page.mouse.click(box.x + point![0], box.y + point![1])
    await page.locator(`[data-testid="crumb"][aria-current="page"][data-code="${grid.code}"]`).waitFor({ timeout: 10_000 })
    await expect(level()).resolves.toBe('grid')
    const profile = page.getByTestId('grid-profile')
    await profile.and(page.locator('[data-state="ready"]')).waitFor({ timeout: 10_000 })
    await expect(profile.getByTestId('grid-profile-branch').innerText()).resolves.toContain('党支部')
    await profile.getByTestId('grid-profile-cases').or(profile.getByText('暂无案件')).first().waitFor({ timeout: 10_000 })

    // a refresh keeps the drill-down and the map view
    const center = await page.evaluate(() => window.__gridgov!.map.getCenter())
    const before = await page.getByTestId('dashboard-updated').innerText()
    await page.waitForTimeout(1100)
    await page.getByTestId('dashboard-refresh').click()
    await page.waitForFunction(b => document.querySelector('[data-testid="dashboard-updated"]')?.textContent?.trim() !== b, before.trim(), { timeout: 10_000 })
    await expect(level()).resolves.toBe('grid')
    expect(await page.evaluate(() => window.__gridgov!.map.getCenter())).toEqual(center)
    await page.waitForTimeout(500)
    await page.screenshot({ path: screenshotPath('dashboard-big-grid.png') })

    // buildings at high zoom: a click on one drills down to it
    const building = json<PageOf<Building>>(await street.get(`/api/grids/${grid.code}/buildings?limit=1`)).items[0]!
    await page.evaluate(([lat, lon]) => {
      const map = window.__gridgov!.map
      map.setView([lat!, lon!], 17.5, { animate: false })
      map.panBy([map.getSize().x * 0.25, 0], { animate: false }) // out from under the grid profile
    }, [building.location[1], building.location[0]])
    await page.locator('.leaflet-dashboard-buildings-pane path').first().waitFor({ timeout: 10_000 })
    const at = await page.evaluate(([lat, lon]) => {
      const p = window.__gridgov!.map.latLngToContainerPoint([lat!, lon!])
      return [p.x, p.y]
    }, [building.location[1], building.location[0]])
    await page.mouse.click(box.x + at[0]!, box.y + at[1]!)
    await page.getByTestId('building-profile').filter({ hasText: building.name }).waitFor({ timeout: 10_000 })
    await expect(page.getByTestId('dashboard-breadcrumbs').getAttribute('data-depth')).resolves.toBe('4')

    // back to the street through the breadcrumbs
    await page.locator('[data-testid="crumb"][data-code=""]').click()
    await expect(page.getByTestId('dashboard-breadcrumbs').getAttribute('data-depth')).resolves.toBe('1')
    await page.waitForFunction(() => document.querySelector('[data-testid="dashboard"]')?.getAttribute('data-level') === 'street')
    await expect(page.getByTestId('dashboard-breadcrumbs').innerText()).resolves.toContain('岱庙街道')
    expect(await page.getByTestId('grid-profile').count()).toBe(0)

    // the heatmap: weighted cells from the heat endpoint, drawn by leaflet.heat
    const heat = page.waitForResponse(r => r.url().includes('/api/dashboard/heat') && r.status() === 200)
    await page.getByTestId('heat-toggle').click()
    await heat
    await page.locator('.leaflet-heatmap-layer').waitFor({ timeout: 10_000 })
    await page.waitForTimeout(500)
    await page.screenshot({ path: screenshotPath('dashboard-heat.png') })
    await page.getByTestId('heat-toggle').click()
    await expect(page.locator('.leaflet-heatmap-layer').count()).resolves.toBe(0)
  })

  it('has a laptop layout with the same content in a light theme', async () => {
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.getByTestId('dashboard-screen').getByText('桌面').click()
    await expect(page.getByTestId('dashboard').getAttribute('data-screen')).resolves.toBe('laptop')
    await page.getByTestId('map-legend').waitFor()
    await page.waitForTimeout(800)
    // nothing spills sideways
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1440)
    await page.screenshot({ path: screenshotPath('dashboard-laptop.png') })
    // the choice is remembered
    await page.reload()
    await expect(page.getByTestId('dashboard').getAttribute('data-screen')).resolves.toBe('laptop')
    expect(offsite).toEqual([])
  })
})
