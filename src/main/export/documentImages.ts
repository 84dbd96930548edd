import type { JSONContent } from '@tiptap/core'
import { imageBlobs, type ImageSources } from '../../shared/export/exportImages.js'
import { checkImage, IMAGE_MIME } from '../../shared/model/checkImage.js'

/** The images an export's documents name, as this device has them. */
export interface DocumentImages {
  /** Each image's bytes, by its blob's hash. */
  bytes: ReadonlyMap<string, Uint8Array>
  /** How many of the images named this device does not have (yet): each is exported as its alt text, and the export says so. */
  missing: number
}

/** What an export reads images from: the library's blob store. */
export interface ImageReader {
  get(hash: string): Promise<Uint8Array | null>
}

/** The images the bodies name, read from `blobs`, each once. */
export async function documentImages(blobs: ImageReader, bodies: readonly JSONContent[]): Promise<DocumentImages> {
  const bytes = new Map<string, Uint8Array>()
  let missing = 0
  for (const blob of new Set(bodies.flatMap(imageBlobs))) {
    const found = await blobs.get(blob)
    if (found) bytes.set(blob, found)
    else missing += 1
  }
  return { bytes, missing }
}

/** The images as data: URIs, which keep an HTML export (and the page a PDF is printed from) one file. */
export function dataUris(images: ReadonlyMap<string, Uint8Array>): ImageSources {
  return (blob) => {
    const bytes = images.get(blob)
    return bytes && `data:${IMAGE_MIME[checkImage(bytes).type]};base64,${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}`
  }
}
