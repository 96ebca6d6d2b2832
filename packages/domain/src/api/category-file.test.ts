import { describe, expect, it } from 'vitest'
import bundled from '../../../../data/categories/categories.json' with { type: 'json' }
import { CategoryDataError, loadCategories } from './category-file'

/** The error loadCategories() throws for this data (fails the test if it does not throw). */
function loadError(raw: unknown): CategoryDataError {
  try {
    loadCategories(raw)
  }
  catch (e) {
    expect(e).toBeInstanceOf(CategoryDataError)
    return e as CategoryDataError
  }
  throw new Error('expected loadCategories to throw')
}

describe('loadCategories', () => {
  const catalog = loadCategories()

  it('loads the bundled categories: all three kinds, 40–60 subcategories', () => {
    expect(new Set(catalog.classes.map(c => c.kind))).toEqual(new Set(['component', 'event', 'service']))
    expect(catalog.categories.length).toBeGreaterThanOrEqual(40)
    expect(catalog.categories.length).toBeLessThanOrEqual(60)
    expect(catalog.byCode.get('C0104')).toMatchObject({ name: '路灯不亮', kind: 'component', className: '公用设施' })
  })

  it('has unique codes, each subcategory nested under its class code', () => {
    const codes = [...catalog.classes.map(c => c.code), ...catalog.categories.map(c => c.code)]
    expect(new Set(codes).size).toBe(codes.length)
    for (const c of catalog.categories)
      expect(c.code.slice(0, 3)).toBe(c.classCode)
  })

  it('gives every subcategory a valid limit: urgent ones in continuous hours', () => {
    for (const c of catalog.categories) {
      expect(c.limit.hours, c.code).toBeGreaterThan(0)
      expect(c.limit.mode, c.code).toBe(c.priority === 'urgent' ? 'continuous' : 'working')
    }
    expect(catalog.byCode.get('E0403')?.limit).toEqual({ hours: 1, mode: 'continuous' }) // 燃气泄漏
  })

  it('requires a photo for every component (部件) category', () => {
    expect(catalog.categories.filter(c => c.kind === 'component').every(c => c.photoRequired)).toBe(true)
  })

  it('returns frozen data', () => {
    expect(Object.isFrozen(catalog.categories[0])).toBe(true)
  })

  it('rejects malformed data with every problem named', () => {
    const bad = structuredClone(bundled) as { classes: { subcategories: Record<string, unknown>[] }[] }
    const first = bad.classes[0]!.subcategories[0]!
    first.limit = { hours: -2, mode: 'working' }
    first.colour = 'red'
    const { message } = loadError(bad)
    expect(message).toMatch(/categories\.json/)
    expect(message).toMatch(/\/classes\/0\/subcategories\/0\/limit\/hours/)
    expect(message).toMatch(/colour/)
  })

  it('rejects data that is well-formed but inconsistent', () => {
    const bad = structuredClone(bundled) as { classes: { subcategories: Record<string, unknown>[] }[] }
    const [a, b] = bad.classes[0]!.subcategories as [Record<string, unknown>, Record<string, unknown>]
    b.code = a.code // duplicate
    a.photoRequired = false // a component without photo
    const err = loadError(bad)
    expect(err.problems).toEqual([
      'C0101 井盖缺失: component (部件) categories require a photo to resolve',
      'C0101 井盖破损: duplicate code',
    ])
  })
})
