import { describe, expect, it } from 'vitest'
import { RelayStore } from '../../../src/relay/store.js'
import { useTempDir } from '../../helpers/tempDir.js'

const A = 'a'.repeat(64)
const B = 'b'.repeat(64)
const C = 'c'.repeat(64)

describe('blobs in the relay store', () => {
  const temp = useTempDir()

  it('stores a blob once per network, within its quota checked in the same transaction, and keeps it after reopening', async () => {
    const store = new RelayStore(temp.path)
    expect(store.blobs.put('brt', A, new Uint8Array(60).fill(1), 100)).toBe('stored')
    // Held already: answered so even where storing it again would pass the quota.
    expect(store.blobs.put('brt', A, new Uint8Array(60).fill(1), 100)).toBe('held')
    expect(store.blobs.put('brt', B, new Uint8Array(41), 100)).toBe('quota')
    expect(store.blobs.put('brt', C, new Uint8Array(40), 100)).toBe('stored')
    // Another network counts its own.
    expect(store.blobs.put('metro', A, new Uint8Array(60).fill(1), 100)).toBe('stored')
    expect([store.blobs.used('brt'), store.blobs.used('metro'), store.blobs.used('lima')]).toEqual([100, 60, 0])
    expect([store.blobs.size('brt', B), store.blobs.read('brt', B)]).toEqual([null, null])
    await store.sync()
    store.close()

    const reopened = new RelayStore(temp.path)
    try {
      expect(reopened.blobs.size('brt', A)).toBe(60)
      expect(reopened.blobs.read('brt', A)).toEqual(Buffer.alloc(60, 1))
    } finally {
      reopened.close()
    }
  })
})
