/**
 * Case categories as data (`data/categories/categories.json`), two levels with codes in the spirit
 * of GB/T 30428.2: a class (大类) and its subcategories (小类), each subcategory with its time
 * limit (处置时限), priority and whether a photo is needed to resolve it.
 *
 * Codes: a kind letter — C 部件 component, E 事件 event, S 社区服务 community service — then a
 * 2-digit class number and a 2-digit subcategory number (`C0104` 路灯不亮). The standard numbers
 * 部件 and 事件 in separate trees; the letter keeps both (and our service classes) in one namespace.
 */
import type { SlaMode } from './sla-clock'

/** 部件 component, 事件 event, 社区服务 community service. */
export const CATEGORY_KINDS = ['component', 'event', 'service'] as const
export type CategoryKind = typeof CATEGORY_KINDS[number]

/** The letter that starts every code of a kind. */
export const KIND_LETTER: Record<CategoryKind, string> = { component: 'C', event: 'E', service: 'S' }

export const CATEGORY_PRIORITIES = ['normal', 'high', 'urgent'] as const
export type CategoryPriority = typeof CATEGORY_PRIORITIES[number]

/** A time limit: so many working hours, or continuous hours for urgent categories. */
export interface TimeLimit { readonly hours: number, readonly mode: SlaMode }

/** A subcategory (小类) — what a case is filed under. */
export interface Category {
  readonly code: string
  readonly name: string
  readonly kind: CategoryKind
  readonly classCode: string
  readonly className: string
  readonly limit: TimeLimit
  readonly priority: CategoryPriority
  readonly photoRequired: boolean
}

/** A class (大类) with its subcategories. */
export interface CategoryClass {
  readonly code: string
  readonly kind: CategoryKind
  readonly name: string
  readonly subcategories: readonly Category[]
}

/** The validated catalogue. */
export interface CategoryCatalog {
  readonly version: string
  readonly classes: readonly CategoryClass[]
  /** Every subcategory, in file order. */
  readonly categories: readonly Category[]
  /** Subcategory by code. */
  readonly byCode: ReadonlyMap<string, Category>
}
