import { describe, expect, it } from 'vitest'
import { PgBlobs } from '../../../src/relay/postgres/PgBlobs.js'
import { usePostgres } from '../../helpers/postgresServer.js'

const A = 'a'.repeat(64)
const B = 'b'.repeat(64)
const C = 'c'.repeat(64)

describe('blobs in Postgres', () => {
  const postgres = usePostgres('blobs')

  /** The blobs through a pool of their own, as each relay process has. */
  async function blobs(): Promise<PgBlobs> {
    return PgBlobs.open(await postgres.pool())
  }

  it('store a blob once per network, within its quota checked in the same transaction, and give it to every process once stored', async () => {
    const store = await blobs()
    expect(await store.put('brt', A, new Uint8Array(60).fill(1), 100)).toBe('stored')
    // Held already: answered so even where storing it again would pass the quota.
    expect(await store.put('brt', A, new Uint8Array(60).fill(1), 100)).toBe('held')
    expect(await store.put('brt', B, new Uint8Array(41), 100)).toBe('quota')
    expect(await store.put('brt', C, new Uint8Array(40), 100)).toBe('stored')
    // Another network counts its own.
    expect(await store.put('metro', A, new Uint8Array(60).fill(1), 100)).toBe('stored')
    expect([await store.used('brt'), await store.used('metro'), await store.used('lima')]).toEqual([100, 60, 0])
    expect([await store.size('brt', B), await store.read('brt', B)]).toEqual([null, null])

    const other = await blobs()
    expect(await other.size('brt', A)).toBe(60)
    expect(await other.read('brt', A)).toEqual(Buffer.alloc(60, 1))
    // A view into a larger buffer is stored as its own bytes alone.
    const view = new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4)
    expect(await other.put('lima', C, view, 100)).toBe('stored')
    expect(await store.read('lima', C)).toEqual(Buffer.from([1, 2, 3]))
  })

  it("never pass a network's quota when two processes store at once", async () => {
    const [first, second] = [await blobs(), await blobs()]
    const hashes = Array.from({ length: 24 }, (_, index) => index.toString(16).padStart(64, '0'))
    const puts = hashes.map((hash, index) => (index % 2 === 0 ? first : second).put('brt', hash, new Uint8Array(100), 1000))
    // The same blob from both at once is stored once.
    const twice = [first.put('metro', A, new Uint8Array(10), 1000), second.put('metro', A, new Uint8Array(10), 1000)]
    const answers = await Promise.all(puts)
    expect(answers.filter((answer) => answer === 'stored')).toHaveLength(10)
    expect(answers.filter((answer) => answer === 'quota')).toHaveLength(14)
    expect(await second.used('brt')).toBe(1000)
    expect((await Promise.all(twice)).sort()).toEqual(['held', 'stored'])
  })
})
