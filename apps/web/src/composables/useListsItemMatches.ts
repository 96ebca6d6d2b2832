import type { Ref, ShallowRef } from 'vue'
import { ref, shallowRef, watch } from 'vue'
import { apiGet } from './useApi'
import { useErrorText } from './useErrorText'

/**
 * One list item (a need or a resource) and its ranked matches, loaded together and again whenever
 * the id changes: `/api/<kind>/:id` and `/api/<kind>/:id/matches`.
 */
export function useListsItemMatches<T, M>(kind: 'needs' | 'resources', id: () => number, limit: number): {
  item: ShallowRef<T | null>
  matches: ShallowRef<M[] | null>
  error: Ref<string>
} {
  const errorText = useErrorText()
  const item = shallowRef<T | null>(null)
  const matches = shallowRef<M[] | null>(null)
  const error = ref('')
  async function load(): Promise<void> {
    item.value = null
    matches.value = null
    error.value = ''
    try {
      const [i, m] = await Promise.all([apiGet<T>(`/api/${kind}/${id()}`), apiGet<{ items: M[] }>(`/api/${kind}/${id()}/matches`, { limit })])
      item.value = i
      matches.value = m.items
    }
    catch (err) {
      error.value = errorText(err)
    }
  }
  watch(id, load, { immediate: true })
  return { item, matches, error }
}
