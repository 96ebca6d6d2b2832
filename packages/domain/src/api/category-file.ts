import type { Static } from 'typebox'
import type { CategoryCatalog, CategoryClass } from '../case/categories'
/**
 * Loading the category data (`data/categories/categories.json`): its JSON Schema, the rules a
 * schema cannot say, and the validated catalogue. Kept apart from the category vocabulary
 * (case/categories.ts) so the dashboard can import that without TypeBox.
 */
import { Type } from 'typebox'
import { Value } from 'typebox/value'
import bundled from '../../../../data/categories/categories.json' with { type: 'json' }
import { CATEGORY_KINDS, CATEGORY_PRIORITIES, KIND_LETTER } from '../case/categories'
import { SLA_MODES } from '../case/sla-clock'

// Limits beyond 10 working days (80 h) are almost certainly a typo in the data (e.g. minutes).
const MAX_LIMIT_HOURS = 80
const closed = { additionalProperties: false } as const

const TimeLimitSchema = Type.Object({
  hours: Type.Number({ exclusiveMinimum: 0, maximum: MAX_LIMIT_HOURS }),
  mode: Type.Enum(SLA_MODES),
}, closed)

const SubcategorySchema = Type.Object({
  code: Type.String({ pattern: '^[CES][0-9]{4}$' }),
  name: Type.String({ minLength: 1, maxLength: 30 }),
  limit: TimeLimitSchema,
  priority: Type.Enum(CATEGORY_PRIORITIES),
  photoRequired: Type.Boolean(),
}, closed)

const CategoryClassSchema = Type.Object({
  code: Type.String({ pattern: '^[CES][0-9]{2}$' }),
  kind: Type.Enum(CATEGORY_KINDS),
  name: Type.String({ minLength: 1, maxLength: 30 }),
  subcategories: Type.Array(SubcategorySchema, { minItems: 1 }),
}, closed)

/** The shape of `data/categories/categories.json`. */
export const CategoryFileSchema = Type.Object({
  version: Type.String({ minLength: 1 }),
  classes: Type.Array(CategoryClassSchema, { minItems: 1 }),
}, closed)
export type CategoryFile = Static<typeof CategoryFileSchema>

/** Thrown by loadCategories() with every problem found, one per line. */
export class CategoryDataError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid category data (data/categories/categories.json):\n  ${problems.join('\n  ')}`)
    this.name = 'CategoryDataError'
  }
}

// Rules a JSON Schema cannot say: codes unique and nested, kind letters agree, and the two
// standing decisions of DESIGN.md §4 — urgent ⇔ continuous hours, 部件 always need a photo.
function semanticProblems(file: CategoryFile): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  for (const cls of file.classes) {
    if (seen.has(cls.code))
      problems.push(`${cls.code}: duplicate code`)
    seen.add(cls.code)
    if (!cls.code.startsWith(KIND_LETTER[cls.kind]))
      problems.push(`${cls.code}: a ${cls.kind} class code must start with ${KIND_LETTER[cls.kind]}`)
    for (const sub of cls.subcategories) {
      const where = `${sub.code} ${sub.name}`
      if (seen.has(sub.code))
        problems.push(`${where}: duplicate code`)
      seen.add(sub.code)
      if (!sub.code.startsWith(cls.code))
        problems.push(`${where}: code must start with its class code ${cls.code}`)
      if ((sub.priority === 'urgent') !== (sub.limit.mode === 'continuous'))
        problems.push(`${where}: urgent categories, and only they, count continuous hours`)
      if (cls.kind === 'component' && !sub.photoRequired)
        problems.push(`${where}: component (部件) categories require a photo to resolve`)
    }
  }
  return problems
}

/**
 * Validates category data (by default the bundled `data/categories/categories.json`) and returns
 * the catalogue. Throws CategoryDataError listing every problem, so a bad edit fails at start-up
 * rather than as a wrong deadline later.
 */
export function loadCategories(raw: unknown = bundled): CategoryCatalog {
  if (!Value.Check(CategoryFileSchema, raw)) {
    const problems = Value.Errors(CategoryFileSchema, raw)
      // an unknown key is reported twice (the key's `false` schema and its parent); keep the one that names it
      .filter(e => e.keyword !== 'boolean')
      .map(e => e.keyword === 'additionalProperties'
        ? `${e.instancePath || '/'}: unknown field(s) ${e.params.additionalProperties.join(', ')}`
        : `${e.instancePath || '/'}: ${e.message}`)
    throw new CategoryDataError(problems)
  }
  const problems = semanticProblems(raw)
  if (problems.length > 0)
    throw new CategoryDataError(problems)

  const classes = raw.classes.map((cls): CategoryClass => Object.freeze({
    code: cls.code,
    kind: cls.kind,
    name: cls.name,
    subcategories: Object.freeze(cls.subcategories.map(sub => Object.freeze({
      code: sub.code,
      name: sub.name,
      kind: cls.kind,
      classCode: cls.code,
      className: cls.name,
      limit: Object.freeze({ ...sub.limit }),
      priority: sub.priority,
      photoRequired: sub.photoRequired,
    }))),
  }))
  const categories = classes.flatMap(cls => cls.subcategories)
  return Object.freeze({
    version: raw.version,
    classes: Object.freeze(classes),
    categories: Object.freeze(categories),
    byCode: new Map(categories.map(c => [c.code, c])),
  })
}
