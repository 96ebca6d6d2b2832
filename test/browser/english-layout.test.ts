/**
 * The English UI at laptop size (1440×900): the header stays on one line inside the window for every
 * role, and the case board's SLA tags ("Overdue 663.5 work h") stay on one line inside their cell.
 */
import type { Browser, Page } from 'playwright-core'
import type { App } from '../../apps/api/src/app'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCaseHistory } from '../../packages/db/src/seed/generate-cases'
import { launchBrowser, screenshotPath, signIn, startApp } from './browser'
import { backdateDeadline, dispatchedToLeader } from './case-fixtures'

let app: App
let url: string
let browser: Browser

beforeAll(async () => {
  ({ app, url } = await startApp())
  // a month of cases: the board shows every SLA stage, overdue by tens of hours among them
  generateCaseHistory(app.database, { uploadsDir: mkdtempSync(join(tmpdir(), 'gridgov-en-')), days: 30 })
  // and one long overdue, for the longest text a tag shows ("Overdue 663.5 work h")
  backdateDeadline(app, await dispatchedToLeader(app), 120)
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

/** A 1440×900 page in a language: the app keeps it in localStorage (locales/index.ts). */
async function pageIn(locale: 'en' | 'zh-CN' = 'en'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  await context.addInitScript(l => localStorage.setItem('gridgov.locale', l), locale)
  return context.newPage()
}

/**
 * Text of `root` that wraps or spills: each text node must sit on one line (one row of client
 * rects), inside `root`'s box, and no element may be cut off (scrollWidth > clientWidth) unless it
 * ends in an ellipsis and carries the whole text in its title.
 */
function layoutProblems(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const problems: string[] = []
    for (const root of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
      const box = root.getBoundingClientRect()
      if (root.scrollWidth > root.clientWidth + 1)
        problems.push(`${sel}: content ${root.scrollWidth} px wide in ${root.clientWidth} px`)
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent?.trim()
        if (!text)
          continue
        const range = document.createRange()
        range.selectNodeContents(node)
        const rects = Array.from(range.getClientRects()).filter(r => r.width > 0)
        if (rects.length === 0)
          continue // not rendered (display: none at this size)
        const tops = new Set(rects.map(r => Math.round(r.top)))
        if (tops.size > 1)
          problems.push(`"${text}" wraps onto ${tops.size} lines`)
        const right = Math.max(...rects.map(r => r.right))
        if (right > box.right + 1)
          problems.push(`"${text}" ends at ${Math.round(right)} px, past the edge at ${Math.round(box.right)} px`)
      }
      for (const el of Array.from(root.querySelectorAll<HTMLElement>('*'))) {
        if (el.scrollWidth <= el.clientWidth + 1 || el.clientWidth === 0 || getComputedStyle(el).overflowX === 'visible')
          continue
        const ellipsis = getComputedStyle(el).textOverflow === 'ellipsis'
        if (!ellipsis || !el.title)
          problems.push(`"${el.textContent?.trim()}" is cut off (${el.scrollWidth} px in ${el.clientWidth} px)${ellipsis ? ' without a title' : ''}`)
      }
    }
    return problems
  }, selector)
}

describe('english at 1440 px', () => {
  it('keeps the header on one line for every role', async () => {
    // every role in English, and the fullest header (admin's) in Chinese too
    for (const [user, locale] of [['admin', 'en'], ['daimiao', 'en'], ['shichangjie', 'en'], ['wgz001', 'en'], ['admin', 'zh-CN']] as const) {
      const page = await pageIn(locale)
      await signIn(page, url, user)
      await page.goto(`${url}/lists`) // a page every role opens, without a landing redirect
      await page.getByTestId('lists-page').waitFor({ timeout: 20_000 })
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale)
      await expect(page.getByTestId('nav-map').innerText()).resolves.toBe(locale === 'en' ? 'Grid map' : '网格地图')
      const header = page.locator('header.app-header')
      await page.screenshot({ path: screenshotPath(`header-${locale}-${user}.png`), clip: { x: 0, y: 0, width: 1440, height: 60 } })
      expect(await layoutProblems(page, 'header.app-header'), `header as ${user} (${locale})`).toEqual([])
      // the bar keeps its height: nothing pushed it onto a second row
      expect((await header.boundingBox())!.height).toBe(52)
      await page.context().close()
    }
  })

  it('keeps the case board\'s SLA tags on one line inside their cells', async () => {
    const page = await pageIn('en')
    await signIn(page, url, 'shichangjie')
    await page.goto(`${url}/cases`)
    await page.getByTestId('case-row').first().waitFor({ timeout: 20_000 })
    // overdue first: the longest texts
    await page.getByTestId('case-filter-overdue').click()
    await page.locator('.sla-tag[data-sla="overdue"]').first().waitFor({ timeout: 20_000 })
    await page.screenshot({ path: screenshotPath('english-cases-overdue.png') })
    const tags = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('[data-testid="case-table"] .sla-tag')).map((tag) => {
      const cell = tag.closest('td')!.querySelector('.cell')!
      const style = getComputedStyle(cell)
      const inner = cell.getBoundingClientRect().right - Number.parseFloat(style.paddingRight)
      const content = tag.querySelector('.el-tag__content') ?? tag
      return { text: tag.textContent!.trim(), right: tag.getBoundingClientRect().right, inner, height: tag.getBoundingClientRect().height, cut: content.scrollWidth > content.clientWidth + 1 }
    }))
    expect(tags.length).toBeGreaterThan(0)
    expect(tags.some(t => /^Overdue \d{3}/.test(t.text)), tags.map(t => t.text).join(', ')).toBe(true)
    const single = tags[0]!.height
    for (const t of tags) {
      expect(t.height, `"${t.text}" on one line`).toBe(single)
      expect(t.right, `"${t.text}" inside its cell`).toBeLessThanOrEqual(t.inner + 0.5)
      expect(t.cut, `"${t.text}" whole, no ellipsis`).toBe(false)
    }
    // a tag of one line is no taller than the small tag itself (24 px)
    expect(single).toBeLessThanOrEqual(24)
    expect(await layoutProblems(page, '[data-testid="case-table"] .sla-tag')).toEqual([])

    // and the rest of the board: every stage
    await page.getByTestId('case-filter-overdue').click()
    await page.locator('.sla-tag[data-sla="on_time"]').first().waitFor({ timeout: 20_000 })
    expect(await layoutProblems(page, '[data-testid="case-table"] .sla-tag')).toEqual([])
    await page.screenshot({ path: screenshotPath('english-cases.png') })
    await page.context().close()
  })
})
