import type { Grid, PageOf } from '@gridgov/domain'
import type { Ref } from 'vue'
import type { LoadStatus } from '../stores/territory'
import { watchDebounced } from '@vueuse/core'
import { ref, shallowRef, watch } from 'vue'
import { ApiError, apiGet, isAbort } from './useApi'

export const SEARCH_LIMIT = 30

/** Grids whose name or code matches `query` (`GET /api/grids?q=`), debounced, newest request wins. */
export function useGridSearch(query: Ref<string>) {
  const results = shallowRef<Grid[]>([])
  const total = ref(0)
  const status = ref<LoadStatus>('idle')
  const error = shallowRef<ApiError | null>(null)
  let abort: AbortController | undefined

  async function run(): Promise<void> {
    abort?.abort()
    const q = query.value.trim().slice(0, 50)
    if (!q) {
      results.value = []
      total.value = 0
      status.value = 'idle'
      return
    }
    const current = abort = new AbortController()
    status.value = 'loading'
    error.value = null
    try {
      const page = await apiGet<PageOf<Grid>>('/api/grids', { q, limit: SEARCH_LIMIT }, current.signal)
      results.value = page.items
      total.value = page.total
      status.value = 'ready'
    }
    catch (err) {
      if (isAbort(err))
        return
      error.value = err instanceof ApiError ? err : new ApiError(0, 'network', String(err))
      status.value = 'error'
    }
  }

  // Show the loading state at once; the request itself waits until typing pauses.
  watch(query, (q) => {
    if (q.trim())
      status.value = 'loading'
  })
  watchDebounced(query, run, { debounce: 250 })

  return { results, total, status, error, retry: run }
}
