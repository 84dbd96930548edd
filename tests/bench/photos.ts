import { jpegImage } from '../helpers/images.js'

/**
 * `count` different JPEG photos of about 3 MB each, 2,000 × 1,500 pixels: one encoded (noise
 * compresses as badly as a photo's detail does), each made different by a comment segment with its
 * number after the start-of-image marker, so each is its own blob.
 */
export function photos(count: number): Uint8Array[] {
  const base = jpegImage(2000, 1500, 7, 91)
  return Array.from({ length: count }, (_, index) => {
    const comment = new TextEncoder().encode(`Casebook bench photo ${index}`)
    const segment = new Uint8Array([0xff, 0xfe, 0, comment.length + 2, ...comment])
    const photo = new Uint8Array(base.length + segment.length)
    photo.set(base.subarray(0, 2))
    photo.set(segment, 2)
    photo.set(base.subarray(2), 2 + segment.length)
    return photo
  })
}
