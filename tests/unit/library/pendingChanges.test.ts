import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { PendingChanges } from '../../../src/main/library/pendingChanges.js'
import { seededRandom } from '../../helpers/seededRandom.js'

/** Same content, same state vector and same deletions: the two docs hold the same CRDT state. */
function expectSameState(actual: Y.Doc, expected: Y.Doc): void {
  expect(actual.getXmlFragment('body').toString()).toBe(expected.getXmlFragment('body').toString())
  expect(actual.getMap('meta').toJSON()).toEqual(expected.getMap('meta').toJSON())
  expect(Y.decodeStateVector(Y.encodeStateVector(actual))).toEqual(Y.decodeStateVector(Y.encodeStateVector(expected)))
  expect(Y.equalDeleteSets(Y.createDeleteSetFromStructStore(actual.store), Y.createDeleteSetFromStructStore(expected.store))).toBe(true)
}

function text(doc: Y.Doc): Y.XmlText {
  const body = doc.getXmlFragment('body')
  if (body.length === 0) body.insert(0, [new Y.XmlText()])
  return body.get(0) as Y.XmlText
}

describe('PendingChanges', () => {
  it("encodes one transaction exactly as Yjs's own update event does", () => {
    const doc = new Y.Doc()
    text(doc).insert(0, 'Bus rapid transit in Bogotá')
    const changes = new PendingChanges(doc, () => {})
    changes.take()
    let fromYjs: Uint8Array | undefined
    doc.on('update', (update: Uint8Array) => (fromYjs = update))
    doc.transact(() => {
      text(doc).delete(4, 6)
      text(doc).insert(4, 'fast ')
      doc.getMap('meta').set('title', 'TransMilenio')
    })
    expect(changes.take()).toEqual(fromYjs)
  })

  it('reproduces the doc from its batches, through random local and remote edits, deletions included', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rand = seededRandom(seed)
      const doc = new Y.Doc()
      const remote = new Y.Doc()
      const replica = new Y.Doc()
      const changes = new PendingChanges(doc, () => {})
      for (let step = 0; step < 400; step += 1) {
        const roll = rand()
        if (roll < 0.15) {
          // A collaborator's edit, arriving as a remote update that also deletes some of ours.
          Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(remote)))
          const theirs = text(remote)
          if (theirs.length > 3) theirs.delete(Math.floor(rand() * (theirs.length - 3)), 3)
          theirs.insert(Math.floor(rand() * (theirs.length + 1)), 'xyz')
          Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)))
        } else if (roll < 0.25) {
          doc.getMap('meta').set(`key${Math.floor(rand() * 4)}`, step)
        } else {
          doc.transact(() => {
            const local = text(doc)
            if (local.length > 0 && rand() < 0.4) local.delete(Math.floor(rand() * local.length), 1 + Math.floor(rand() * Math.min(5, local.length - 1)))
            else local.insert(Math.floor(rand() * (local.length + 1)), 'abc'.slice(0, 1 + Math.floor(rand() * 3)))
          })
        }
        if (rand() < 0.1) {
          const update = changes.take()
          if (update) Y.applyUpdate(replica, update)
        }
      }
      const last = changes.take()
      if (last) Y.applyUpdate(replica, last)
      expectSameState(replica, doc)
    }
  })

  it('calls back on each change, takes nothing when nothing changed, and stops listening when destroyed', () => {
    const doc = new Y.Doc()
    const typed = text(doc)
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc))
    let calls = 0
    const changes = new PendingChanges(doc, () => (calls += 1))
    expect(changes.take()).toBeNull()
    doc.transact(() => {})
    expect(calls).toBe(0)
    typed.insert(0, 'a')
    typed.insert(1, 'b')
    expect(calls).toBe(2)
    const update = changes.take()
    expect(update).not.toBeNull()
    expect(changes.take()).toBeNull()
    Y.applyUpdate(replica, update!)
    expect(text(replica).toString()).toBe('ab')
    changes.destroy()
    typed.insert(2, 'c')
    expect(calls).toBe(2)
    expect(changes.take()).toBeNull()
  })

  it('makes one small update of a burst of keystrokes', () => {
    const doc = new Y.Doc()
    const changes = new PendingChanges(doc, () => {})
    let separately = 0
    doc.on('update', (update: Uint8Array) => (separately += update.length))
    for (const [index, character] of [...'Adaptation network workshop notes'].entries()) text(doc).insert(index, character)
    const batch = changes.take()!
    expect(batch.length).toBeLessThan(separately / 5)
  })
})
