import { checkImage } from '../../shared/model/checkImage.js'
import { webpToPng } from './webpToPng.js'

/** An image as a Word file holds it: of a type Word reads. */
export interface WordImage {
  type: 'png' | 'jpg' | 'gif'
  data: Uint8Array
}

const WORD_TYPES = { png: 'png', jpeg: 'jpg', gif: 'gif' } as const

/** The images as a Word file holds them: WebP, which Word does not read, as PNG; the others as they are. */
export async function wordImages(images: ReadonlyMap<string, Uint8Array>): Promise<Map<string, WordImage>> {
  const word = new Map<string, WordImage>()
  for (const [blob, bytes] of images) {
    const { type } = checkImage(bytes)
    word.set(blob, type === 'webp' ? { type: 'png', data: await webpToPng(bytes) } : { type: WORD_TYPES[type], data: bytes })
  }
  return word
}
