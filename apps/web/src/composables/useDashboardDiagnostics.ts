import { onBeforeUnmount } from 'vue'

/**
 * Test/diagnostics handle on `window.__gridgovDashboard`, used by the browser test to click a unit in
 * the ranking chart (a canvas). Not an API for app code.
 */
export interface DashboardDiagnostics {
  /** Page pixel [x, y] of a unit's bar in the ranking chart, or null when it is not listed. */
  rankingPoint: (code: string) => [number, number] | null
}

declare global {
  interface Window { __gridgovDashboard?: DashboardDiagnostics }
}

/** Publishes the handle while the calling component is mounted. */
export function useDashboardDiagnostics(handle: DashboardDiagnostics): void {
  window.__gridgovDashboard = handle
  onBeforeUnmount(() => {
    if (window.__gridgovDashboard === handle)
      delete window.__gridgovDashboard
  })
}
