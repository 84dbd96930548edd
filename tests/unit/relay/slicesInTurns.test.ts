import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { countItems } from '../../../src/relay/countItems.js'
import { slicesInTurns } from '../../../src/relay/slicesInTurns.js'
import { interleavedWriters } from '../../helpers/largeDocuments.js'

/** A document with every kind of struct and content Yjs writes, and deletions. */
function everyKind(): Y.Doc {
  const doc = new Y.Doc()
  doc.getMap('m').set('list', [1, 2, { x: 'y' }])
  doc.getMap('m').set('bytes', new Uint8Array([1, 2]))
  doc.getMap('m').set('sub', new Y.Doc())
  doc.getArray('a').insert(0, [1, 'two', null, true, 2.5, { a: 1 }])
  doc.getText('t').insert(0, 'héllo 😀 wörld', { bold: true })
  doc.getText('t').insert(3, 'X')
  doc.getText('t').insertEmbed(2, { image: 'x' })
  doc.getText('t').delete(1, 4)
  const element = new Y.XmlElement('p')
  doc.getXmlFragment('f').insert(0, [element])
  doc.getMap('m').set('hook', new Y.XmlHook('hook'))
  element.insert(0, [new Y.XmlText('hi')])
  element.setAttribute('class', 'c')
  doc.getMap('m').delete('list')
  return doc
}

/** Three clients typing into each other's text, with emoji, and deleting here and there. */
function interleaved(): Y.Doc {
  const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()]
  for (let round = 0; round < 300; round += 1) {
    const doc = docs[round % 3]!
    const text = doc.getText('t')
    text.insert(Math.floor(text.length / 2), round % 7 === 0 ? '😀' : String.fromCharCode(97 + (round % 26)))
    if (round % 11 === 0 && text.length > 4) text.delete(1, 2)
    for (const other of docs) if (other !== doc) Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)))
  }
  return docs[0]!
}

/** What Yjs itself reads: structs, the values of Any and JSON contents beyond the first, and deleted ranges. */
function countedByYjs(update: Uint8Array): number {
  const { structs, ds } = Y.decodeUpdate(update)
  const values = structs.reduce((sum, struct) => {
    const content = (struct as { content?: { arr?: unknown[] } }).content
    return sum + (Array.isArray(content?.arr) ? Math.max(0, content.arr.length - 1) : 0)
  }, 0)
  return structs.length + values + [...ds.clients.values()].reduce((sum, ranges) => sum + ranges.length, 0)
}

/** The clock ticks (here: characters) each transaction of applying the slices in order integrated. */
function integratedPerTransaction(slices: Uint8Array[]): { doc: Y.Doc; ticks: number[]; pendingAfter: boolean[] } {
  const doc = new Y.Doc()
  const ticks: number[] = []
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    let sum = 0
    for (const [client, clock] of transaction.afterState) sum += clock - (transaction.beforeState.get(client) ?? 0)
    ticks.push(sum)
  })
  const pendingAfter = slices.map((slice) => {
    Y.applyUpdate(doc, slice)
    return doc.store.pendingStructs !== null || doc.store.pendingDs !== null
  })
  return { doc, ticks, pendingAfter }
}

/** The update's items, and its slices of about `size` items (none if it has more than `maxItems`). */
function sliceUpdate(update: Uint8Array, size: number, maxItems = Infinity): { items: number; slices: Uint8Array[] } {
  const items = countItems(update, maxItems)
  if (items > maxItems) return { items, slices: [] }
  return { items, slices: [...slicesInTurns(update, size)].filter((slice) => slice !== null) }
}

function applied(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc
}

describe('countItems and slicesInTurns', () => {
  it('counts what Y.decodeUpdate reads, for every kind of content, an empty update and deletions alone', () => {
    const doc = everyKind()
    const updates = [Y.encodeStateAsUpdate(doc), Y.encodeStateAsUpdate(new Y.Doc()), Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc))]
    expect(updates.map((update) => sliceUpdate(update, 1000).items)).toEqual(updates.map(countedByYjs))
    expect(updates.map((update) => sliceUpdate(update, 1000).items)).toEqual([25, 0, 3])
  })

  it('leaves an update within the size whole, and cuts a larger one into slices that make the same document', () => {
    for (const doc of [everyKind(), interleaved()]) {
      const update = Y.encodeStateAsUpdate(doc)
      expect(sliceUpdate(update, 10_000).slices).toEqual([update])
      for (const size of [1, 2, 7, 50]) {
        const { items, slices } = sliceUpdate(update, size)
        if (items > size) expect(slices.length).toBeGreaterThan(1)
        else expect(slices).toEqual([update])
        // A struct is not cut: the last one in a slice, holding several values, may take it over the size asked.
        const largest = Math.max(...Y.decodeUpdate(update).structs.map((struct) => (struct as { content?: { arr?: unknown[] } }).content?.arr?.length ?? 1))
        expect(slices.filter((slice) => countItems(slice) >= size + largest)).toEqual([])
        expect(slices.reduce((sum, slice) => sum + countItems(slice), 0)).toBe(items)
        const rebuilt = applied(slices)
        expect(rebuilt.store.pendingStructs).toBe(null)
        expect(rebuilt.getText('t').toDelta()).toEqual(doc.getText('t').toDelta())
        const map = (of: Y.Doc) => ({ ...of.getMap('m').toJSON(), sub: (of.getMap('m').get('sub') as Y.Doc | undefined)?.guid })
        expect(map(rebuilt)).toEqual(map(doc))
        expect(rebuilt.getXmlFragment('f').toString()).toBe(doc.getXmlFragment('f').toString())
        expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(doc))
      }
    }
  })

  it('cuts an update interleaving several writers in causal order: no slice waits for a later one, none integrates more than its size', () => {
    const source = interleavedWriters(60, 1000)
    const update = Y.encodeStateAsUpdate(source)
    const { items, slices } = sliceUpdate(update, 10_000)
    expect(items).toBe(60_001)
    expect(slices.length).toBeGreaterThanOrEqual(6)
    const { doc, ticks, pendingAfter } = integratedPerTransaction(slices)
    expect(pendingAfter).toEqual(slices.map(() => false))
    expect(ticks.filter((count) => count > 10_000)).toEqual([])
    expect(ticks.reduce((sum, count) => sum + count, 0)).toBe(60_000)
    expect(doc.getText('t').toString()).toBe(source.getText('t').toString())
    expect(Y.encodeStateAsUpdate(doc)).toEqual(update)
  })

  it('still cuts an update whose structs depend on each other in a cycle, which no real history makes', () => {
    // Clients 1 and 2, one character each at clock 0, each inserted after the other's.
    const cycle = Uint8Array.from([2, 1, 1, 0, 0x84, 2, 0, 1, 97, 1, 2, 0, 0x84, 1, 0, 1, 98, 0])
    const { items, slices } = sliceUpdate(cycle, 1)
    expect(items).toBe(2)
    expect(slices.map((slice) => countItems(slice))).toEqual([1, 1])
  })

  it('reads an update over the maximum no further than needed to say so, and does not slice it', () => {
    const update = Y.encodeStateAsUpdate(interleaved())
    const whole = sliceUpdate(update, 10).items
    expect(sliceUpdate(update, 10, whole)).toMatchObject({ items: whole })
    const over = sliceUpdate(update, 10, 100)
    expect(over.items).toBe(101)
    expect(over.slices).toEqual([])
    // Its last 200 bytes missing: reading stops before it would notice.
    expect(sliceUpdate(update.subarray(0, update.length - 200), 10, 100).items).toBe(101)
  })

  it('throws on every truncation of an update and on unknown content, rather than count what Yjs cannot read', () => {
    const update = Y.encodeStateAsUpdate(everyKind())
    const truncations = Array.from({ length: update.length - 1 }, (_, cut) => update.subarray(0, cut + 1))
    expect(truncations.filter((truncated) => !throws(() => sliceUpdate(truncated, 1000)))).toEqual([])
    // One client, one struct at clock 0 in the root type "A", with content kind 11, which Yjs does not know.
    expect(() => sliceUpdate(Uint8Array.from([1, 1, 5, 0, 11, 1, 1, 65, 0]), 1000)).toThrow(/Unknown content 11/)
    // Two strings in the root type "t", one of them not UTF-8, which Yjs would fail to read: a slice of
    // it must not be applied after the other.
    const badString = Uint8Array.from([1, 2, 5, 0, 4, 1, 1, 116, 1, 120, 4, 1, 1, 116, 1, 0xff, 0])
    expect(countItems(badString)).toBe(2)
    expect(() => sliceUpdate(badString, 1)).toThrow(/not UTF-8/)
  })
})

function throws(run: () => unknown): boolean {
  try {
    run()
    return false
  } catch {
    return true
  }
}
