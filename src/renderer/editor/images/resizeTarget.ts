import type { CheckedImage } from '../../../shared/model/checkImage.js'

/** The longest side, in pixels, of an image as the editor stores it: sharp on a page and a screen, a few hundred KB as JPEG. */
export const MAX_IMAGE_SIDE = 2400

/**
 * The size an added image is stored at, or null to store its file as it is: an image is re-encoded
 * as JPEG, at most MAX_IMAGE_SIDE on its long side and never enlarged, unless the user asked to keep
 * the original or it is a GIF no larger than that (re-encoding a GIF would lose its animation).
 */
export function resizeTarget({ type, width, height }: CheckedImage, keepOriginal: boolean): { width: number; height: number } | null {
  const longSide = Math.max(width, height)
  if (keepOriginal || (type === 'gif' && longSide <= MAX_IMAGE_SIDE)) return null
  const scale = Math.min(1, MAX_IMAGE_SIDE / longSide)
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) }
}
