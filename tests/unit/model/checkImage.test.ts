import { describe, expect, it } from 'vitest'
import { encode as encodePng } from 'fast-png'
import { checkImage } from '../../../src/shared/model/checkImage.js'
import { jpegImage, pngImage, SCRIPTED_SVG } from '../../helpers/images.js'

/** The error `run` throws: a CasebookError with these fields. */
function expectRefusal(run: () => unknown, fields: Record<string, unknown>): void {
  expect(run).toThrow(expect.objectContaining({ name: 'CasebookError', ...fields }))
}

describe('checkImage', () => {
  it('reads the type and size from the content, whatever the file is called', () => {
    expect(checkImage(pngImage(30, 20))).toEqual({ type: 'png', width: 30, height: 20 })
    expect(checkImage(jpegImage(64, 48))).toEqual({ type: 'jpeg', width: 64, height: 48 })
  })

  it('refuses SVG and says why, with or without a header image-size knows', () => {
    for (const svg of [SCRIPTED_SVG, new TextEncoder().encode('<!-- made by hand --><svg><script>alert(1)</script></svg>')]) {
      expectRefusal(() => checkImage(svg), { code: 'INVALID_IMAGE', reason: 'svg', message: expect.stringMatching(/can carry a script/) })
    }
  })

  it('refuses what is no image it accepts: text, a BMP, nothing', () => {
    const bmp = new Uint8Array(64)
    bmp.set([0x42, 0x4d])
    new DataView(bmp.buffer).setUint32(14, 40, true)
    new DataView(bmp.buffer).setInt32(18, 4, true)
    new DataView(bmp.buffer).setInt32(22, 4, true)
    for (const bytes of [new TextEncoder().encode('not an image at all'), bmp, new Uint8Array(0)]) {
      expectRefusal(() => checkImage(bytes), { code: 'INVALID_IMAGE', reason: 'notImage', message: 'This file is not a PNG, JPEG, WebP or GIF image.' })
    }
  })

  it('refuses more than 100 megapixels from the header alone, before anything decodes it', () => {
    // A real PNG header claiming 20,000 × 10,000 pixels, with one row of data: only the header is read.
    const header = encodePng({ width: 1, height: 1, data: new Uint8Array(4), channels: 4 })
    const view = new DataView(header.buffer, header.byteOffset)
    view.setUint32(16, 20_000)
    view.setUint32(20, 10_000)
    expectRefusal(() => checkImage(header), { code: 'INVALID_IMAGE', reason: 'tooManyPixels', params: { megapixels: 200, limit: 100 } })
    expect(checkImage(pngImage(100, 100)).width).toBe(100)
  })

  it('refuses more bytes than the limit', () => {
    expectRefusal(() => checkImage(pngImage(40, 40), 100), { code: 'INVALID_IMAGE', reason: 'tooLarge' })
  })
})
