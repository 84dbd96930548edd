import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { PgDocumentStore } from '../../../src/relay/postgres/PgDocumentStore.js'
import { openPostgres } from '../../../src/relay/postgres/openPostgres.js'
import { CasebookError } from '../../../src/shared/errors.js'
import { eventually } from '../../helpers/eventually.js'
import { type PostgresServer, startPostgres } from '../../helpers/postgresServer.js'
import { seededRandom } from '../../helpers/seededRandom.js'

const bytes = (...values: number[]) => new Uint8Array(values)

/** A doc's text, and the update of each of its insertions, in order. */
function typed(words: string[]): { text: string; updates: Uint8Array[] } {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  for (const word of words) doc.getText('t').insert(doc.getText('t').length, word)
  return { text: doc.getText('t').toString(), updates }
}

/** The text of what is stored for a room. */
async function storedText(store: PgDocumentStore, room: string): Promise<string> {
  const { snapshot, updates, heldBack } = await store.load(room)
  const doc = new Y.Doc()
  for (const update of [...(snapshot ? [snapshot] : []), ...updates, ...(heldBack ? [heldBack] : [])]) Y.applyUpdate(doc, update)
  return doc.getText('t').toString()
}

/** Whether a session waits for a lock the client's transaction holds. */
async function blocking(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ blocked: boolean }>(
    'select exists (select 1 from pg_stat_activity where pg_backend_pid() = any (pg_blocking_pids(pid))) as blocked',
  )
  return rows[0]!.blocked
}

describe('the Postgres document store', () => {
  let server: PostgresServer
  const pools: pg.Pool[] = []

  async function opened(): Promise<PgDocumentStore> {
    const pool = await openPostgres(server.url)
    pools.push(pool)
    return PgDocumentStore.open(pool)
  }

  beforeAll(async () => {
    server = await startPostgres()
  })

  afterAll(async () => {
    // The server first: a test that failed while a client waited would leave its pool's end waiting.
    await server?.stop()
    await Promise.all(pools.map((pool) => pool.end()))
  })

  it('gives back what it stored, in order, and numbers the changes of each network from 1', async () => {
    const store = await opened()
    const changes = await store.append(
      [
        { room: 'rt1/a', update: bytes(1) },
        { room: 'rt2/a', update: bytes(2) },
        { room: 'rt1/b', update: bytes(3) },
        { room: 'rt1/a', update: bytes(4) },
      ],
      [
        { room: 'rt1/a', update: bytes(9, 9) },
        { room: 'rt2/a', update: null },
      ],
    )
    expect(changes).toEqual(
      expect.arrayContaining([
        { room: 'rt1/a', seq: 1 },
        { room: 'rt1/b', seq: 2 },
        { room: 'rt2/a', seq: 1 },
      ]),
    )
    expect(changes).toHaveLength(3)
    expect(await store.load('rt1/a')).toEqual({ snapshot: null, updates: [Buffer.from([1]), Buffer.from([4])], heldBack: Buffer.from([9, 9]) })
    expect(await store.load('rt2/a')).toEqual({ snapshot: null, updates: [Buffer.from([2])], heldBack: null })

    // The held-back row replaced, then deleted; a room with only a held-back row is no document.
    expect(await store.append([{ room: 'rt1/b', update: bytes(5, 5, 5) }], [{ room: 'rt1/a', update: bytes(8) }])).toEqual([{ room: 'rt1/b', seq: 3 }])
    expect((await store.load('rt1/a')).heldBack).toEqual(Buffer.from([8]))
    expect(
      await store.append(
        [],
        [
          { room: 'rt1/a', update: null },
          { room: 'rt3/c', update: bytes(7) },
        ],
      ),
    ).toEqual([])
    expect((await store.load('rt1/a')).heldBack).toBeNull()
    expect(await store.load('rt3/c')).toEqual({ snapshot: null, updates: [], heldBack: Buffer.from([7]) })

    expect(await store.hasDocument('rt1/a')).toBe(true)
    expect(await store.hasDocument('rt3/c')).toBe(false)
    expect(await store.storedBytes('rt1/a')).toBe(2)
    expect(await store.storedBytes('rt1/b')).toBe(4)
    expect(await store.storedBytes('rt3/c')).toBe(0)
    expect(await store.latestChange('rt1')).toBe(3)
    expect(await store.latestChange('rt2')).toBe(1)
    expect(await store.latestChange('rt3')).toBe(0)
    expect(await store.changesAfter('rt1', 0)).toEqual([
      { room: 'rt1/a', seq: 1 },
      { room: 'rt1/b', seq: 3 },
    ])
    expect(await store.changesAfter('rt1', 1)).toEqual([{ room: 'rt1/b', seq: 3 }])
    await expect(store.check()).resolves.toBeUndefined()
  })

  it('numbers the changes of a network in commit order with no gaps, whichever of eight processes wrote them', async () => {
    const network = 'feed'
    const stores = await Promise.all(Array.from({ length: 8 }, () => opened()))
    const reader = await opened()
    const numbered = new Map<string, number>()
    let writing = true
    const written = Promise.all(
      stores.map(async (store, writer) => {
        for (let n = 0; n < 100; n += 1) {
          const room = `${network}/w${writer}-${n}`
          const [change] = await store.append([{ room, update: bytes(writer, n) }], [{ room, update: null }])
          numbered.set(room, change!.seq)
        }
      }),
    ).finally(() => (writing = false))
    let last = 0
    const polls: number[][] = []
    const poll = async () => {
      const seqs = (await reader.changesAfter(network, last)).map(({ seq }) => seq)
      polls.push(seqs)
      // Each poll must continue the feed exactly: a reader that moved past a gap would skip the number in it.
      expect(seqs).toEqual(seqs.map((_, index) => last + 1 + index))
      last = seqs.at(-1) ?? last
    }
    while (writing) await poll()
    await written
    await poll()
    expect(last).toBe(800)
    expect(polls.filter((seqs) => seqs.length > 0).length).toBeGreaterThan(1)
    const feed = await reader.changesAfter(network, 0)
    expect(feed.map(({ seq }) => seq)).toEqual(Array.from({ length: 800 }, (_, index) => index + 1))
    expect(new Map(feed.map(({ room, seq }) => [room, seq]))).toEqual(numbered)
    expect(await reader.latestChange(network)).toBe(800)
  }, 60_000)

  it('takes the numbers of several networks from eight processes writing the same rooms without deadlocks', async () => {
    const stores = await Promise.all(Array.from({ length: 8 }, () => opened()))
    const taken = new Map<string, number[]>()
    await Promise.all(
      stores.map(async (store, writer) => {
        const random = seededRandom(writer + 1)
        for (let n = 0; n < 60; n += 1) {
          // Rooms of random networks in random order, as a turn of the event loop brings them.
          const rooms = Array.from({ length: 6 }, () => `lock${Math.floor(random() * 4)}/r${Math.floor(random() * 5)}`)
          const heldBack = [...new Set(rooms)].map((room) => ({ room, update: random() < 0.5 ? null : bytes(n) }))
          for (const { room, seq } of await store.append(
            rooms.map((room) => ({ room, update: bytes(writer, n) })),
            heldBack,
          )) {
            const network = room.split('/')[0]!
            taken.set(network, [...(taken.get(network) ?? []), seq])
          }
        }
      }),
    )
    expect(taken.size).toBe(4)
    for (const [network, seqs] of taken) {
      expect(seqs.sort((a, b) => a - b)).toEqual(seqs.map((_, index) => index + 1))
      expect(await stores[0]!.latestChange(network)).toBe(seqs.length)
    }
  }, 60_000)

  it('compacts a room into a snapshot of the same content, keeping what was stored after', async () => {
    const store = await opened()
    const room = 'cmp/doc'
    const { text, updates } = typed(['Where ', 'the ', 'river ', 'bends, ', 'a ', 'bridge'])
    for (const update of updates.slice(0, 4)) await store.append([{ room, update }], [])
    const before = await store.storedBytes(room)

    expect(await store.compact(room)).toEqual({ updates: 4, readBytes: before, snapshotBytes: expect.any(Number) })
    const compacted = await store.load(room)
    expect(compacted.snapshot).not.toBeNull()
    expect(compacted.updates).toEqual([])
    expect(await storedText(store, room)).toBe('Where the river bends, ')
    expect(await store.hasDocument(room)).toBe(true)
    expect(await store.compact(room)).toBeNull()

    for (const update of updates.slice(4)) await store.append([{ room, update }], [])
    expect((await store.load(room)).updates).toEqual(updates.slice(4).map((update) => Buffer.from(update)))
    expect(await storedText(store, room)).toBe(text)
    expect((await store.compact(room))?.updates).toBe(2)
    expect(await storedText(store, room)).toBe(text)
  })

  it('keeps an update that took its id before those compacted but committed after they were read', async () => {
    const store = await opened()
    const room = 'late/doc'
    const { text, updates } = typed(['one ', 'two ', 'three'])
    await store.append([{ room, update: updates[0]! }], [])
    // An update whose id is taken, not yet committed (as an append waiting for its network's counter row does).
    const late = new pg.Client({ connectionString: server.url })
    // Holding the snapshots table keeps the compaction between its read and its writes.
    const holder = new pg.Client({ connectionString: server.url })
    await Promise.all([late.connect(), holder.connect()])
    try {
      await late.query('begin')
      await late.query('insert into updates (room, data) values ($1, $2)', [room, updates[2]])
      await store.append([{ room, update: updates[1]! }], [])
      await holder.query('begin')
      await holder.query('lock table snapshots in share mode')
      const compacting = store.compact(room)
      await eventually(() => blocking(holder), 'the compaction waits to write')
      await late.query('commit')
      await holder.query('commit')
      expect((await compacting)?.updates).toBe(2)
    } finally {
      await Promise.all([late.end(), holder.end()])
    }
    expect((await store.load(room)).updates).toEqual([Buffer.from(updates[2]!)])
    expect(await storedText(store, room)).toBe(text)
  })

  it('compacts a room in one process at a time', async () => {
    const [first, second] = [await opened(), await opened()]
    const room = 'two/doc'
    const { text, updates } = typed(['a', 'b', 'c', 'd'])
    await first.append([{ room, update: updates[0]! }], [])
    await first.compact(room)
    for (const update of updates.slice(1)) await first.append([{ room, update }], [])
    // Holding the snapshot's row keeps the first compaction from finishing.
    const holder = new pg.Client({ connectionString: server.url })
    await holder.connect()
    try {
      await holder.query('begin')
      await holder.query('select 1 from snapshots where room = $1 for update', [room])
      const compacting = first.compact(room)
      await eventually(() => blocking(holder), 'the first compaction waits for the row')
      expect(await second.compact(room)).toBeNull()
      await holder.query('commit')
      expect((await compacting)?.updates).toBe(3)
    } finally {
      await holder.end()
    }
    expect((await first.load(room)).updates).toEqual([])
    expect(await storedText(first, room)).toBe(text)
  })

  it('loses no update appended while a compaction runs', async () => {
    const [writer, compactor] = [await opened(), await opened()]
    const words = Array.from({ length: 60 }, (_, index) => `w${index} `)
    const { text, updates } = typed(words)
    const room = 'race/doc'
    for (let round = 0; round < 6; round += 1) {
      const batch = updates.slice(round * 10, round * 10 + 10)
      for (const update of batch.slice(0, 5)) await writer.append([{ room, update }], [])
      await Promise.all([
        compactor.compact(room),
        (async () => {
          for (const update of batch.slice(5)) await writer.append([{ room, update }], [])
        })(),
      ])
      expect(await storedText(writer, room)).toBe(words.slice(0, round * 10 + 10).join(''))
    }
    expect(await storedText(writer, room)).toBe(text)
  })

  it('merges what a compaction finds held back with the held-back row, out of the snapshot', async () => {
    const store = await opened()
    const room = 'held/doc'
    const mine = typed(['first ', 'second ', 'third'])
    const theirs = typed(['other ', 'writer'])
    // The held-back row: their second insertion, without the first it builds on.
    await store.append([], [{ room, update: theirs.updates[1]! }])
    // My second and third insertions, stored without the first (as an older relay would have).
    await store.append(
      [
        { room, update: mine.updates[1]! },
        { room, update: mine.updates[2]! },
      ],
      [],
    )
    expect((await store.compact(room))?.updates).toBe(2)
    const stored = await store.load(room)
    expect(stored.updates).toEqual([])
    const snapshotOnly = new Y.Doc()
    Y.applyUpdate(snapshotOnly, mine.updates[0]!)
    Y.applyUpdate(snapshotOnly, theirs.updates[0]!)
    Y.applyUpdate(snapshotOnly, stored.snapshot!)
    expect(snapshotOnly.getText('t').length).toBe('first other '.length)

    await store.append(
      [
        { room, update: mine.updates[0]! },
        { room, update: theirs.updates[0]! },
      ],
      [],
    )
    const everything = new Y.Doc()
    for (const update of [...mine.updates, ...theirs.updates]) Y.applyUpdate(everything, update)
    expect(everything.getText('t').length).toBe(mine.text.length + theirs.text.length)
    expect(await storedText(store, room)).toBe(everything.getText('t').toString())
  })

  it('makes its tables when eight processes open it at once', async () => {
    const fresh = await startPostgres()
    const freshPools = await Promise.all(Array.from({ length: 8 }, () => openPostgres(fresh.url)))
    try {
      const stores = await Promise.all(freshPools.map((pool) => PgDocumentStore.open(pool)))
      expect(await stores[7]!.append([{ room: 'new/doc', update: bytes(1) }], [])).toEqual([{ room: 'new/doc', seq: 1 }])
      expect((await stores[0]!.load('new/doc')).updates).toEqual([Buffer.from([1])])
    } finally {
      await Promise.all(freshPools.map((pool) => pool.end()))
      await fresh.stop()
    }
  })

  it('says which address it could not reach', async () => {
    const failure = await openPostgres('postgres://postgres@127.0.0.1:1/x').catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(CasebookError)
    expect((failure as CasebookError).code).toBe('STORAGE_FAILED')
    expect((failure as CasebookError).message).toContain('127.0.0.1:1')
  })
})
