import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Room } from '../../../src/relay/room.js'
import { chainedText, craftedItem, itemId } from '../../helpers/costlyUpdates.js'
import { interleavedWriters, typedBackwards } from '../../helpers/largeDocuments.js'

describe('Room', () => {
  const rooms: Room[] = []
  afterEach(() => {
    for (const room of rooms.splice(0)) room.destroy()
  })

  function load(
    snapshot: Uint8Array | null,
    updates: Uint8Array[],
    { heldBack = null, maxUpdateScan = 100_000 }: { heldBack?: Uint8Array | null; maxUpdateScan?: number } = {},
  ): { room: Room; ticks: number[]; turns: () => number; stored: Uint8Array[][]; discarded: () => number } {
    const stored: Uint8Array[][] = []
    let discarded = 0
    const room = new Room('brt/doc', Promise.resolve({ snapshot, updates, heldBack }), {
      loaded: () => {},
      applied: () => {},
      presenceChanged: () => {},
      maxUpdateScan,
      maxHeldBytes: 2 << 20,
      store: (_, fresh) => stored.push(fresh),
      discarded: () => (discarded += 1),
      loadFailed: (_, error) => {
        throw error
      },
    })
    rooms.push(room)
    const ticks: number[] = []
    room.doc.on('afterTransaction', (transaction: Y.Transaction) => {
      let sum = 0
      for (const [client, clock] of transaction.afterState) sum += clock - (transaction.beforeState.get(client) ?? 0)
      ticks.push(sum)
    })
    // Counts the turns of the event loop that pass while it loads.
    let turns = 0
    const count = () => {
      turns += 1
      if (room.loading) setImmediate(count)
    }
    setImmediate(count)
    return { room, ticks, turns: () => turns, stored, discarded: () => discarded }
  }

  const loaded = (room: Room) => new Promise<void>((resolve) => room.whenLoaded(resolve))

  it('loads its stored state a slice a turn, in causal order, and calls what waits for it once all is applied', async () => {
    const snapshot = interleavedWriters(60, 1000)
    const later = new Y.Doc()
    Y.applyUpdate(later, Y.encodeStateAsUpdate(snapshot))
    later.getText('t').insert(0, 'typed since the snapshot: ')
    const { room, ticks, turns } = load(Y.encodeStateAsUpdate(snapshot), [Y.encodeStateAsUpdate(later, Y.encodeStateVector(snapshot))])
    expect(room.loading).toBe(true)
    expect(room.doc.getText('t').length).toBe(0)
    const seen: string[] = []
    room.whenLoaded(() => seen.push(room.doc.getText('t').toString()))
    await new Promise<void>((resolve) => room.whenLoaded(resolve))
    expect(room.loading).toBe(false)
    expect(seen).toEqual([later.getText('t').toString()])
    expect(room.doc.store.pendingStructs).toBe(null)
    // Six slices of the snapshot's 60,000 items and one of the later update, each in a turn of its own.
    expect(ticks.filter((count) => count > 10_000)).toEqual([])
    expect(ticks.filter((count) => count > 0)).toHaveLength(7)
    expect(turns()).toBeGreaterThanOrEqual(7)
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(Y.encodeStateAsUpdate(later))
  })

  it('reads a large stored update a slice a turn too, before applying any of it', async () => {
    const doc = typedBackwards(100_000)
    const { room, ticks, turns } = load(Y.encodeStateAsUpdate(doc), [])
    await new Promise<void>((resolve) => room.whenLoaded(resolve))
    expect(room.doc.getText('t').toString()).toBe(doc.getText('t').toString())
    expect(ticks.filter((count) => count > 0)).toEqual(Array.from({ length: 10 }, () => 10_000))
    // Nine turns reading (a pause after each 10,000 structs read), ten applying.
    expect(turns()).toBeGreaterThanOrEqual(19)
  })

  it('holds what waits for it, in order, while its stored state is still being read, and tells once loaded', async () => {
    let read: (stored: { snapshot: Uint8Array | null; updates: Uint8Array[]; heldBack: null }) => void = () => {}
    const loadedRooms: string[] = []
    const room = new Room('brt/doc', new Promise((resolve) => (read = resolve)), {
      maxUpdateScan: 100_000,
      maxHeldBytes: 2 << 20,
      store: () => {},
      discarded: () => {},
      loadFailed: (_, error) => {
        throw error
      },
      loaded: (loadedRoom) => loadedRooms.push(loadedRoom.name),
      applied: () => {},
      presenceChanged: () => {},
    })
    rooms.push(room)
    const seen: string[] = []
    room.whenLoaded(() => seen.push(`first: ${room.doc.getText('t').toString()}`))
    room.whenLoaded(() => seen.push('second'))
    for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve))
    expect(room.loading).toBe(true)
    expect(seen).toEqual([])
    const writer = new Y.Doc()
    writer.getText('t').insert(0, 'stored')
    read({ snapshot: null, updates: [Y.encodeStateAsUpdate(writer)], heldBack: null })
    await new Promise<void>((resolve) => room.whenLoaded(resolve))
    expect(seen).toEqual(['first: stored', 'second'])
    expect(loadedRooms).toEqual(['brt/doc'])
  })

  it('tells that it could not load when its stored state could not be read', async () => {
    const failures: string[] = []
    const room = new Room('brt/doc', Promise.reject(new Error('the store did not answer')), {
      maxUpdateScan: 100_000,
      maxHeldBytes: 2 << 20,
      store: () => {},
      discarded: () => {},
      loadFailed: (_, error) => failures.push(error.message),
      loaded: () => {},
      applied: () => {},
      presenceChanged: () => {},
    })
    rooms.push(room)
    await new Promise((resolve) => setImmediate(resolve))
    expect(failures).toEqual(['the store did not answer'])
    expect(room.loading).toBe(true)
  })

  it('is loaded on the next turn when nothing is stored', async () => {
    const { room } = load(null, [])
    expect(room.loading).toBe(true)
    await new Promise((resolve) => setImmediate(resolve))
    expect(room.loading).toBe(false)
  })

  it('retries once loaded its held-back row, and what older relays stored whole held back, and stores what integrates', async () => {
    const text = chainedText(20)
    // Held back on writer 7's next character, and on writer 8's, each stored as older relays stored it or in its row.
    const onSeven = craftedItem({ client: 3000, clock: 0 }, itemId(text, 0), { client: 7, clock: 0 }, 'm')
    const onEight = craftedItem({ client: 4000, clock: 0 }, itemId(text, 9), { client: 8, clock: 0 }, 'n')
    const seven = craftedItem({ client: 7, clock: 0 }, itemId(text, 4), itemId(text, 5), 's')
    const { room, stored } = load(Y.encodeStateAsUpdate(text), [onSeven, seven], { heldBack: onEight })
    await loaded(room)
    expect(room.doc.getText('t').toString()).toBe(`${'a'.repeat(5)}ms${'a'.repeat(15)}`)
    // What integrated is stored, and what still waits (for 8) is held back, out of the doc.
    expect(stored).toHaveLength(1)
    expect(stored[0]).toHaveLength(1)
    expect(room.doc.store.pendingStructs).toBe(null)
    expect(Y.decodeUpdate(room.heldBack.update!).structs.map((struct) => struct.id.client)).toEqual([4000])
  })

  it('holds its stored held-back row from the start, so that what it stores while it loads keeps it', async () => {
    const text = chainedText(20)
    const onEight = craftedItem({ client: 4000, clock: 0 }, itemId(text, 9), { client: 8, clock: 0 }, 'n')
    const { room } = load(Y.encodeStateAsUpdate(text), [], { heldBack: onEight })
    // Once read from the store.
    await Promise.resolve()
    expect(room.loading).toBe(true)
    expect(room.heldBack.update).toEqual(onEight)
    await loaded(room)
    expect(room.heldBack.update).toEqual(onEight)
  })

  it('retries held-back structs a group a turn once loaded, after the update that released them', async () => {
    const text = chainedText(20)
    // Three clients' characters, each held back on writer 7's next one.
    const held = [3000, 3001, 3002].map((client, index) => craftedItem({ client, clock: 0 }, itemId(text, index), { client: 7, clock: 0 }, 'h'))
    const { room, ticks } = load(Y.encodeStateAsUpdate(text), held)
    await loaded(room)
    ticks.length = 0
    Y.applyUpdate(room.doc, craftedItem({ client: 7, clock: 0 }, itemId(text, 18), itemId(text, 19), 's'))
    room.retryHeldBack()
    expect(ticks).toEqual([1])
    for (const after of [
      [1, 1],
      [1, 1, 1],
      [1, 1, 1, 1],
    ]) {
      await new Promise((resolve) => setImmediate(resolve))
      expect(ticks).toEqual(after)
    }
    expect(room.heldBack.update).toBe(null)
  })

  it('discards at load held-back structs whose scan would pass the budget once retried', async () => {
    const text = chainedText(2000)
    const attack = craftedItem({ client: 3000, clock: 0 }, itemId(text, 0), { client: 7, clock: 0 }, 'M')
    const writer = new Y.Doc()
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(text))
    writer.clientID = 7
    const seen = Y.encodeStateVector(writer)
    writer.getText('t').insert(2000, 'e')
    const seven = Y.encodeStateAsUpdate(writer, seen)
    const { room, stored, discarded } = load(Y.encodeStateAsUpdate(text), [seven], { heldBack: attack, maxUpdateScan: 1000 })
    await loaded(room)
    expect(discarded()).toBe(1)
    expect(stored).toEqual([[]])
    expect(room.heldBack.update).toBe(null)
    expect(room.doc.getText('t').toString()).toBe(`${'a'.repeat(2000)}e`)
  })
})
