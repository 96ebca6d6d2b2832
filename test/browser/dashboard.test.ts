import type { Building, DashboardSummary, DashboardUnits, PageOf } from '@gridgov/domain'
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
import { PALETTES, SLA_COLORS } from '../../apps/web/src/components/dashboard/dashboard-theme'
import zh from '../../apps/web/src/locales/dashboard-zh-CN'
import { generateCaseHistory } from '../../packages/db/src/seed/generate-cases'
import { kpiAlarm } from '../../packages/domain/src/dashboard/alarm'
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

/** Opens the dashboard afresh (no drill-down) on one screen and waits for the map and the figures. */
async function openDashboard(p: Page, screen: 'big' | 'laptop'): Promise<void> {
  await p.goto(`${url}/dashboard?screen=${screen}`)
  await p.waitForFunction(() => window.__gridgov?.gridsLoaded === true, null, { timeout: 30_000 })
  await p.locator('[data-kpi="open"] [data-testid="open-breakdown"]').waitFor({ timeout: 20_000 })
}

/** Waits until the map has stopped moving (a drill-down flies it). */
async function mapSettled(p: Page): Promise<void> {
  let last = ''
  for (let i = 0; i < 40; i++) {
    await p.waitForTimeout(150)
    const now = JSON.stringify(await p.evaluate(() => [window.__gridgov!.map.getCenter(), window.__gridgov!.map.getZoom()]))
    if (now === last)
      return
    last = now
  }
}

/** Page pixel of the grid (of `codes`) nearest the middle of the map, clear of the overlays. */
async function gridNearMiddle(p: Page, codes: string[]): Promise<{ code: string, x: number, y: number }> {
  const box = (await p.getByTestId('map').boundingBox())!
  const points = await p.evaluate(cs => cs.map(c => [c, window.__gridgov!.gridScreenPoint(c)] as const), codes)
  const inside = points
    .filter((e): e is readonly [string, [number, number]] => e[1] !== null && e[1][0] > box.width * 0.3 && e[1][0] < box.width * 0.7 && e[1][1] > box.height * 0.2 && e[1][1] < box.height * 0.8)
    .sort((a, b) => Math.hypot(a[1][0] - box.width / 2, a[1][1] - box.height / 2) - Math.hypot(b[1][0] - box.width / 2, b[1][1] - box.height / 2))
  expect(inside.length, 'a grid in the middle of the map').toBeGreaterThan(0)
  const [code, [x, y]] = inside[0]!
  return { code, x: box.x + x, y: box.y + y }
}

const crumbNow = (p: Page) => p.locator('[data-testid="crumb"][aria-current="page"]').getAttribute('data-code')
/** A computed CSS colour reads as red: the alarm colours (#d9363e, #ff5a5f) and Party red (#c8161d). */
function isRed(rgb: string) {
  const [r = 0, g = 0, b = 0] = rgb.match(/\d+/g)!.map(Number)
  return r >= 170 && g <= 110 && b <= 110
}

describe('what the outside journey found (issue 12 §8)', () => {
  // a page of its own, signed in as the street user (runs alone with -t too)
  beforeAll(async () => {
    page = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage()
    await signIn(page, url, 'daimiao')
  })

  it('has one 在办: its parts add up, and the SLA ring says it counts the 处置中 part', async () => {
    const street = await loginAs(app, 'daimiao')
    for (const [screen, viewport] of [['big', { width: 1920, height: 1080 }], ['laptop', { width: 1440, height: 900 }]] as const) {
      await page.setViewportSize(viewport)
      await openDashboard(page, screen)
      const card = page.locator('[data-testid="kpi-card"][data-kpi="open"]')
      const part = async (name: string) => Number(await card.locator(`[data-part="${name}"] dd`).innerText())
      const [total, atDesk, handling, awaitingCheck] = [Number(await card.getByTestId('kpi-value').innerText()), await part('atDesk'), await part('handling'), await part('awaitingCheck')]
      // what the card shows is the API's figure of now, whatever the period
      const { openNow, sla } = json<DashboardSummary>(await street.get('/api/dashboard/summary'))
      expect({ total, atDesk, handling, awaitingCheck }).toEqual({ total: openNow.total, atDesk: openNow.atDesk, handling: openNow.handling, awaitingCheck: openNow.awaitingCheck })
      expect(total).toBe(atDesk + handling + awaitingCheck)
      expect(atDesk + awaitingCheck, 'the seeded street has cases at the desk or awaiting the check').toBeGreaterThan(0)
      await expect(card.innerText()).resolves.toMatch(/在办案件[\s\S]*待立案派遣[\s\S]*处置中[\s\S]*待核查/)

      // the ring: its title and centre name the 处置中 part, its note adds up to the card's figure
      const ring = page.getByTestId('panel-sla')
      await expect(ring.innerText()).resolves.toContain('处置中案件时限状态')
      await expect(ring.getByTestId('sla-center').innerText()).resolves.toMatch(new RegExp(`^${handling}\\s+处置中（件）$`))
      expect(Number(await ring.getByTestId('sla-chart').getAttribute('data-total'))).toBe(sla.onTime + sla.dueSoon + sla.overdue)
      await expect(ring.getByTestId('sla-note').innerText()).resolves.toContain(`在办 ${total} 件 = 处置中 ${handling} + 待立案派遣 ${atDesk} + 待核查 ${awaitingCheck}`)
      // the period does not move 在办 (a stock figure of now), while the period's figures move
      const filedThisMonth = await page.locator('[data-kpi="filed"]').getAttribute('data-value')
      await choose('dashboard-period', '本年度')
      await page.locator('[data-kpi="filed"]').and(page.locator(`:not([data-value="${filedThisMonth}"])`)).waitFor({ timeout: 10_000 })
      await expect(card.getByTestId('kpi-value').innerText()).resolves.toBe(String(total))
      // the card's tooltip gives the definition and the sum
      await card.getByTestId('kpi-label').hover()
      const tip = page.locator('.kpi-tip:visible', { hasText: '不论受理日期' })
      await tip.waitFor({ timeout: 5_000 })
      await expect(tip.innerText()).resolves.toContain(`在办 ${total} 件 = 待立案派遣 ${atDesk} + 处置中 ${handling} + 待核查 ${awaitingCheck}`)
      await page.mouse.move(5, viewport.height - 5)
      await page.screenshot({ path: screenshotPath(`dashboard-open-${screen}.png`) })
    }
  })

  it('drills one level per map click: district → street → community → grid', async () => {
    const street = await loginAs(app, 'daimiao')
    await page.setViewportSize({ width: 1920, height: 1080 })
    await openDashboard(page, 'big')
    await expect(level()).resolves.toBe('street')
    // a click on a grid of the street's map opens its community, not the grid
    const grids = json<DashboardUnits>(await street.get('/api/dashboard/units?level=grid&limit=500')).items.map(g => g.code)
    const first = await gridNearMiddle(page, grids)
    await page.mouse.move(first.x, first.y)
    await page.mouse.click(first.x, first.y)
    const community = first.code.slice(0, 12)
    await page.locator(`[data-testid="crumb"][aria-current="page"][data-code="${community}"]`).waitFor({ timeout: 10_000 })
    await expect(level()).resolves.toBe('community')
    expect(await page.getByTestId('grid-profile').count()).toBe(0)
    await expect(page.getByTestId('dashboard-breadcrumbs').getAttribute('data-depth')).resolves.toBe('2')
    // the next click inside it opens a grid
    await mapSettled(page)
    const inner = await gridNearMiddle(page, grids.filter(g => g.startsWith(community)))
    await page.mouse.click(inner.x, inner.y)
    await page.locator(`[data-testid="crumb"][aria-current="page"][data-code="${inner.code}"]`).waitFor({ timeout: 10_000 })
    await expect(level()).resolves.toBe('grid')
    await page.getByTestId('grid-profile').waitFor()

    // the whole district (admin): the first click opens a street
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } })
    const admin = await context.newPage()
    try {
      await signIn(admin, url, 'admin')
      await openDashboard(admin, 'big')
      await expect(admin.getByTestId('dashboard').getAttribute('data-level')).resolves.toBe('district')
      await mapSettled(admin)
      const layer = await (await fetch(`${url}/api/layers/grids`)).json() as { features: { properties: { code: string } }[] }
      const district = layer.features.map(f => f.properties.code)
      const any = await gridNearMiddle(admin, district)
      await admin.mouse.click(any.x, any.y)
      await admin.locator(`[data-testid="crumb"][aria-current="page"][data-code="${any.code.slice(0, 9)}"]`).waitFor({ timeout: 10_000 })
      await expect(admin.getByTestId('dashboard').getAttribute('data-level')).resolves.toBe('street')
      await mapSettled(admin)
      const next = await gridNearMiddle(admin, district.filter(g => g.startsWith(any.code.slice(0, 9))))
      await admin.mouse.click(next.x, next.y)
      await admin.locator(`[data-testid="crumb"][aria-current="page"][data-code="${next.code.slice(0, 12)}"]`).waitFor({ timeout: 10_000 })
      await expect(admin.getByTestId('dashboard').getAttribute('data-level')).resolves.toBe('community')
    }
    finally {
      await context.close()
    }
  })

  it('selects the grid at community level even on a building; buildings take clicks once the grid is open', async () => {
    const street = await loginAs(app, 'daimiao')
    await openDashboard(page, 'big')
    const grid = json<DashboardUnits>(await street.get('/api/dashboard/units?level=grid&limit=1&sort=filed')).items[0]!.code
    const community = grid.slice(0, 12)
    await page.evaluate(c => window.__gridgov!.selectGrid(c), community) // drills like a ranking click
    await page.locator(`[data-testid="crumb"][aria-current="page"][data-code="${community}"]`).waitFor({ timeout: 10_000 })
    await mapSettled(page)
    // close in on one of the grid's buildings, as far as buildings are drawn
    const building = json<PageOf<Building>>(await street.get(`/api/grids/${grid}/buildings?limit=1`)).items[0]!
    const [lon, lat] = building.location
    await page.evaluate(([la, lo]) => {
      const map = window.__gridgov!.map
      map.setView([la!, lo!], 17, { animate: false })
      map.panBy([map.getSize().x * 0.25, 0], { animate: false }) // out from under the grid profile to come
    }, [lat, lon])
    await page.locator('.leaflet-dashboard-buildings-pane path').first().waitFor({ timeout: 10_000 })
    await expect(page.getByTestId('buildings-hint').innerText()).resolves.toBe('选中网格后可点选楼栋')
    expect(await page.locator('.leaflet-dashboard-buildings-pane path.leaflet-interactive').count()).toBe(0)
    const at = async () => {
      const box = (await page.getByTestId('map').boundingBox())!
      const p = await page.evaluate(([la, lo]) => window.__gridgov!.map.latLngToContainerPoint([la!, lo!]), [lat, lon])
      return [box.x + p.x, box.y + p.y] as const
    }
    // a click on the building picks its grid
    const [x, y] = await at()
    await page.mouse.click(x, y)
    await page.locator(`[data-testid="crumb"][aria-current="page"][data-code="${building.gridCode}"]`).waitFor({ timeout: 10_000 })
    await expect(level()).resolves.toBe('grid')
    await page.getByTestId('grid-profile').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 10_000 })
    expect(await page.getByTestId('building-profile').count()).toBe(0)
    // now the buildings are clickable: the same click opens the building
    await page.locator('.leaflet-dashboard-buildings-pane path.leaflet-interactive').first().waitFor({ timeout: 10_000 })
    await mapSettled(page)
    const [x2, y2] = await at()
    await page.mouse.click(x2, y2)
    await page.getByTestId('building-profile').filter({ hasText: building.name }).waitFor({ timeout: 10_000 })
    expect(await crumbNow(page)).toBe(`building:${building.code}`)
  })

  it('uses red only for alarms: good figures plain, a rate past its line red or amber', async () => {
    for (const screen of ['big', 'laptop'] as const) {
      await openDashboard(page, screen)
      for (const key of KPI_KEYS) {
        const card = page.locator(`[data-testid="kpi-card"][data-kpi="${key}"]`)
        const raw = await card.getAttribute('data-value')
        const expected = kpiAlarm(key, raw === '' ? null : Number(raw))
        await expect(card.getAttribute('data-alarm'), key).resolves.toBe(expected)
        const colour = await card.getByTestId('kpi-value').evaluate(el => getComputedStyle(el).color)
        expect(isRed(colour), `${key} ${raw} is ${colour}`).toBe(expected === 'alarm')
      }
      // the overdue count is an alarm
      const overdue = page.locator('[data-kpi="open"] [data-testid="kpi-sample"]')
      expect(isRed(await overdue.evaluate(el => getComputedStyle(el).color))).toBe(await overdue.innerText() !== '其中超期 0 件')
    }
    // a street in trouble (the same answer with worse rates): those cards turn red and amber
    const summaryUrl = (u: URL) => u.pathname === '/api/dashboard/summary'
    await page.route(summaryUrl, async (route) => {
      const res = await route.fetch()
      const body = await res.json() as DashboardSummary
      body.kpis.onTimeRate = { ...body.kpis.onTimeRate, value: 0.42 }
      body.kpis.reworkRate = { ...body.kpis.reworkRate, value: 0.12 }
      await route.fulfill({ response: res, json: body })
    })
    try {
      await openDashboard(page, 'big')
      const onTime = page.locator('[data-kpi="onTimeRate"]')
      await expect(onTime.getAttribute('data-alarm')).resolves.toBe('alarm')
      expect(isRed(await onTime.getByTestId('kpi-value').evaluate(el => getComputedStyle(el).color))).toBe(true)
      const rework = page.locator('[data-kpi="reworkRate"]')
      await expect(rework.getAttribute('data-alarm')).resolves.toBe('warning')
      expect(isRed(await rework.getByTestId('kpi-value').evaluate(el => getComputedStyle(el).color))).toBe(false)
      expect(isRed(await page.locator('[data-kpi="filed"] [data-testid="kpi-value"]').evaluate(el => getComputedStyle(el).color))).toBe(false)
      await page.screenshot({ path: screenshotPath('dashboard-alarm.png') })
    }
    finally {
      await page.unroute(summaryUrl)
    }
    // neutral chart series carry no status colour (red, amber, green)
    for (const palette of Object.values(PALETTES)) {
      for (const c of palette.series)
        expect(isRed(`rgb(${Number.parseInt(c.slice(1, 3), 16)}, ${Number.parseInt(c.slice(3, 5), 16)}, ${Number.parseInt(c.slice(5, 7), 16)})`), c).toBe(false)
      expect(palette.series).not.toContain(SLA_COLORS.onTime)
      expect(palette.series).not.toContain(SLA_COLORS.dueSoon)
    }
  })
})
