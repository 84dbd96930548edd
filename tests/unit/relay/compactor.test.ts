import type { Worker } from 'node:worker_threads'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Compactor } from '../../../src/relay/compactor.js'
import type { Compacted } from '../../../src/relay/documentStore.js'
import { RelayStore } from '../../../src/relay/store.js'
import { useTempDir } from '../../helpers/tempDir.js'

describe('the compactor', () => {
  const temp = useTempDir()
  const closing: (() => unknown)[] = []
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close()
  })

  it('replaces exactly the updates its worker read with a snapshot: one stored while it worked stays, and the content is whole', async () => {
    const store = new RelayStore(temp.path)
    closing.push(() => store.close())
    const writer = new Y.Doc()
    writer.on('update', (update: Uint8Array) => store.append([{ room: 'brt/doc', update }], []))
    for (let n = 0; n < 20; n += 1) writer.getArray<number>('n').push([n])
    const events: string[] = []
    const compactor = new Compactor(
      temp.path,
      {
        // The worker has read the updates and waits to write: this one comes after what it read.
        hold: () => {
          events.push('hold')
          writer.getArray<number>('n').push([20])
        },
        release: () => events.push('release'),
      },
      pino({ level: 'silent' }),
    )
    closing.push(() => compactor.close())
    const done = await compactor.compact('brt/doc')

    expect(events).toEqual(['hold', 'release'])
    expect(done).toEqual(expect.objectContaining({ updates: 20 }))
    const { snapshot, updates } = store.load('brt/doc')
    expect(updates).toHaveLength(1)
    const fromSnapshot = new Y.Doc()
    Y.applyUpdate(fromSnapshot, snapshot!)
    expect(fromSnapshot.getArray<number>('n').toArray()).toEqual(Array.from({ length: 20 }, (_, n) => n))
    Y.applyUpdate(fromSnapshot, updates[0]!)
    expect(fromSnapshot.getArray<number>('n').toArray()).toEqual(Array.from({ length: 21 }, (_, n) => n))
  })

  it('moves to the held-back row, merged with it, what older relays stored whole held back in its rows: the room may have been unloaded before its load set it aside', async () => {
    const store = new RelayStore(temp.path)
    closing.push(() => store.close())
    const writer = new Y.Doc()
    writer.getText('t').insert(0, 'x')
    const first = Y.encodeStateAsUpdate(writer)
    const seen = Y.encodeStateVector(writer)
    writer.getText('t').insert(1, 'y')
    const other = new Y.Doc()
    other.getText('t').insert(0, 'o')
    // Writer's second character is held back (its first never arrived); a deletion of its first too.
    const deletion = new Y.Doc()
    Y.applyUpdate(deletion, first)
    const before = Y.encodeStateVector(deletion)
    deletion.getText('t').delete(0, 1)
    store.append(
      [
        { room: 'brt/doc', update: Y.encodeStateAsUpdate(other) },
        { room: 'brt/doc', update: Y.encodeStateAsUpdate(writer, seen) },
        { room: 'brt/doc', update: Y.encodeStateAsUpdate(deletion, before) },
      ],
      [],
    )
    // The room's held-back row holds a character of a third writer, waiting for one never sent.
    const third = new Y.Doc()
    third.getText('t').insert(0, 'a')
    const thirdSeen = Y.encodeStateVector(third)
    third.getText('t').insert(1, 'b')
    store.append([], [{ room: 'brt/doc', update: Y.encodeStateAsUpdate(third, thirdSeen) }])
    const compactor = new Compactor(temp.path, { hold: () => {}, release: () => {} }, pino({ level: 'silent' }))
    closing.push(() => compactor.close())
    await compactor.compact('brt/doc')

    const { snapshot, updates, heldBack } = store.load('brt/doc')
    expect(updates).toEqual([])
    const doc = new Y.Doc()
    Y.applyUpdate(doc, snapshot!)
    expect(doc.store.pendingStructs).toBe(null)
    expect(doc.store.pendingDs).toBe(null)
    expect(doc.getText('t').toString()).toBe('o')
    for (const update of [heldBack!, first, Y.encodeStateAsUpdate(third)]) Y.applyUpdate(doc, update)
    expect(doc.store.pendingStructs).toBe(null)
    expect(doc.getText('t').toString().split('').sort().join('')).toBe('aboy')
  })

  it('keeps the updates of a document that does not read, and goes on compacting others', async () => {
    const store = new RelayStore(temp.path)
    closing.push(() => store.close())
    store.append([{ room: 'brt/broken', update: Uint8Array.from([1, 1, 5, 0, 11, 1, 1, 65, 0]) }], [])
    const writer = new Y.Doc()
    writer.getText('t').insert(0, 'fine')
    store.append([{ room: 'brt/fine', update: Y.encodeStateAsUpdate(writer) }], [])
    const compactor = new Compactor(temp.path, { hold: () => {}, release: () => {} }, pino({ level: 'silent' }))
    closing.push(() => compactor.close())
    const done: (Compacted | null)[] = []
    for (const room of ['brt/broken', 'brt/fine']) done.push(await compactor.compact(room))

    expect(done).toEqual([null, expect.objectContaining({ updates: 1 })])
    expect(store.load('brt/broken')).toEqual({ snapshot: null, updates: [Buffer.from([1, 1, 5, 0, 11, 1, 1, 65, 0])], heldBack: null })
    expect(store.load('brt/fine').snapshot).not.toBeNull()
    expect(store.load('brt/fine').updates).toEqual([])
  })

  it('stops its worker when nothing is left to compact, and starts another for the next compaction', async () => {
    const store = new RelayStore(temp.path)
    closing.push(() => store.close())
    const writer = new Y.Doc()
    writer.on('update', (update: Uint8Array) => store.append([{ room: 'brt/doc', update }], []))
    const threads = new Set<number>()
    const compactor = new Compactor(temp.path, { hold: () => {}, release: () => {} }, pino({ level: 'silent' }))
    closing.push(() => compactor.close())
    const workerOf = () => (compactor as unknown as { worker: Worker | null }).worker
    for (const text of ['first', 'second']) {
      writer.getText('t').insert(0, text)
      const compacted = compactor.compact('brt/doc')
      threads.add(workerOf()!.threadId)
      await compacted
      await new Promise((resolve) => setImmediate(resolve))
      expect(workerOf()).toBeNull()
    }
    expect(threads.size).toBe(2)
    const { snapshot, updates } = store.load('brt/doc')
    expect(updates).toEqual([])
    const doc = new Y.Doc()
    Y.applyUpdate(doc, snapshot!)
    expect(doc.getText('t').toString()).toBe('secondfirst')
  })
})
