import { ref } from 'vue'
import { ApiError } from './useApi'

/**
 * Downloads a generated file (the 双报告 spreadsheet) with progress: `progress` is 0–100 while the
 * bytes arrive (indeterminate 0 until the size is known), null when idle. Saves it under `name`.
 */
export function useDownload() {
  const progress = ref<number | null>(null)

  async function download(url: string, name: string): Promise<void> {
    progress.value = 0
    try {
      const res = await fetch(url, { credentials: 'same-origin' })
      if (!res.ok || !res.body) {
        const body = await res.json().catch(() => null) as { error?: string, message?: string } | null
        throw new ApiError(res.status, body?.error ?? 'http', body?.message ?? res.statusText)
      }
      const total = Number(res.headers.get('content-length')) || 0
      const reader = res.body.getReader()
      const chunks: Uint8Array[] = []
      let received = 0
      for (;;) {
        const { done, value } = await reader.read()
        if (done)
          break
        chunks.push(value)
        received += value.length
        progress.value = total ? Math.min(99, Math.round(received / total * 100)) : Math.min(95, progress.value + 5)
      }
      progress.value = 100
      const href = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? 'application/octet-stream' }))
      const a = document.createElement('a')
      a.href = href
      a.download = name
      a.click()
      setTimeout(() => URL.revokeObjectURL(href), 10_000)
    }
    finally {
      setTimeout(() => (progress.value = null), 600)
    }
  }

  return { progress, download }
}
