/**
 * Accessibility checks shared by the browser tests: axe-core against WCAG 2.0/2.1 A and AA, and
 * touch-target sizes (DESIGN.md §9: ≥ 44 px on the tablet and the phone).
 */
import type { Locator, Page } from 'playwright-core'
import { AxeBuilder } from '@axe-core/playwright'
import { expect } from 'vitest'

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
const BLOCKING = new Set(['critical', 'serious'])
/** axe-core's result type (axe-core itself is a dependency of @axe-core/playwright, not ours) */
type Result = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number]

/** The first check message axe gives for a node (for colour contrast: the colours and the ratio). */
function why(node: Result['nodes'][number]): string {
  return [...node.any, ...node.all, ...node.none].map(c => c.message).find(Boolean) ?? ''
}
const where = (node: Result['nodes'][number]) => node.target.map(String).join(' >>> ')

/** One line per violated rule: id, impact, how many nodes, and the first few targets. */
export function describeViolation(v: Result): string {
  const targets = v.nodes.map(where)
  const shown = targets.slice(0, 6).join(' | ') + (targets.length > 6 ? ` | … ${targets.length - 6} more` : '')
  return `${v.id} (${v.impact}, ${v.nodes.length}×): ${shown}`
}

/** Runs axe on the page as it is now; answers the critical and serious violations. */
export async function blockingViolations(page: Page, options: { exclude?: string[] } = {}): Promise<Result[]> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS)
  for (const selector of options.exclude ?? [])
    builder = builder.exclude(selector)
  const { violations } = await builder.analyze()
  return violations.filter(v => BLOCKING.has(v.impact ?? ''))
}

/**
 * Asserts no critical or serious axe violation on the page in its current state. `name` says which
 * page and state, so a failure reads e.g. "cases board: color-contrast (serious, 3×): .sla-tag …".
 */
export async function expectAccessible(page: Page, name: string, options: { exclude?: string[] } = {}): Promise<void> {
  const found = await blockingViolations(page, options)
  if (found.length > 0) {
    // every node with axe's reason, for whoever reads the log of a failed run
    const detail = found.flatMap(v => [`${v.id} (${v.impact}): ${v.help}`, ...v.nodes.map(n => `    ${where(n)} — ${why(n)}\n      ${n.html.slice(0, 160)}`)])
    console.warn(`axe: ${name} (${page.url()})\n  ${detail.join('\n  ')}`)
  }
  // soft: a test visiting several pages reports every page's violations, not only the first
  expect.soft(found.map(describeViolation), `${name}: critical/serious axe violations`).toEqual([])
}

/**
 * Asserts that each visible element is at least `min` px wide and tall (its whole clickable box).
 * Answers the sizes found, named by `label`, so a failure lists the offenders.
 */
export async function expectTouchTargets(targets: Record<string, Locator>, min = 44): Promise<void> {
  const small: string[] = []
  for (const [label, locator] of Object.entries(targets)) {
    const count = await locator.count()
    expect(count, `${label}: no element found`).toBeGreaterThan(0)
    for (let i = 0; i < count; i++) {
      const box = await locator.nth(i).boundingBox()
      if (!box)
        continue // not rendered (e.g. hidden at this size)
      if (box.width < min - 0.5 || box.height < min - 0.5)
        small.push(`${label}${count > 1 ? `[${i}]` : ''}: ${Math.round(box.width)}×${Math.round(box.height)}`)
    }
  }
  expect(small, `touch targets smaller than ${min}×${min} px`).toEqual([])
}
