import { ref } from 'vue'
import { apiUpload } from './useApi'

/** `POST /api/uploads` answer: pass `id` in an action's `attachments`. */
export interface UploadedPhoto { id: string, url: string, thumbnailUrl: string }

/** Matches the server's limit (JPEG/PNG/WebP, ≤ 10 MB): refuse early instead of uploading for nothing. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp']

/** Photo upload for an action or a patrol report; `uploading` counts files in flight. */
export function useUpload() {
  const uploading = ref(0)

  async function upload(file: File): Promise<UploadedPhoto> {
    uploading.value++
    try {
      const form = new FormData()
      form.append('file', file, file.name)
      return await apiUpload<UploadedPhoto>('/api/uploads', form)
    }
    finally {
      uploading.value--
    }
  }

  return { uploading, upload }
}

// Events carry only photo ids; these are the API's routes for them (apps/api/src/routes/uploads.ts).
/** Full-size photo of an attachment id. */
export const photoUrl = (id: string) => `/api/uploads/${encodeURIComponent(id)}`
/** Thumbnail of an attachment id. */
export const photoThumbUrl = (id: string) => `/api/uploads/${encodeURIComponent(id)}/thumb`
