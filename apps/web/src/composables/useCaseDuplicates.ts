import type { CaseSummary } from '@gridgov/domain'
import { shallowRef } from 'vue'
import { apiGet } from './useApi'

export interface DuplicateQuery { categoryCode: string, lon?: number, lat?: number, buildingCode?: string }

/**
 * 疑似重复: requests of the same category nearby or in the same building, and — apart, since they
 * are not duplicates — the other open requests in that building. A hint for the desk: a failed
 * lookup leaves both empty (the server places and files the case either way).
 */
export function useCaseDuplicates() {
  const items = shallowRef<CaseSummary[]>([])
  const sameBuilding = shallowRef<CaseSummary[]>([])

  async function load(q: DuplicateQuery, excludeId?: number): Promise<void> {
    items.value = []
    sameBuilding.value = []
    try {
      const res = await apiGet<{ items: CaseSummary[], sameBuilding: CaseSummary[] }>('/api/cases/duplicates', { ...q })
      items.value = res.items.filter(d => d.id !== excludeId)
      sameBuilding.value = res.sameBuilding.filter(d => d.id !== excludeId)
    }
    catch {}
  }

  function clear(): void {
    items.value = []
    sameBuilding.value = []
  }

  return { items, sameBuilding, load, clear }
}
