import { CasebookError } from '../../../shared/errors.js'
import { IMAGE_MIME, type CheckedImage } from '../../../shared/model/checkImage.js'
import { resizeTarget } from './resizeTarget.js'

/** JPEG's quality for a stored photo: no visible loss on a page, about a tenth of the bytes of a PNG. */
const JPEG_QUALITY = 0.85

/**
 * The bytes an added image is stored as (resizeTarget): its own, or drawn again at most 2,400 px on
 * its long side, on white (JPEG has no transparency), and encoded as JPEG, which every export and
 * word processor takes. Decoded by the browser (createImageBitmap), in an OffscreenCanvas where there
 * is one: no native module.
 */
export async function shrinkImage(bytes: Uint8Array<ArrayBuffer>, checked: CheckedImage, keepOriginal: boolean): Promise<Uint8Array<ArrayBuffer>> {
  if (!resizeTarget(checked, keepOriginal)) return bytes
  const decoded = await createImageBitmap(new Blob([bytes], { type: IMAGE_MIME[checked.type] })).catch(() => {
    // Its header was an image's, and the rest is not (a file cut short, say).
    throw new CasebookError('INVALID_IMAGE', 'This file is not a PNG, JPEG, WebP or GIF image.', { reason: 'notImage' })
  })
  // A photo's orientation (EXIF) may turn it: the size is the decoded one, as it is shown.
  const target = resizeTarget({ ...checked, width: decoded.width, height: decoded.height }, keepOriginal)!
  const bitmap = await createImageBitmap(decoded, { resizeWidth: target.width, resizeHeight: target.height, resizeQuality: 'high' })
  decoded.close()
  try {
    const encoded = await drawAsJpeg(bitmap)
    return new Uint8Array(await encoded.arrayBuffer())
  } finally {
    bitmap.close()
  }
}

async function drawAsJpeg(bitmap: ImageBitmap): Promise<Blob> {
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
    paint(canvas.getContext('2d')!, bitmap)
    return canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY })
  }
  const canvas = document.createElement('canvas')
  canvas.width = bitmap.width
  canvas.height = bitmap.height
  paint(canvas.getContext('2d')!, bitmap)
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The image could not be encoded.'))), 'image/jpeg', JPEG_QUALITY),
  )
}

function paint(context: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D, bitmap: ImageBitmap): void {
  context.fillStyle = '#fff'
  context.fillRect(0, 0, bitmap.width, bitmap.height)
  context.drawImage(bitmap, 0, 0)
}
