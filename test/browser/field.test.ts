import type { Building, CaseDetail, GridDetail, IntakeResult, PageOf } from '@gridgov/domain'
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../apps/api/src/app'
import type {} from '../../apps/web/src/composables/useDiagnostics'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginAs } from '../../apps/api/test/helper'
import { launchBrowser, screenshotPath, signIn, startApp } from './browser'

const GRID = '370902001002001'
let app: App
let url: string
let browser: Browser
let page: Page
let caseId: number
let photoFile: string

beforeAll(async () => {
  ({ app, url } = await startApp())
  // the desk files and dispatches a 路灯不亮 (component: a photo is required to resolve) to the grid leader
  const community = await loginAs(app, 'shichangjie')
  const building = (JSON.parse((await community.get(`/api/grids/${GRID}/buildings?limit=1`)).body) as PageOf<Building>).items[0]!
  const leaderId = (JSON.parse((await community.get(`/api/grids/${GRID}`)).body) as GridDetail).staff.find(s => s.role === 'leader')!.id
  const created = JSON.parse((await community.post('/api/cases', { channel: 'phone', categoryCode: 'C0104', description: '3号楼北侧路灯连续三晚不亮', buildingCode: building.code })).body) as IntakeResult
  caseId = created.case.id
  let v = created.case.version
  for (const body of [{ action: 'file' }, { action: 'dispatch', assigneeId: leaderId }])
    v = (JSON.parse((await community.post(`/api/cases/${caseId}/actions`, { version: v, ...body })).body) as CaseDetail).version
  photoFile = join(mkdtempSync(join(tmpdir(), 'gridgov-photo-')), 'lamp.jpg')
  writeFileSync(photoFile, await sharp({ create: { width: 800, height: 600, channels: 3, background: '#f3c623' } }).jpeg().toBuffer())

  browser = await launchBrowser()
  page = await browser.newPage({ viewport: { width: 768, height: 1024 }, hasTouch: true })
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

describe('grid leader on a tablet', () => {
  it('sees the dispatched case in 我的待办, accepts it and resolves it with a photo', async () => {
    await signIn(page, url, 'wgz001')
    await page.waitForURL(/\/field/, { timeout: 20_000 })
    const card = page.locator(`[data-testid="field-card"][data-case-id="${caseId}"]`)
    await card.waitFor({ timeout: 20_000 })
    // touch targets: the card and the next action are at least 44 px tall
    expect((await card.boundingBox())!.height).toBeGreaterThanOrEqual(44)
    await page.screenshot({ path: screenshotPath('field-list.png') })
    await card.click()

    const accept = page.getByTestId('case-action-accept')
    await accept.waitFor({ timeout: 20_000 })
    expect((await accept.boundingBox())!.height).toBeGreaterThanOrEqual(44)
    await accept.click()
    const submit = page.getByTestId('action-submit')
    if (await submit.isVisible().catch(() => false))
      await submit.click()
    await page.getByTestId('case-action-resolve').waitFor({ timeout: 20_000 })

    await page.getByTestId('case-action-resolve').click()
    await page.getByTestId('action-note').fill('已更换路灯灯泡，夜间复查正常')
    await page.getByTestId('action-photo').setInputFiles(photoFile)
    await page.locator('[data-testid="action-dialog"] img').first().waitFor({ timeout: 20_000 })
    await page.waitForTimeout(400) // let the dialog's opening transition finish for the screenshot
    await page.screenshot({ path: screenshotPath('field-resolve.png') })
    await page.getByTestId('action-submit').click()
    await page.getByTestId('action-dialog').waitFor({ state: 'hidden', timeout: 20_000 })

    const community = await loginAs(app, 'shichangjie')
    const after = JSON.parse((await community.get(`/api/cases/${caseId}`)).body) as CaseDetail
    expect(after.status).toBe('resolved')
    const resolved = after.events.at(-1)!
    expect(resolved).toMatchObject({ action: 'resolve', note: '已更换路灯灯泡，夜间复查正常', actorRole: 'grid_leader' })
    expect(resolved.attachments).toHaveLength(1)
    expect((await community.get(`/api/uploads/${resolved.attachments[0]}/thumb`)).statusCode).toBe(200)
    await page.screenshot({ path: screenshotPath('field-resolved.png') })
  })
})
