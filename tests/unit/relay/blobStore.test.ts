import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { BlobStore, type BlobPut } from '../../../src/relay/blobStore.js'
import { RelayStore } from '../../../src/relay/store.js'
import { useTempDir } from '../../helpers/tempDir.js'

const A = 'a'.repeat(64)
const B = 'b'.repeat(64)
const C = 'c'.repeat(64)

describe('blobs in the relay store', () => {
  const temp = useTempDir()

  it('stores a blob once per network, within its quota checked in the same transaction, and keeps it after reopening', async () => {
    const store = new RelayStore(temp.path)
    expect(await store.blobs.put('brt', A, new Uint8Array(60).fill(1), 100)).toBe('stored')
    // Held already: answered so even where storing it again would pass the quota.
    expect(await store.blobs.put('brt', A, new Uint8Array(60).fill(1), 100)).toBe('held')
    expect(await store.blobs.put('brt', B, new Uint8Array(41), 100)).toBe('quota')
    expect(await store.blobs.put('brt', C, new Uint8Array(40), 100)).toBe('stored')
    // Another network counts its own.
    expect(await store.blobs.put('metro', A, new Uint8Array(60).fill(1), 100)).toBe('stored')
    expect(await Promise.all([store.blobs.used('brt'), store.blobs.used('metro'), store.blobs.used('lima')])).toEqual([100, 60, 0])
    expect(await Promise.all([store.blobs.size('brt', B), store.blobs.read('brt', B)])).toEqual([null, null])
    store.close()

    const reopened = new RelayStore(temp.path)
    try {
      expect(await reopened.blobs.size('brt', A)).toBe(60)
      expect(await reopened.blobs.read('brt', A)).toEqual(Buffer.alloc(60, 1))
    } finally {
      reopened.close()
    }
  })

  it('resolves a stored blob only once the sync after its transaction is done, and one held or refused without a sync', async () => {
    const db = new Database(join(temp.path, 'blobs.sqlite'))
    const syncs: (() => void)[] = []
    const blobs = new BlobStore(db, () => new Promise<void>((resolve) => syncs.push(resolve)))
    try {
      let answer: BlobPut | null = null
      const stored = blobs.put('brt', A, new Uint8Array(10), 100).then((put) => (answer = put))
      // Committed at once, so another put sees it; but not resolved before its sync is.
      expect(await blobs.put('brt', A, new Uint8Array(10), 100)).toBe('held')
      expect(await blobs.put('brt', B, new Uint8Array(91), 100)).toBe('quota')
      expect([answer, syncs.length]).toEqual([null, 1])
      syncs[0]!()
      expect(await stored).toBe('stored')
      expect(syncs).toHaveLength(1)
    } finally {
      db.close()
    }
  })
})
