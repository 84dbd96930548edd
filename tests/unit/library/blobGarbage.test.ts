import { utimes } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { Library } from '../../../src/main/library/library.js'
import { hashesIn } from '../../../src/main/library/blobGarbage.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { useTempDir } from '../../helpers/tempDir.js'
import { jpegImage, pngImage } from '../../helpers/images.js'
import { imageBody, removeImages } from '../../helpers/imageDocuments.js'

const DAY_MS = 24 * 60 * 60 * 1000
// A minute from now: the blobs' files are written now, and a blob stored again is spared from its file's time.
const start = new Date(Date.now() + 60_000)
const daysLater = (days: number) => new Date(start.getTime() + days * DAY_MS)

describe('garbage collection of images', () => {
  const dir = useTempDir()

  it('removes an image 30 days after nothing references it, and not a day sooner', async () => {
    const library = await Library.open(dir.path)
    try {
      const kept = await library.blobs.put(pngImage(40, 30, 1))
      const loose = await library.blobs.put(pngImage(40, 30, 2))
      await library.create(newDocumentContent({ kind: 'case-study', title: 'Station' }, imageBody([kept])))
      expect(await library.collectBlobGarbage(start)).toEqual([])
      expect(await library.collectBlobGarbage(daysLater(29.9))).toEqual([])
      expect(await library.blobs.has(loose.hash)).toBe(true)
      expect(await library.collectBlobGarbage(daysLater(30))).toEqual([loose.hash])
      expect(await library.blobs.list()).toEqual([kept.hash])
    } finally {
      await library.close()
    }
  })

  it('spares an image stored again after 30 days unreferenced, as about to be referenced', async () => {
    const library = await Library.open(dir.path)
    try {
      const bytes = pngImage(40, 30, 4)
      const photo = await library.blobs.put(bytes)
      const longAgo = daysLater(-40)
      await utimes(library.blobs.path(photo.hash), longAgo, longAgo)
      expect(await library.collectBlobGarbage(longAgo)).toEqual([])
      await library.blobs.put(bytes)
      expect(await library.collectBlobGarbage(start)).toEqual([])
      expect(await library.blobs.has(photo.hash)).toBe(true)
      expect(await library.collectBlobGarbage(daysLater(30))).toEqual([photo.hash])
    } finally {
      await library.close()
    }
  })

  it('forgets when an image was unreferenced once a document references it again', async () => {
    const library = await Library.open(dir.path)
    try {
      const photo = await library.blobs.put(jpegImage(32, 32, 3))
      expect(await library.collectBlobGarbage(start)).toEqual([])
      // Referenced on day 20, unreferenced again on day 25: its 30 days start again then.
      const id = await library.create(newDocumentContent({ kind: 'case-study', title: 'Street' }, imageBody([photo])))
      expect(await library.collectBlobGarbage(daysLater(20))).toEqual([])
      const handle = await library.open(id)
      removeImages(handle.doc)
      await handle.close()
      await library.close()
      // Reopened, so that the log is compacted: the removed image is then gone from the document's files.
      const reopened = await Library.open(dir.path, { compaction: { minBytes: 0, snapshotRatio: 0, onCloseBytes: 0 } })
      try {
        const compact = await reopened.open(id)
        await compact.close()
        expect(await reopened.collectBlobGarbage(daysLater(25))).toEqual([])
        expect(await reopened.collectBlobGarbage(daysLater(54))).toEqual([])
        expect(await reopened.collectBlobGarbage(daysLater(55))).toEqual([photo.hash])
      } finally {
        await reopened.close()
      }
    } finally {
      await library.close().catch(() => {})
    }
  })

  it('keeps what a version still references, after the document no longer does', async () => {
    const library = await Library.open(dir.path, { compaction: { minBytes: 0, snapshotRatio: 0, onCloseBytes: 0 } })
    try {
      const photo = await library.blobs.put(jpegImage(48, 32, 4))
      const id = await library.create(newDocumentContent({ kind: 'case-study', title: 'Depot' }, imageBody([photo])))
      await library.saveVersion(id, { label: 'With the photo', author: 'Ines' })
      const handle = await library.open(id)
      removeImages(handle.doc)
      await handle.close()
      expect(await library.collectBlobGarbage(start)).toEqual([])
      expect(await library.collectBlobGarbage(daysLater(365))).toEqual([])
      expect(await library.blobs.has(photo.hash)).toBe(true)
    } finally {
      await library.close()
    }
  })

  it('keeps what a document in the trash references', async () => {
    const library = await Library.open(dir.path)
    try {
      const photo = await library.blobs.put(pngImage(20, 20, 5))
      const id = await library.create(newDocumentContent({ kind: 'case-study', title: 'Old line' }, imageBody([photo])))
      await library.trash(id)
      expect(await library.collectBlobGarbage(start)).toEqual([])
      expect(await library.collectBlobGarbage(daysLater(365))).toEqual([])
      expect(await library.blobs.has(photo.hash)).toBe(true)
    } finally {
      await library.close()
    }
  })
})

describe('hashesIn', () => {
  it('finds each run of 64 hexadecimal digits, and each window of a longer run', () => {
    const a = 'a1'.repeat(32)
    const bytes = new Uint8Array([0x77, 0x40, ...Buffer.from(a), 0x00, ...Buffer.from(`f${a}`), 0x12, ...Buffer.from('abc')])
    expect(hashesIn(bytes)).toEqual(new Set([a, `f${a}`.slice(0, 64)]))
    expect(hashesIn(new TextEncoder().encode('A1'.repeat(32)))).toEqual(new Set())
  })
})
