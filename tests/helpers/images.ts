import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import encodeWebp, { init as initWebpEncoder } from '@jsquash/webp/encode.js'
import { encode as encodePng } from 'fast-png'
import jpeg from 'jpeg-js'
import { seededRandom } from './seededRandom.js'

/**
 * Real images for tests, made here rather than checked in: a PNG or JPEG of the given size, its
 * pixels a gradient with noise from `seed`, so that two seeds give two different images (and blobs).
 */
export function pngImage(width: number, height: number, seed = 1): Uint8Array {
  return encodePng({ width, height, data: pixels(width, height, seed), channels: 4 })
}

export function jpegImage(width: number, height: number, seed = 1, quality = 90): Uint8Array {
  return new Uint8Array(jpeg.encode({ width, height, data: pixels(width, height, seed) }, quality).data)
}

/** A lossless WebP of the given size, made by the same codec (@jsquash/webp) that the Word export decodes WebP with. */
export async function webpImage(width: number, height: number, seed = 1): Promise<Uint8Array> {
  await initWebpEncoder({ wasmBinary: await readFile(createRequire(import.meta.url).resolve('@jsquash/webp/codec/enc/webp_enc.wasm')) } as never)
  const data = new Uint8ClampedArray(pixels(width, height, seed))
  return new Uint8Array(await encodeWebp({ width, height, data, colorSpace: 'srgb' } as never, { lossless: 1 }))
}

/** An SVG that carries a script: what the app and the relay must refuse. */
export const SCRIPTED_SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>')

function pixels(width: number, height: number, seed: number): Uint8Array {
  const random = seededRandom(seed)
  const data = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 4
      data[at] = (x * 255) / width
      data[at + 1] = (y * 255) / height
      data[at + 2] = random() * 255
      data[at + 3] = 255
    }
  }
  return data
}
