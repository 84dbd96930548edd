import { setImmediate as nextTurn } from 'node:timers/promises'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Connection } from '../../../src/relay/connection.js'
import { GroupCommit } from '../../../src/relay/groupCommit.js'
import { RelayMetrics } from '../../../src/relay/metrics.js'
import { Room } from '../../../src/relay/room.js'
import type { RoomChange } from '../../../src/relay/documentStore.js'
import { SqliteDocuments } from '../../../src/relay/sqliteDocuments.js'
import { RelayStore } from '../../../src/relay/store.js'
import { useTempDir } from '../../helpers/tempDir.js'

/** A real store whose syncs wait until the test lets each one finish, or fail. */
function heldStore(dir: string) {
  const store = new RelayStore(dir)
  const held: { finish: () => void; fail: (error: Error) => void }[] = []
  store.sync = () => new Promise((resolve, reject) => held.push({ finish: resolve, fail: reject }))
  return { store, held }
}

function update(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return Y.encodeStateAsUpdate(doc)
}

function textOf(stored: Uint8Array): string {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, stored)
  return doc.getText('t').toString()
}

describe('the group commit', () => {
  const temp = useTempDir()
  const stores: RelayStore[] = []
  const rooms: Room[] = []
  afterEach(() => {
    for (const store of stores.splice(0)) store.close()
    // A room's presence keeps a timer until it is destroyed.
    for (const room of rooms.splice(0)) room.destroy()
  })

  function setUp() {
    const { store, held } = heldStore(temp.path)
    stores.push(store)
    const documents = new SqliteDocuments(store, temp.path, pino({ level: 'silent' }))
    const metrics = new RelayMetrics()
    const failed: Room[] = []
    const durable: RoomChange[] = []
    const commit = new GroupCommit(
      documents,
      metrics,
      pino({ level: 'silent' }),
      500,
      () => {},
      (rooms) => failed.push(...rooms),
      (changes) => durable.push(...changes),
      () => 0,
    )
    const room = new Room('brt/doc', Promise.resolve({ snapshot: null, updates: [], heldBack: null }), {
      loaded: () => {},
      applied: () => {},
      presenceChanged: () => {},
      maxUpdateScan: 100_000,
      maxHeldBytes: 2 << 20,
      store: () => {},
      discarded: () => {},
      loadFailed: (_, error) => {
        throw error
      },
    })
    rooms.push(room)
    const acks: number[] = []
    const connection = { stored: (count: number) => acks.push(count) } as unknown as Connection
    let count = 0
    const receive = (text: string) => commit.add({ room, updates: [update(text)], connection, count: ++count })
    return { store, documents, held, metrics, failed, commit, acks, receive, durable, room }
  }

  it('acknowledges updates, and announces their room, only once the sync that follows their write has returned', async () => {
    const { store, held, metrics, acks, receive, durable } = setUp()
    receive('a')
    receive('b')
    receive('c')
    await nextTurn()
    expect(store.load('brt/doc').updates).toHaveLength(3)
    expect(held).toHaveLength(1)
    expect(acks).toEqual([])
    expect(durable).toEqual([])
    expect(await metrics.registry.getSingleMetricAsString('casebook_relay_updates_total')).toMatch(/ 0$/)
    held[0]!.finish()
    await nextTurn()
    expect(acks).toEqual([3])
    expect(durable).toEqual([{ room: 'brt/doc', seq: 1 }])
    expect(await metrics.registry.getSingleMetricAsString('casebook_relay_updates_total')).toMatch(/ 3$/)
  })

  it("writes a room's held-back update in the transaction of its update rows: a write that fails stores neither", async () => {
    const { store, held, receive, failed, room, commit } = setUp()
    // Held back: the second character of a writer whose first never arrived.
    const writer = new Y.Doc()
    writer.getText('t').insert(0, 'x')
    const seen = Y.encodeStateVector(writer)
    writer.getText('t').insert(1, 'y')
    room.doc.transact(() => Y.applyUpdate(room.doc, Y.encodeStateAsUpdate(writer, seen)))
    room.setAside('writer')
    receive('a')
    await nextTurn()
    expect(store.load('brt/doc').updates).toHaveLength(1)
    expect(store.load('brt/doc').heldBack).toEqual(Buffer.from(room.heldBack.update!))
    held[0]!.finish()
    await commit.settled()
    // The held-back row's write fails after the update row's: neither is stored.
    const statements = (store as unknown as { statements: { putHeldBack: { run: () => void } } }).statements
    statements.putHeldBack.run = () => {
      throw new Error('SQLITE_FULL: database or disk is full')
    }
    receive('b')
    await commit.settled()
    expect(failed).toEqual([room])
    expect(store.load('brt/doc').updates.map(textOf)).toEqual(['a'])
  })

  it('writes nothing while the store holds its writes (the compaction worker is writing), and all of it once they are released', async () => {
    const { store, documents, held, acks, receive } = setUp()
    documents.hold()
    receive('a')
    await nextTurn()
    receive('b')
    await nextTurn()
    expect(store.load('brt/doc').updates).toEqual([])
    expect(held).toEqual([])
    documents.release()
    await nextTurn()
    expect(store.load('brt/doc').updates.map((stored) => textOf(stored))).toEqual(['a'])
    held[0]!.finish()
    await nextTurn()
    await nextTurn()
    expect(acks).toEqual([1])
    expect(store.load('brt/doc').updates.map((stored) => textOf(stored))).toEqual(['a', 'b'])
    held[1]!.finish()
    await nextTurn()
    expect(acks).toEqual([1, 2])
  })

  it('runs one append at a time: updates received meanwhile share the next one, and acknowledgements only grow', async () => {
    const { held, acks, receive, commit } = setUp()
    receive('a')
    await nextTurn()
    receive('b')
    await nextTurn()
    receive('c')
    await nextTurn()
    expect(held).toHaveLength(1)
    held[0]!.finish()
    await nextTurn()
    expect(acks).toEqual([1])
    expect(held).toHaveLength(2)
    held[1]!.finish()
    await commit.settled()
    expect(acks).toEqual([1, 3])
  })

  it('closes the room when a sync fails, and acknowledges nothing', async () => {
    const { held, acks, failed, receive, commit } = setUp()
    receive('a')
    await nextTurn()
    held[0]!.fail(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }))
    await commit.settled()
    expect(failed.map((room) => room.name)).toEqual(['brt/doc'])
    expect(acks).toEqual([])
  })
})
