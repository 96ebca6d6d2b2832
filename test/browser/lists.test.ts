import type { Need, PageOf } from '@gridgov/domain'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../apps/api/src/app'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginAs } from '../../apps/api/test/helper'
import { launchBrowser, screenshotPath, signIn, startApp } from './browser'

let app: App
let url: string
let browser: Browser
let page: Page
let need: Need

interface ListsHooks { markerPoint: (kind: string, id: number) => [number, number] | null, selected: () => { kind: string, id: number } | null }

beforeAll(async () => {
  ({ app, url } = await startApp())
  // a fresh need from a door-to-door visit, so the test does not depend on the demo data's states
  const community = await loginAs(app, 'shichangjie')
  const res = await community.post('/api/needs', {
    communityCode: '370902001002',
    source: 'visit',
    gridCode: '370902001002001',
    title: '失能老人助浴',
    category: 'elderly',
    description: '入户走访发现 12 位失能老人洗澡困难',
    beneficiaries: '失能半失能老人',
    beneficiaryCount: 12,
    urgency: 'urgent',
    resourceTypes: ['volunteers', 'service'],
    neededFrom: new Date().toISOString().slice(0, 10),
    neededTo: new Date(Date.now() + 120 * 86_400_000).toISOString().slice(0, 10),
    slots: ['weekend'],
  })
  need = JSON.parse(res.body) as Need
  expect((JSON.parse((await community.get('/api/needs?status=open')).body) as PageOf<Need>).items.map(n => n.id)).toContain(need.id)
  browser = await launchBrowser()
  page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe('三张清单 in the browser', () => {
  it('a community worker creates a project from a need and a suggested resource', async () => {
    await signIn(page, url, 'shichangjie')
    await page.goto(`${url}/lists`)
    const row = page.locator(`[data-testid="need-row"][data-id="${need.id}"]`)
    await row.waitFor({ timeout: 20_000 })
    await page.locator('[data-testid="lists-resources"] [data-testid="resource-row"]').first().waitFor()
    await page.locator('[data-testid="lists-projects"] [data-testid="project-row"]').first().waitFor()
    // markers are drawn on the map's canvas: ask the page where the need's is
    await page.waitForFunction(id => (window as unknown as { __gridgovLists: ListsHooks }).__gridgovLists.markerPoint('need', id) !== null, need.id, { timeout: 20_000 })
    await page.screenshot({ path: screenshotPath('lists-1920.png') })

    await row.click()
    // selected: marked in the list and on the map
    await expect.poll(() => page.evaluate(() => (window as unknown as { __gridgovLists: ListsHooks }).__gridgovLists.selected())).toEqual({ kind: 'need', id: need.id })
    expect(await row.getAttribute('class')).toContain('is-selected')
    expect(await page.evaluate(id => (window as unknown as { __gridgovLists: ListsHooks }).__gridgovLists.markerPoint('need', id), need.id)).not.toBeNull()

    const suggestion = page.getByTestId('suggestion').first()
    await suggestion.waitFor({ timeout: 20_000 })
    expect(Number(await suggestion.getByTestId('match-score').getAttribute('data-score'))).toBeGreaterThan(50)
    await expect.poll(() => suggestion.locator('.match-score__parts li').count()).toBe(4)
    await page.screenshot({ path: screenshotPath('lists-need-suggestions.png') })
    const resourceId = Number(await suggestion.getAttribute('data-resource-id'))
    await suggestion.getByTestId('suggestion-propose').click()

    const dialog = page.getByTestId('project-dialog')
    await dialog.waitFor()
    expect(await page.getByTestId('project-title').inputValue()).toContain('失能老人助浴')
    await page.getByTestId('project-submit').click()

    await page.waitForURL(/\/lists\/projects\/\d+$/, { timeout: 20_000 })
    const status = page.getByTestId('project-status')
    await status.waitFor()
    expect(await status.getAttribute('data-status')).toBe('proposed')
    await page.getByTestId('project-timeline').waitFor()
    const projectId = Number(page.url().split('/').pop())
    const community = await loginAs(app, 'shichangjie')
    const project = JSON.parse((await community.get(`/api/projects/${projectId}`)).body)
    expect(project.needs.map((n: { id: number }) => n.id)).toEqual([need.id])
    expect(project.resources.map((r: { id: number }) => r.id)).toEqual([resourceId])

    // claim it from the detail page
    await page.getByTestId('project-action-claim').click()
    await page.getByTestId('project-action-dialog').waitFor()
    await page.getByTestId('action-submit').click()
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 20_000 }).toBe('claimed')
    await page.screenshot({ path: screenshotPath('lists-project.png') })
  })

  it('lays out at laptop size and shows the 双报到 registrations', async () => {
    await page.setViewportSize({ width: 1366, height: 768 })
    await page.goto(`${url}/lists`)
    await page.locator('[data-testid="need-row"]').first().waitFor({ timeout: 20_000 })
    await page.screenshot({ path: screenshotPath('lists-laptop.png') })
    await page.goto(`${url}/lists/registrations`)
    await page.getByTestId('units-table').locator('tbody tr').first().waitFor({ timeout: 20_000 })
    await page.screenshot({ path: screenshotPath('lists-registrations.png') })
  })
})
