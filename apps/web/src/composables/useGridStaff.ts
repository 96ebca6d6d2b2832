import type { StaffMember } from '@gridgov/domain'
import type { Ref } from 'vue'
import type { LoadStatus } from '../stores/territory'
import { ref, shallowRef, watch } from 'vue'
import { apiGet, isAbort } from './useApi'

/** A grid's leader and members (`GET /api/grids/:code/staff`, leader first): who a case can go to. */
export function useGridStaff(gridCode: Ref<string | null>) {
  const staff = shallowRef<StaffMember[]>([])
  const status = ref<LoadStatus>('idle')
  const error = shallowRef<unknown>(null)
  let abort: AbortController | undefined

  async function load(): Promise<void> {
    abort?.abort()
    staff.value = []
    const code = gridCode.value
    if (!code) {
      status.value = 'idle'
      return
    }
    const current = abort = new AbortController()
    status.value = 'loading'
    try {
      staff.value = (await apiGet<{ items: StaffMember[] }>(`/api/grids/${code}/staff`, undefined, current.signal)).items
      status.value = 'ready'
    }
    catch (err) {
      if (isAbort(err))
        return
      error.value = err
      status.value = 'error'
    }
  }

  watch(gridCode, () => void load(), { immediate: true })
  return { staff, status, error, load }
}
