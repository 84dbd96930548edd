import { readFile } from 'node:fs/promises'
import decode, { init } from '@jsquash/webp/decode.js'
import { encode } from 'fast-png'

/**
 * The WebP decoder's WebAssembly: in the bundles, the copy the build puts beside them (scripts/build.mjs);
 * run from the sources, as the tests do, the package's own.
 */
const WASM = import.meta.url.endsWith('.ts')
  ? new URL('../../../node_modules/@jsquash/webp/codec/dec/webp_dec.wasm', import.meta.url)
  : new URL('./webp_dec.wasm', import.meta.url)

let ready: Promise<void> | undefined

/** A WebP image as a PNG, pixel for pixel: for Word, which does not read WebP. */
export async function webpToPng(webp: Uint8Array): Promise<Uint8Array> {
  // Given its bytes, the decoder does not look for its file itself (Emscripten's wasmBinary, which its types leave out).
  ready ??= readFile(WASM).then((wasm) => init({ wasmBinary: wasm } as never))
  await ready
  const copy = webp.slice()
  const { width, height, data } = await decode(copy.buffer)
  return encode({ width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), channels: 4 })
}
