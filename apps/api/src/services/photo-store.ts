/**
 * Photo files under DATA_DIR/uploads, written like the database row that points at them (DESIGN.md
 * §8, "nothing acknowledged is lost — files included"): each file is written and fsynced, then its
 * folder is fsynced so the new directory entry survives a power cut, all before the 201.
 *
 * Stored images are re-encoded from decoded pixels with the EXIF orientation applied, so no
 * metadata (GPS position, camera, owner names, embedded thumbnails) survives into storage.
 */
import { mkdir, open, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import sharp from 'sharp'

export const PHOTO_TYPES = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const
export type PhotoKind = keyof typeof PHOTO_TYPES

/** The image type from its first bytes (magic numbers), or undefined. */
export function sniffImage(b: Buffer): PhotoKind | undefined {
  if (b.length >= 3 && b[0] === 0xFF && b[1] === 0xD8 && b[2] === 0xFF)
    return 'jpeg'
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])))
    return 'png'
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP')
    return 'webp'
  return undefined
}

export interface CleanPhoto { bytes: Buffer, thumb: Buffer, width: number, height: number }

/** Decodes the image, applies its orientation and re-encodes it without metadata, with a 320 px WebP thumbnail. */
export async function cleanPhoto(input: Buffer, kind: PhotoKind): Promise<CleanPhoto> {
  // limitInputPixels guards against decompression bombs (a tiny file that decodes to gigapixels)
  const upright = sharp(input, { limitInputPixels: 100_000_000 }).rotate()
  const encoded = kind === 'jpeg'
    ? upright.jpeg({ quality: 90, mozjpeg: false })
    : kind === 'png' ? upright.png() : upright.webp({ quality: 90 })
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true })
  const thumb = await sharp(data).resize(320, 320, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 75 }).toBuffer()
  return { bytes: data, thumb, width: info.width, height: info.height }
}

async function writeDurable(path: string, bytes: Buffer) {
  const file = await open(path, 'wx')
  try {
    await file.writeFile(bytes)
    await file.sync()
  }
  finally {
    await file.close()
  }
}

async function syncFolder(path: string) {
  const folder = await open(path, 'r')
  try {
    await folder.sync()
  }
  finally {
    await folder.close()
  }
}

export function createPhotoStore(root: string) {
  const pathOf = (id: string, thumb: boolean) => join(root, id.slice(0, 2), thumb ? `${id}.thumb.webp` : id)
  return {
    pathOf,

    /** Writes a photo and its thumbnail durably (files, then their folder, then a new folder's parent). */
    async write(id: string, photo: CleanPhoto) {
      const folder = dirname(pathOf(id, false))
      const created = await mkdir(folder, { recursive: true })
      try {
        await writeDurable(pathOf(id, false), photo.bytes)
        await writeDurable(pathOf(id, true), photo.thumb)
        await syncFolder(folder)
        if (created !== undefined)
          await syncFolder(dirname(folder))
      }
      catch (err) {
        await this.remove(id)
        throw err
      }
    },

    /** Removes a photo's files (one whose database row was never written). */
    async remove(id: string) {
      await Promise.all([rm(pathOf(id, false), { force: true }), rm(pathOf(id, true), { force: true })])
    },
  }
}
