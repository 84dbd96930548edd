import { resolveObjectURL } from 'node:buffer'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createImageStore, imageStore, KEEP_URL_MS } from '../../../src/renderer/editor/images/imageStore.js'
import { fakeApi } from './hooks/fakeApi.js'

const PHOTO = 'a'.repeat(64)
const MAP = 'b'.repeat(64)
const BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])

/** Lets the store's answered requests run. */
const settle = () => new Promise((resolve) => setImmediate(resolve))

/** The bytes and type an object URL holds, or null once revoked. */
async function held(url: string): Promise<{ bytes: number[]; type: string } | null> {
  const blob = resolveObjectURL(url)
  return blob ? { bytes: [...new Uint8Array(await blob.arrayBuffer())], type: blob.type } : null
}

afterEach(() => {
  vi.useRealTimers()
})

describe("the window's images", () => {
  it('are read once a hash, and shown as one object URL holding their bytes, however many views show them', async () => {
    const { api, asked } = fakeApi()
    const images = imageStore(api)
    const [first, second] = [vi.fn(), vi.fn()]
    images.show(PHOTO, 'png', first)
    images.show(PHOTO, 'png', second)
    expect(asked.map(({ channel, input }) => [channel, input])).toEqual([['blobs.get', { hash: PHOTO }]])
    asked[0]!.answer({ bytes: BYTES })
    await settle()
    const url = first.mock.calls[0]![0] as string
    expect(url).toMatch(/^blob:/)
    expect(second).toHaveBeenCalledWith(url)
    expect(await held(url)).toEqual({ bytes: [...BYTES], type: 'image/png' })
    // A view made later has it at once.
    const third = vi.fn()
    images.show(PHOTO, 'png', third)
    expect(third).toHaveBeenCalledWith(url)
    expect(asked).toHaveLength(1)
  })

  it('are one store a window: a version view shows the URL the editor read', async () => {
    const { api, asked } = fakeApi()
    imageStore(api).show(PHOTO, 'jpeg', () => {})
    asked[0]!.answer({ bytes: BYTES })
    await settle()
    const shown = vi.fn()
    imageStore(api).show(PHOTO, 'jpeg', shown)
    expect(shown).toHaveBeenCalledWith(expect.stringMatching(/^blob:/))
    expect(asked).toHaveLength(1)
  })

  it('not on this device are shown once blobs-arrived names them, and only then asked again', async () => {
    const { api, asked, tell } = fakeApi()
    const shown = vi.fn()
    imageStore(api).show(PHOTO, 'jpeg', shown)
    asked[0]!.answer(null)
    await settle()
    expect(shown).not.toHaveBeenCalled()
    tell({ type: 'blobs-arrived', hashes: [MAP] })
    expect(asked).toHaveLength(1)
    tell({ type: 'blobs-arrived', hashes: [MAP, PHOTO] })
    expect(asked.map(({ input }) => input)).toEqual([{ hash: PHOTO }, { hash: PHOTO }])
    asked[1]!.answer({ bytes: BYTES })
    await settle()
    expect(await held(shown.mock.calls[0]![0] as string)).toEqual({ bytes: [...BYTES], type: 'image/jpeg' })
  })

  it('arriving while being read are read again if that read found nothing', async () => {
    const { api, asked, tell } = fakeApi()
    const shown = vi.fn()
    imageStore(api).show(PHOTO, 'webp', shown)
    tell({ type: 'blobs-arrived', hashes: [PHOTO] })
    asked[0]!.answer(null)
    await settle()
    expect(asked).toHaveLength(2)
    asked[1]!.answer({ bytes: BYTES })
    await settle()
    expect(shown).toHaveBeenCalledOnce()
  })

  it('that could not be read stay placeholders, and are asked again when shown again', async () => {
    const { api, asked } = fakeApi()
    const shown = vi.fn()
    imageStore(api).show(PHOTO, 'png', shown)
    asked[0]!.fail(new Error('The connection to Casebook was lost; reload the page.'))
    await settle()
    expect(shown).not.toHaveBeenCalled()
    imageStore(api).show(PHOTO, 'png', shown)
    expect(asked).toHaveLength(2)
  })

  it('keep their URL a minute after the last view goes, for a view drawn again; then it is revoked', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const { api, asked } = fakeApi()
    const images = imageStore(api)
    const shown = vi.fn()
    const stopFirst = images.show(PHOTO, 'png', shown)
    const stopSecond = images.show(PHOTO, 'png', () => {})
    asked[0]!.answer({ bytes: BYTES })
    await settle()
    const url = shown.mock.calls[0]![0] as string
    stopFirst()
    vi.advanceTimersByTime(KEEP_URL_MS * 2)
    expect(await held(url)).not.toBeNull()
    stopSecond()
    vi.advanceTimersByTime(KEEP_URL_MS - 1)
    // Drawn again in time: the same URL, not read again.
    const redrawn = vi.fn()
    const stopRedrawn = images.show(PHOTO, 'png', redrawn)
    expect(redrawn).toHaveBeenCalledWith(url)
    stopRedrawn()
    vi.advanceTimersByTime(KEEP_URL_MS - 1)
    expect(await held(url)).not.toBeNull()
    vi.advanceTimersByTime(1)
    expect(await held(url)).toBeNull()
    // Shown after that, it is read again.
    images.show(PHOTO, 'png', () => {})
    expect(asked).toHaveLength(2)
  })

  it('are stored through blobs.put', async () => {
    const { api, asked } = fakeApi()
    const stored = imageStore(api).put(new Uint8Array(BYTES))
    expect(asked.map(({ channel, input }) => [channel, input])).toEqual([['blobs.put', { bytes: new Uint8Array(BYTES) }]])
    asked[0]!.answer({ hash: PHOTO, type: 'png', width: 1, height: 1 })
    await expect(stored).resolves.toEqual({ hash: PHOTO, type: 'png', width: 1, height: 1 })
  })

  it('from a source nothing tells of arrivals (a guest page) are read again every retryMs while shown and missing, and not after a failed read', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const reads: { hash: string; answer: (bytes: Uint8Array<ArrayBuffer> | null) => void; fail: (error: Error) => void }[] = []
    const images = createImageStore({
      retryMs: 3000,
      read: (hash) => new Promise((answer, fail) => reads.push({ hash, answer, fail })),
      put: () => Promise.reject(new Error('not here')),
    })
    const shown = vi.fn()
    const stop = images.show(PHOTO, 'png', shown)
    reads[0]!.answer(null)
    await settle()
    vi.advanceTimersByTime(2999)
    expect(reads).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(reads.map(({ hash }) => hash)).toEqual([PHOTO, PHOTO])
    // Shown again meanwhile: read once, not once more for the view.
    images.show(PHOTO, 'png', () => {})()
    expect(reads).toHaveLength(2)
    reads[1]!.answer(new Uint8Array(BYTES))
    await settle()
    expect(await held(shown.mock.calls[0]![0] as string)).toEqual({ bytes: [...BYTES], type: 'image/png' })
    stop()

    // No view left when the retry comes: not read again until shown.
    const stopMap = images.show(MAP, 'png', () => {})
    reads[2]!.answer(null)
    await settle()
    stopMap()
    vi.advanceTimersByTime(3000)
    expect(reads).toHaveLength(3)
    images.show(MAP, 'png', () => {})
    expect(reads).toHaveLength(4)
    reads[3]!.fail(new Error('The workshop ended.'))
    await settle()
    vi.advanceTimersByTime(30_000)
    expect(reads).toHaveLength(4)
  })
})
