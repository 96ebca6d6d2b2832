import type { CategoryFile } from '@gridgov/domain'
import type { CascaderOption } from 'element-plus'
import type { LoadStatus } from '../stores/territory'
import { computed, ref, shallowRef } from 'vue'
import { apiGet } from './useApi'

type CategoryClassData = CategoryFile['classes'][number]
export type SubcategoryData = CategoryClassData['subcategories'][number]

/** A subcategory with its class, for lookups by code. */
export interface CategoryEntry extends SubcategoryData {
  kind: CategoryClassData['kind']
  className: string
}

// Categories change with a data release, not per user: one fetch per page load, shared by every form.
const file = shallowRef<CategoryFile | null>(null)
const status = ref<LoadStatus>('idle')
const error = shallowRef<unknown>(null)
let pending: Promise<void> | undefined

function load(): Promise<void> {
  pending ??= (async () => {
    status.value = 'loading'
    error.value = null
    try {
      file.value = await apiGet<CategoryFile>('/api/categories')
      status.value = 'ready'
    }
    catch (err) {
      error.value = err
      status.value = 'error'
      pending = undefined // a retry may fetch again
    }
  })()
  return pending
}

const KIND_ORDER = ['component', 'event', 'service'] as const

/**
 * The case categories (`GET /api/categories`, public): options grouped by kind and class,
 * and a code → subcategory lookup. `kindLabel` turns a kind into 部件 / 事件 / 社区服务.
 */
export function useCategories(kindLabel: (kind: CategoryClassData['kind']) => string) {
  void load()

  const byCode = computed(() => {
    const map = new Map<string, CategoryEntry>()
    for (const cls of file.value?.classes ?? []) {
      for (const sub of cls.subcategories)
        map.set(sub.code, { ...sub, kind: cls.kind, className: cls.name })
    }
    return map
  })

  /** Cascader options: kind (部件/事件/社区服务) → class → subcategory (the value). */
  const options = computed<CascaderOption[]>(() => KIND_ORDER
    .map(kind => ({
      value: kind,
      label: kindLabel(kind),
      children: (file.value?.classes ?? []).filter(c => c.kind === kind).map(c => ({
        value: c.code,
        label: c.name,
        children: c.subcategories.map(s => ({ value: s.code, label: s.name })),
      })),
    }))
    .filter(k => k.children.length > 0))

  return { status, error, options, byCode, reload: load }
}
