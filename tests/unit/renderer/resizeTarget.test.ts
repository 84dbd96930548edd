import { describe, expect, it } from 'vitest'
import { MAX_IMAGE_SIDE, resizeTarget } from '../../../src/renderer/editor/images/resizeTarget.js'

describe('the size an added image is stored at', () => {
  it('is at most 2,400 px on the long side, in proportion', () => {
    expect(MAX_IMAGE_SIDE).toBe(2400)
    expect(resizeTarget({ type: 'png', width: 4000, height: 3000 }, false)).toEqual({ width: 2400, height: 1800 })
    expect(resizeTarget({ type: 'jpeg', width: 3000, height: 4000 }, false)).toEqual({ width: 1800, height: 2400 })
    expect(resizeTarget({ type: 'webp', width: 4032, height: 3024 }, false)).toEqual({ width: 2400, height: 1800 })
    expect(resizeTarget({ type: 'jpeg', width: 2401, height: 1000 }, false)).toEqual({ width: 2400, height: 1000 })
  })

  it('is its own size for a smaller image, which is encoded again but never enlarged', () => {
    expect(resizeTarget({ type: 'png', width: 800, height: 600 }, false)).toEqual({ width: 800, height: 600 })
    expect(resizeTarget({ type: 'jpeg', width: 2400, height: 2400 }, false)).toEqual({ width: 2400, height: 2400 })
  })

  it('keeps at least a pixel on the short side of a long strip', () => {
    expect(resizeTarget({ type: 'png', width: 100_000, height: 3 }, false)).toEqual({ width: 2400, height: 1 })
  })

  it('is none (the file as it is) when the user keeps the original, however large', () => {
    expect(resizeTarget({ type: 'png', width: 4000, height: 3000 }, true)).toBeNull()
    expect(resizeTarget({ type: 'jpeg', width: 640, height: 480 }, true)).toBeNull()
    expect(resizeTarget({ type: 'gif', width: 5000, height: 100 }, true)).toBeNull()
  })

  it('is none for a GIF up to 2,400 px, whose animation re-encoding would lose, and resized past it', () => {
    expect(resizeTarget({ type: 'gif', width: 480, height: 270 }, false)).toBeNull()
    expect(resizeTarget({ type: 'gif', width: 2400, height: 100 }, false)).toBeNull()
    expect(resizeTarget({ type: 'gif', width: 4800, height: 100 }, false)).toEqual({ width: 2400, height: 50 })
  })
})
