import type { LoadStatus } from '../stores/territory'
import type { Query } from './useApi'
import { ref, shallowRef } from 'vue'
import { ApiError, apiGet, isAbort } from './useApi'

/**
 * One dashboard endpoint: its last answer, load status and error. A reload keeps the previous answer
 * on screen (the panel dims instead of blanking), so the 60-second auto-refresh never flickers, and
 * a newer request aborts the one still running (period or drill-down changed mid-flight).
 */
export function useDashboardResource<T>(path: string) {
  const data = shallowRef<T | null>(null)
  const status = ref<LoadStatus>('idle')
  const error = shallowRef<ApiError | null>(null)
  let abort: AbortController | undefined

  async function load(query: Query): Promise<void> {
    abort?.abort()
    const mine = abort = new AbortController()
    status.value = 'loading'
    try {
      data.value = await apiGet<T>(path, query, mine.signal)
      error.value = null
      status.value = 'ready'
    }
    catch (err) {
      // an abort while the body is read surfaces as a parse error: the signal tells the truth
      if (isAbort(err) || mine.signal.aborted)
        return
      error.value = err instanceof ApiError ? err : new ApiError(0, 'network', String(err))
      status.value = 'error'
    }
  }

  /** Forgets the answer (the scope changed: old figures would be wrong, not just stale). */
  function reset(): void {
    abort?.abort()
    data.value = null
    error.value = null
    status.value = 'idle'
  }

  return { data, status, error, load, reset }
}

export type DashboardResource<T> = ReturnType<typeof useDashboardResource<T>>
