import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { updateItems } from '../../../src/relay/updateItems.js'

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

/** What Yjs itself reads: structs, the values of Any and JSON contents beyond the first, and deleted ranges. */
function countedByYjs(update: Uint8Array): number {
  const { structs, ds } = Y.decodeUpdate(update)
  const values = structs.reduce((sum, struct) => {
    const content = (struct as { content?: { arr?: unknown[] } }).content
    return sum + (Array.isArray(content?.arr) ? Math.max(0, content.arr.length - 1) : 0)
  }, 0)
  return structs.length + values + [...ds.clients.values()].reduce((sum, ranges) => sum + ranges.length, 0)
}

describe('updateItems', () => {
  it('counts what Y.decodeUpdate reads, for every kind of content, an empty update and deletions alone', () => {
    const doc = everyKind()
    const updates = [Y.encodeStateAsUpdate(doc), Y.encodeStateAsUpdate(new Y.Doc()), Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc))]
    const backwards = new Y.Doc()
    for (let index = 0; index < 1000; index += 1) backwards.getText('t').insert(0, 'x')
    updates.push(Y.encodeStateAsUpdate(backwards))
    expect(updates.map(updateItems)).toEqual(updates.map(countedByYjs))
    expect(updates.map(updateItems)).toEqual([25, 0, 3, 1000])
  })

  it('throws on every truncation of an update and on unknown content, rather than count what Yjs cannot read', () => {
    const update = Y.encodeStateAsUpdate(everyKind())
    const truncations = Array.from({ length: update.length - 1 }, (_, cut) => update.subarray(0, cut + 1))
    expect(truncations.filter((truncated) => !throws(() => updateItems(truncated)))).toEqual([])
    // One client, one struct at clock 0 in the root type "A", with content kind 11, which Yjs does not know.
    expect(() => updateItems(Uint8Array.from([1, 1, 5, 0, 11, 1, 1, 65, 0]))).toThrow(/Unknown content 11/)
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
