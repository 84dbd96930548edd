import { imageSize } from 'image-size'
import { CasebookError } from '../errors.js'

/** The image formats a document may hold: each is shown by every browser and written by every export. */
export const IMAGE_TYPES = ['png', 'jpeg', 'webp', 'gif'] as const
export type ImageType = (typeof IMAGE_TYPES)[number]

export const IMAGE_MIME: Record<ImageType, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif' }

/** The largest image, in bytes, that the app and the relay keep (the relay's default; --max-blob-bytes changes its own). */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024
/** Decoding an image takes four bytes a pixel: 100 megapixels is 400 MB before anything is shown. */
export const MAX_IMAGE_PIXELS = 100_000_000

export interface CheckedImage {
  type: ImageType
  width: number
  height: number
}

/**
 * What an image is, read from its header and never from its name, before anything decodes it:
 * refuses SVG (it can carry script), anything but PNG, JPEG, WebP and GIF, more than `maxBytes`, and
 * more than MAX_IMAGE_PIXELS.
 */
export function checkImage(bytes: Uint8Array, maxBytes = MAX_IMAGE_BYTES): CheckedImage {
  if (bytes.length > maxBytes) {
    throw new CasebookError('INVALID_IMAGE', `This image is ${megabytes(bytes.length)}; at most ${megabytes(maxBytes)} is accepted.`, {
      reason: 'tooLarge',
      params: { size: megabytes(bytes.length), limit: megabytes(maxBytes) },
    })
  }
  let found: { type?: string; width?: number; height?: number }
  try {
    found = imageSize(bytes)
  } catch {
    found = {}
  }
  const type = found.type === 'jpg' ? 'jpeg' : found.type
  const { width, height } = found
  if (!IMAGE_TYPES.includes(type as ImageType) || !width || !height) {
    if (type === 'svg' || looksLikeSvg(bytes)) {
      throw new CasebookError('INVALID_IMAGE', 'SVG images are not accepted, because an SVG file can carry a script: save it as PNG or JPEG instead.', {
        reason: 'svg',
      })
    }
    throw new CasebookError('INVALID_IMAGE', 'This file is not a PNG, JPEG, WebP or GIF image.', { reason: 'notImage' })
  }
  if (width * height > MAX_IMAGE_PIXELS) {
    const megapixels = Math.round((width * height) / 1_000_000)
    const limit = MAX_IMAGE_PIXELS / 1_000_000
    throw new CasebookError('INVALID_IMAGE', `This image has ${megapixels} megapixels; at most ${limit} are accepted.`, {
      reason: 'tooManyPixels',
      params: { megapixels, limit },
    })
  }
  return { type: type as ImageType, width, height }
}

/** An SVG that image-size does not recognise (no width, a BOM, a comment first) is still an SVG. */
function looksLikeSvg(bytes: Uint8Array): boolean {
  return String.fromCharCode(...bytes.subarray(0, 1024))
    .toLowerCase()
    .includes('<svg')
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`
}
