import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { stateInPieces } from '../../../src/relay/stateInPieces.js'
import { countItems } from '../../../src/relay/countItems.js'
import { interleavedWriters, typedBackwards } from '../../helpers/largeDocuments.js'

describe('stateInPieces', () => {
  it('is what Y.encodeStateAsUpdate gives beyond a state vector, in pieces of at most the size asked', () => {
    const doc = interleavedWriters(60, 1000)
    const receiver = new Y.Doc()
    const pieces = [...stateInPieces(doc, Y.encodeStateVector(receiver), 10_000)].filter((piece) => piece !== null)
    // Six pieces of structs and the delete set.
    expect(pieces.length).toBe(7)
    expect(pieces.filter((piece) => countItems(piece) > 10_000)).toEqual([])
    for (const piece of pieces) Y.applyUpdate(receiver, piece)
    expect(receiver.getText('t').toString()).toBe(doc.getText('t').toString())
    expect(Y.encodeStateAsUpdate(receiver)).toEqual(Y.encodeStateAsUpdate(doc))
  })

  it('is one piece, as Yjs encodes it, when the doc holds that little beyond the state vector', () => {
    const doc = typedBackwards(5000)
    expect([...stateInPieces(doc, Y.encodeStateVector(new Y.Doc()), 10_000)]).toEqual([Y.encodeStateAsUpdate(doc)])
  })

  it('picks up from where it stopped when the doc changes between pieces', () => {
    const doc = typedBackwards(30_000)
    const receiver = new Y.Doc()
    const pieces = stateInPieces(doc, Y.encodeStateVector(receiver), 10_000)
    Y.applyUpdate(receiver, pieces.next().value!)
    // Typing into the middle of what is not yet sent splits the structs there.
    const changes: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => changes.push(update))
    doc.getText('t').insert(15_000, 'inserted')
    doc.getText('t').delete(20_000, 10)
    for (const change of changes) Y.applyUpdate(receiver, change)
    for (const piece of pieces) if (piece) Y.applyUpdate(receiver, piece)
    expect(receiver.store.pendingStructs).toBe(null)
    expect(receiver.getText('t').toString()).toBe(doc.getText('t').toString())
  })

  it("gathers the delete set over turns, of ten pieces' structs each, and it is the doc's even when the doc changes meanwhile", () => {
    const doc = typedBackwards(25_000)
    // Deleted ranges near the start, across the first turn's end and near the end of the structs.
    for (const at of [24_000, 15_000, 9_999, 10]) doc.getText('t').delete(at, 5)
    const receiver = new Y.Doc()
    const pieces = stateInPieces(doc, Y.encodeStateVector(receiver), 1000)
    let turnsWithout = 0
    for (let piece = pieces.next(); !piece.done; piece = pieces.next()) {
      if (piece.value) Y.applyUpdate(receiver, piece.value)
      else {
        turnsWithout += 1
        // Between turns, the text changes: a deletion already gathered past, and one ahead.
        if (turnsWithout === 1) {
          const changes: Uint8Array[] = []
          doc.on('update', (update: Uint8Array) => changes.push(update))
          doc.getText('t').delete(20, 3)
          doc.getText('t').delete(20_000, 3)
          for (const change of changes) Y.applyUpdate(receiver, change)
        }
      }
    }
    // 25,000 structs (and the ones the deletions split off), 10,000 a turn.
    expect(turnsWithout).toBe(2)
    expect(receiver.store.pendingStructs).toBe(null)
    expect(receiver.getText('t').toString()).toBe(doc.getText('t').toString())
    expect(Y.encodeStateAsUpdate(receiver)).toEqual(Y.encodeStateAsUpdate(doc))
  })
})
