import type { Community, PageOf, Street } from '@gridgov/domain'
import type { Ref } from 'vue'
import { ref, shallowRef, watch } from 'vue'
import { apiGet } from './useApi'

export interface Option { value: string, label: string }

// The API's page-size cap; a district has a few dozen streets and communities per street.
const ALL = { limit: 500 }

/** Street options, and the community options of `streetCode`, for the scope selects. */
export function useTerritoryOptions(streetCode: Ref<string | null>) {
  const streets = shallowRef<Option[]>([])
  const communities = shallowRef<Option[]>([])
  const loading = ref(false)
  const failed = ref(false)

  async function track<T>(run: () => Promise<T>): Promise<T | undefined> {
    loading.value = true
    failed.value = false
    try {
      return await run()
    }
    catch {
      failed.value = true
      return undefined
    }
    finally {
      loading.value = false
    }
  }

  void track(async () => {
    const page = await apiGet<PageOf<Street>>('/api/streets', ALL)
    streets.value = page.items.map(s => ({ value: s.code, label: s.name }))
  })

  watch(streetCode, (code) => {
    communities.value = []
    if (code) {
      void track(async () => {
        const page = await apiGet<PageOf<Community>>('/api/communities', { ...ALL, streetCode: code })
        if (code === streetCode.value)
          communities.value = page.items.map(c => ({ value: c.code, label: c.name }))
      })
    }
  }, { immediate: true })

  return { streets, communities, loading, failed }
}
