/**
 * Text is text (issue 12 §3): user text — titles, names, notes, addresses — that looks like HTML is
 * shown as those characters everywhere, and never becomes an element or runs. Every kind of record
 * the UI shows gets a hostile string (through the API where there is an endpoint, in the SQLite copy
 * where there is none); then every page that shows it is visited, its map markers and charts
 * hovered so their tooltips render. The pages run with the CSP bypassed, so that a script which got
 * in would run and be seen, not just be stopped by the header.
 */
import type { Building, CaseDetail, GridDetail, IntakeResult, Need, PageOf, ProjectDetail, Resource, Unit, User } from '@gridgov/domain'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { App } from '../../apps/api/src/app'
import type { Client } from '../../apps/api/test/helper'
import type {} from '../../apps/web/src/composables/useDashboardDiagnostics'
import type {} from '../../apps/web/src/composables/useDiagnostics'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { json, loginAs } from '../../apps/api/test/helper'
import { launchBrowser, screenshotPath, signIn, startApp } from './browser'

const GRID = '370902001002001'
const COMMUNITY = '370902001002'

/** Markup that runs or makes an element if parsed as HTML: `#injected`, `window.__xss`, a request to /x. */
const TAIL = '"><b id=injected>β</b><img src=x onerror=__xss=1>'
/** for fields of up to 60 characters; `XSS` finds them with a search */
const short = (what: string) => `XSS${what}${TAIL}`
/** for fields of up to 40 characters (display and reporter names) */
const MID = '<b id=injected>β</b><svg onload=__xss=1>'
/** for fields of up to 20 characters (member and contact names, skills) */
const TINY = '<b id=injected>β</b>'
/** for long texts (descriptions, notes) */
const long = (what: string) => `XSS${what}<img src=x onerror="window.__xss=(window.__xss||0)+1"><b id="injected">β</b>"><svg onload="window.__xss=(window.__xss||0)+1">`

const day = (offset = 0) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10)

let app: App
let url: string
let browser: Browser
const contexts: BrowserContext[] = []
/** per page, requests for `x`: an `<img src=x>` that was parsed as HTML */
const strayImages = new Map<Page, string[]>()
const texts = {
  need: short('需求'),
  needDescription: long('需求说明'),
  resource: short('资源'),
  resourceDescription: long('资源说明'),
  project: short('项目'),
  projectDescription: long('项目说明'),
  claimNote: long('认领说明'),
  hoursNote: short('时长备注'),
  unit: short('单位'),
  partyOrg: short('党组织'),
  unitAddress: short('单位地址'),
  caseDescription: long('诉求'),
  caseAddress: short('门牌'),
  fileNote: long('立案意见'),
  progressNote: long('处置进展'),
  staffLeader: short('网格长'),
  staffMember: short('网格员'),
  building: short('楼'),
  grid: short('网格'),
}
let caseId: number
let projectId: number
let building: Building

/** The body of a 200/201 answer; the answer itself when it is anything else. */
function ok<T>(res: { statusCode: number, body: string }): T {
  expect(res.statusCode, res.body).toBeLessThan(300)
  return json<T>(res)
}

/** Hostile records: lists, registrations and a case through the API; staff, buildings and a grid name in SQL. */
async function seed(community: Client, admin: Client, leader: () => Promise<Client>): Promise<void> {
  // user display names: the community worker who writes everything below, and the grid leader
  const users = json<PageOf<User>>(await admin.get('/api/admin/users?limit=100')).items
  for (const username of ['shichangjie', 'wgz001'])
    ok(await admin.patch(`/api/admin/users/${users.find(u => u.username === username)!.id}`, { displayName: MID }))

  // no endpoint writes staff, building or grid names: the test's copy of the database does
  const sqlite = app.database.sqlite
  const staff = json<GridDetail>(await community.get(`/api/grids/${GRID}`)).staff
  for (const s of staff)
    sqlite.prepare('UPDATE staff SET name = ? WHERE id = ?').run(s.role === 'leader' ? texts.staffLeader : texts.staffMember, s.id)
  sqlite.prepare('UPDATE buildings SET name = ? WHERE grid_code = ?').run(texts.building, GRID)
  sqlite.prepare('UPDATE grids SET name = ? WHERE code = ?').run(texts.grid, GRID)
  // territory read caches (layers, names) are kept per territory version
  sqlite.prepare(`UPDATE data_versions SET version = version + 1 WHERE name = 'territory'`).run()
  building = json<PageOf<Building>>(await community.get(`/api/grids/${GRID}/buildings?limit=1`)).items[0]!
  expect(building.name).toBe(texts.building)

  const unit = ok<Unit>(await community.post('/api/units', { communityCode: COMMUNITY, name: texts.unit, type: 'private_company', address: texts.unitAddress, contactName: TINY, contactPhone: '13800138000', partyOrg: texts.partyOrg, partyMembers: 3, registeredOn: day() }))
  ok(await community.post('/api/party-members', { communityCode: COMMUNITY, gridCode: GRID, name: TINY, phone: '13900139000', unitId: unit.id, workplace: texts.unit, skills: [TINY, '理发'], slots: ['weekend'], registeredOn: day() }))
  const need = ok<Need>(await community.post('/api/needs', { communityCode: COMMUNITY, source: 'visit', gridCode: GRID, buildingCode: building.code, title: texts.need, category: 'elderly', description: texts.needDescription, beneficiaries: TINY, beneficiaryCount: 5, urgency: 'urgent', resourceTypes: ['volunteers'], neededFrom: day(), neededTo: day(120), slots: ['weekend'] }))
  const resource = ok<Resource>(await community.post('/api/resources', { provider: `unit:${unit.id}`, title: texts.resource, type: 'volunteers', description: texts.resourceDescription, categories: ['elderly'], capacity: 10, measure: '人次', availableFrom: day(), availableTo: day(120), slots: ['weekend'] }))
  let project = ok<ProjectDetail>(await community.post('/api/projects', { title: texts.project, description: texts.projectDescription, needIds: [need.id], resources: [{ resourceId: resource.id, quantity: 1 }], lead: `unit:${unit.id}`, plannedFrom: day(), plannedTo: day(60) }))
  projectId = project.id
  for (const body of [{ action: 'claim', lead: `unit:${unit.id}`, note: texts.claimNote }, { action: 'start', note: texts.claimNote }]) {
    project = ok<ProjectDetail>(await community.post(`/api/projects/${projectId}/actions`, { ...body, version: project.version }))
  }
  ok(await community.post(`/api/projects/${projectId}/hours`, { unitId: unit.id, personName: TINY, servedOn: day(), hours: 2, note: texts.hoursNote }))

  // a case with a hostile description, address and reporter, filed and dispatched with notes
  const leaderId = staff.find(s => s.role === 'leader')!.id
  const created = await community.post('/api/cases', { channel: 'phone', categoryCode: 'S0102', description: texts.caseDescription, buildingCode: building.code, address: texts.caseAddress, reporterName: MID, reporterPhone: '13912345678' })
  expect(created.statusCode, created.body).toBe(201)
  caseId = json<IntakeResult>(created).case.id
  let v = json<IntakeResult>(created).case.version
  for (const body of [{ action: 'file', note: texts.fileNote }, { action: 'dispatch', assigneeId: leaderId, note: texts.fileNote }]) {
    const res = await community.post(`/api/cases/${caseId}/actions`, { ...body, version: v })
    expect(res.statusCode, res.body).toBe(200)
    v = json<CaseDetail>(res).version
  }
  const field = await leader()
  for (const body of [{ action: 'accept' }, { action: 'progress', note: texts.progressNote }]) {
    const res = await field.post(`/api/cases/${caseId}/actions`, { ...body, version: v })
    expect(res.statusCode, res.body).toBe(200)
    v = json<CaseDetail>(res).version
  }
}

beforeAll(async () => {
  ({ app, url } = await startApp())
  const admin = await loginAs(app, 'admin')
  await seed(await loginAs(app, 'shichangjie'), admin, () => loginAs(app, 'wgz001'))
  browser = await launchBrowser()
})
afterAll(async () => {
  for (const c of contexts)
    await c.close().catch(() => {})
  await browser?.close()
  await app?.close()
})

/** A signed-in page of its own for `username`, the CSP bypassed. */
async function pageAs(username: string, viewport = { width: 1920, height: 1080 }): Promise<Page> {
  const context = await browser.newContext({ viewport, bypassCSP: true })
  contexts.push(context)
  const page = await context.newPage()
  const stray: string[] = []
  strayImages.set(page, stray)
  page.on('request', (r) => {
    if (/\/x$/.test(new URL(r.url()).pathname))
      stray.push(`${page.url()} → ${r.url()}`)
  })
  await signIn(page, url, username)
  return page
}

/** Nothing of the user's text became markup on this page, and no script of it ran. */
async function expectInert(page: Page, where: string): Promise<void> {
  expect(await page.locator('#injected').count(), `${where}: an element made from user text`).toBe(0)
  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss), `${where}: a script from user text ran`).toBeUndefined()
  expect(strayImages.get(page), `${where}: an <img> made from user text`).toEqual([])
}

/** `text` is on the page as text (within `scope`, the whole page by default). */
async function expectShown(page: Page, text: string, where: string, scope = 'body'): Promise<void> {
  await page.waitForFunction(([s, t]) => Array.from(document.querySelectorAll<HTMLElement>(s!)).some(el => el.innerText.includes(t!)), [scope, text], { timeout: 15_000 })
    .catch(() => { throw new Error(`${where}: "${text}" is not shown as text in ${scope}`) })
}

describe('user text shown as text (issue 12 §3)', () => {
  it('三张清单: the lists, their map tooltips, the need and resource panels and the project page', async () => {
    const page = await pageAs('shichangjie')
    await page.goto(`${url}/lists`)
    const search = page.locator('input[data-testid="lists-search"]').or(page.getByTestId('lists-search').locator('input')).first()
    await search.fill('XSS')
    await search.press('Enter')
    for (const text of [texts.need, texts.resource, texts.project])
      await expectShown(page, text, 'lists', '[data-testid="lists-page"]')
    await expectInert(page, 'lists')

    // hover every marker so that its tooltip is drawn
    const ids = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('[data-testid$="-row"][data-id]')).map(el => [el.dataset.testid!.replace('-row', ''), Number(el.dataset.id)] as const))
    expect(ids.length).toBeGreaterThanOrEqual(3)
    const markerPoint = (kind: string, id: number) => page.evaluate(([k, i]) => (window as unknown as { __gridgovLists: { markerPoint: (k: string, id: number) => [number, number] | null } }).__gridgovLists.markerPoint(k as string, i as number), [kind, id] as const)
    await expect.poll(() => markerPoint(ids[0]![0], ids[0]![1]), { timeout: 20_000 }).not.toBeNull()
    const box = (await page.getByTestId('map').boundingBox())!
    let tooltips = 0
    for (const [kind, id] of ids) {
      const point = await markerPoint(kind, id)
      if (!point)
        continue
      await page.mouse.move(box.x + point[0], box.y + point[1])
      const tip = page.locator('.leaflet-tooltip')
      await tip.first().waitFor({ timeout: 5_000 })
      expect(await tip.first().innerText()).toContain(TAIL)
      tooltips++
      await page.mouse.move(box.x + 5, box.y + 5)
    }
    expect(tooltips).toBeGreaterThanOrEqual(2)
    await expectInert(page, 'lists map tooltips')

    // the need's and the resource's panels
    await page.locator('[data-testid="need-row"]', { hasText: texts.need }).click()
    await page.getByTestId('need-panel').waitFor()
    for (const text of [texts.needDescription, texts.building, TINY])
      await expectShown(page, text, 'need panel', '[data-testid="need-panel"]')
    await page.keyboard.press('Escape')
    await page.locator('[data-testid="resource-row"]', { hasText: texts.resource }).click()
    await page.getByTestId('resource-panel').waitFor()
    await expectShown(page, texts.resourceDescription, 'resource panel', '[data-testid="resource-panel"]')
    await expectShown(page, texts.unit, 'resource panel (provider)', '[data-testid="resource-panel"]')
    await expectInert(page, 'need and resource panels')
    await page.screenshot({ path: screenshotPath('hostile-lists.png') })

    // the project page: title, description, timeline notes, lead, hours
    await page.goto(`${url}/lists/projects/${projectId}`)
    await page.getByTestId('project-timeline').waitFor({ timeout: 20_000 })
    for (const text of [texts.project, texts.projectDescription, texts.claimNote, texts.unit, texts.need, texts.resource, MID, TINY, texts.hoursNote])
      await expectShown(page, text, 'project page', '[data-testid="project-detail"]')
    await expectInert(page, 'project page')
    await page.screenshot({ path: screenshotPath('hostile-project.png'), fullPage: true })

    // 双报到: units and Party members
    await page.goto(`${url}/lists/registrations`)
    await page.getByTestId('units-table').locator('tbody tr').first().waitFor({ timeout: 20_000 })
    for (const text of [texts.unit, texts.partyOrg, TINY])
      await expectShown(page, text, 'units', '[data-testid="units-table"]')
    await page.locator('.el-tabs__item').nth(1).click()
    await page.getByTestId('members-table').locator('tbody tr').first().waitFor({ timeout: 20_000 })
    await expectShown(page, TINY, 'members (name, skills)', '[data-testid="members-table"]')
    await expectShown(page, texts.unit, 'members (workplace)', '[data-testid="members-table"]')
    await expectInert(page, 'registrations')
  })

  it('cases: the board with its overflow tooltips, and the case with its timeline', async () => {
    const page = await pageAs('shichangjie')
    await page.goto(`${url}/cases`)
    const row = page.locator('[data-testid="case-table"] tbody tr', { has: page.locator(`[data-testid="case-row"][data-case-id="${caseId}"]`) })
    await row.waitFor({ timeout: 20_000 })
    for (const text of [texts.caseDescription, texts.grid, texts.staffLeader])
      await expectShown(page, text, 'case board', '[data-testid="case-table"]')
    // the cells cut short show their text in a tooltip on hover
    await row.locator('td', { hasText: 'XSS诉求' }).first().hover()
    await page.locator('.el-popper:visible', { hasText: 'XSS诉求' }).first().waitFor({ timeout: 5_000 }).catch(() => {})
    await expectInert(page, 'case board')

    await page.goto(`${url}/cases/${caseId}`)
    await page.getByTestId('case-timeline').waitFor({ timeout: 20_000 })
    for (const text of [texts.caseDescription, texts.caseAddress, texts.grid, texts.staffLeader, texts.fileNote, texts.progressNote, MID])
      await expectShown(page, text, 'case detail', '[data-testid="case-detail"]')
    await expectInert(page, 'case detail')
    await page.screenshot({ path: screenshotPath('hostile-case.png'), fullPage: true })
  })

  it('field pages: the grid leader\'s list and case', async () => {
    const page = await pageAs('wgz001', { width: 768, height: 1024 })
    await page.waitForURL(/\/field/, { timeout: 20_000 })
    const card = page.locator(`[data-testid="field-card"][data-case-id="${caseId}"]`)
    await card.waitFor({ timeout: 20_000 })
    await expectShown(page, texts.caseDescription, 'field list', '[data-testid="field-list"]')
    await expectInert(page, 'field list')
    await card.click()
    await page.getByTestId('case-timeline').waitFor({ timeout: 20_000 })
    for (const text of [texts.caseDescription, texts.fileNote, texts.progressNote, MID, texts.staffLeader])
      await expectShown(page, text, 'field case', '[data-testid="case-detail"]')
    await expectInert(page, 'field case')
  })

  it('the map: grid labels and the grid panel with its staff', async () => {
    const page = await pageAs('shichangjie')
    await page.goto(`${url}/grids/${GRID}`)
    const panel = page.getByTestId('grid-panel')
    await panel.and(page.locator('[data-state="ready"]')).waitFor({ timeout: 20_000 })
    for (const text of [texts.grid, texts.staffLeader, texts.staffMember])
      await expectShown(page, text, 'grid panel', '[data-testid="grid-panel"]')
    // the map labels name the grids in view (divIcons) once few enough grids are in view
    await page.evaluate(async (g) => {
      const { bbox } = await (await fetch(`/api/grids/${g}`)).json() as { bbox: [number, number, number, number] }
      window.__gridgov!.map.fitBounds([[bbox[1], bbox[0]], [bbox[3], bbox[2]]], { animate: false })
    }, GRID)
    await expectShown(page, texts.grid, 'map labels', '.map-label')
    await page.screenshot({ path: screenshotPath('hostile-map.png') })
    await expectInert(page, 'map')
  })

  it('the dashboard: ranking tooltips, the grid profile, a building\'s tooltip and profile', async () => {
    const page = await pageAs('daimiao')
    await page.goto(`${url}/dashboard?screen=big`)
    await page.waitForFunction(() => window.__gridgov?.gridsLoaded === true, null, { timeout: 30_000 })
    // the grids of the community, ranked by 立案数 so that the new case gives the grid a bar
    await page.evaluate(c => window.__gridgov!.selectGrid(c), COMMUNITY)
    await page.getByTestId('ranking-sort').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '立案数' }).first().click()
    await page.waitForFunction(g => window.__gridgovDashboard?.rankingPoint(g) != null, GRID, { timeout: 20_000 })
    await page.waitForTimeout(600) // the bars grow in
    const bar = (await page.evaluate(g => window.__gridgovDashboard!.rankingPoint(g), GRID))!
    await page.mouse.move(bar[0], bar[1])
    await expectShown(page, texts.grid, 'ranking tooltip', '[data-testid="ranking-chart"]')
    await expectInert(page, 'ranking tooltip')
    // the category chart's tooltip too
    const cats = (await page.getByTestId('category-chart').boundingBox())!
    for (let y = cats.y + 10; y < cats.y + cats.height; y += 20)
      await page.mouse.move(cats.x + cats.width * 0.45, y)

    // the grid's profile: staff and needs
    await page.evaluate(g => window.__gridgov!.selectGrid(g), GRID)
    const profile = page.getByTestId('grid-profile')
    await profile.and(page.locator('[data-state="ready"]')).waitFor({ timeout: 20_000 })
    for (const text of [texts.grid, texts.staffLeader, texts.staffMember, texts.need])
      await expectShown(page, text, 'grid profile', '[data-testid="grid-profile"]')
    await expectInert(page, 'grid profile')

    // a building: its tooltip on hover, its profile on click
    const [lon, lat] = building.location
    await page.evaluate(([la, lo]) => {
      const map = window.__gridgov!.map
      map.setView([la!, lo!], 17.5, { animate: false })
      map.panBy([map.getSize().x * 0.25, 0], { animate: false })
    }, [lat, lon])
    await page.locator('.leaflet-dashboard-buildings-pane path.leaflet-interactive').first().waitFor({ timeout: 10_000 })
    const box = (await page.getByTestId('map').boundingBox())!
    const at = await page.evaluate(([la, lo]) => window.__gridgov!.map.latLngToContainerPoint([la!, lo!]), [lat, lon])
    await page.mouse.move(box.x + at.x, box.y + at.y)
    await expectShown(page, texts.building, 'building tooltip', '.leaflet-tooltip')
    await page.mouse.click(box.x + at.x, box.y + at.y)
    await page.getByTestId('building-profile').waitFor({ timeout: 10_000 })
    await expectShown(page, texts.building, 'building profile', '[data-testid="building-profile"]')
    await expectShown(page, texts.building, 'breadcrumbs', '[data-testid="dashboard-breadcrumbs"]')
    await expectInert(page, 'dashboard')
    await page.screenshot({ path: screenshotPath('hostile-dashboard.png') })
  })

  it('administration: the users and the audit log', async () => {
    const page = await pageAs('admin')
    await page.goto(`${url}/admin/users`)
    await page.getByTestId('users-table').locator('tbody tr').first().waitFor({ timeout: 20_000 })
    await expectShown(page, MID, 'admin users', '[data-testid="users-table"]')
    // the confirmation names the user (ElMessageBox: its message is text unless told otherwise)
    const row = page.locator('[data-testid="users-table"] tbody tr', { hasText: 'shichangjie' })
    await row.getByRole('button', { name: '停用' }).click()
    await expectShown(page, `停用用户「${MID}」`, 'disable confirmation', '.el-message-box')
    await expectInert(page, 'admin users')
    await page.locator('.el-message-box').getByRole('button', { name: '取消' }).click()
    // anyone can put text into the audit log: a sign-in with a made-up username is logged with it
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: texts.need, password: 'wrong-password' } })
    expect(login.statusCode).toBe(401)
    await page.goto(`${url}/admin/audit`)
    await page.getByTestId('audit-table').locator('tbody tr').first().waitFor({ timeout: 20_000 })
    // the newest entries whose summary carries hostile text (that sign-in, the project) show it as text
    const admin = await loginAs(app, 'admin')
    const entries = json<PageOf<{ action: string, summary: string }>>(await admin.get('/api/admin/audit?limit=20')).items
    const hostile = entries.filter(e => e.summary.includes('<b id=injected>'))
    expect(hostile.map(e => e.action)).toContain('login.failure')
    for (const e of hostile)
      await expectShown(page, e.summary, `audit ${e.action}`, '[data-testid="audit-table"]')
    await expectInert(page, 'audit')
  })
})
