import type { PageOf } from '@gridgov/domain'
import type { LoadStatus } from '../stores/territory'
import type { Query } from './useApi'
import { ref, shallowRef, watch } from 'vue'
import { apiGet, isAbort } from './useApi'

type Filters = Query

/**
 * One page of an admin list (`PageOf<T>` endpoints with `limit`/`offset`). `filters` is read on each
 * load; call `search()` after changing them (back to page 1). A newer load aborts the older one.
 */
export function usePagedList<T>(path: string, filters: () => Filters, pageSize = 20) {
  const page = ref(1)
  const size = ref(pageSize)
  const items = shallowRef<T[]>([])
  const total = ref(0)
  /** items per status under the other filters, from lists that send them (三张清单) */
  const counts = shallowRef<Record<string, number>>({})
  const status = ref<LoadStatus>('idle')
  const error = shallowRef<unknown>(null)
  /** a page has arrived once: later loads keep the table on screen, a failed one too */
  const loaded = ref(false)
  /** when the page on screen arrived (ms), for "as of HH:mm" when a refresh fails */
  const loadedAt = ref<number | null>(null)
  let abort: AbortController | undefined

  async function load(): Promise<void> {
    abort?.abort()
    const current = abort = new AbortController()
    status.value = 'loading'
    error.value = null
    try {
      const res = await apiGet<PageOf<T>>(path, { ...filters(), limit: size.value, offset: (page.value - 1) * size.value }, current.signal)
      items.value = res.items
      total.value = res.total
      counts.value = (res as { counts?: Record<string, number> }).counts ?? {}
      status.value = 'ready'
      loaded.value = true
      loadedAt.value = Date.now()
    }
    catch (err) {
      if (isAbort(err))
        return
      error.value = err
      status.value = 'error'
    }
  }

  function search(): void {
    if (page.value === 1)
      void load()
    else page.value = 1 // the watch below loads
  }

  watch([page, size], () => void load())
  void load()

  return { page, size, items, total, counts, status, error, loaded, loadedAt, load, search }
}
