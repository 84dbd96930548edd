import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { splitUpdate } from '../../../src/main/sync/splitUpdate.js'
import { BODY_FRAGMENT, META_MAP } from '../../../src/shared/model/document.js'
import { appendParagraph, paragraphs } from '../../helpers/documents.js'

const BUDGET = 16 * 1024

const exchange = (a: Y.Doc, b: Y.Doc) => {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)))
}

/**
 * Four devices editing one document in turns, each inserting before, into and after what the others
 * wrote and deleting some of it, so that each device's changes depend on the others' both ways.
 */
function editedByFour(): Y.Doc[] {
  const devices = Array.from({ length: 4 }, () => new Y.Doc())
  for (let round = 0; round < 12; round += 1) {
    for (const [n, doc] of devices.entries()) {
      const body = doc.getXmlFragment(BODY_FRAGMENT)
      for (let k = 0; k < 4; k += 1) appendParagraph(doc, `device ${n}, round ${round}, paragraph ${k}: ${'words of a case study '.repeat(20)}`)
      doc.transact(() => {
        const paragraph = new Y.XmlElement('paragraph')
        paragraph.insert(0, [new Y.XmlText(`device ${n} put this first in round ${round}`)])
        body.insert(0, [paragraph])
      })
      ;((body.get(1) as Y.XmlElement).get(0) as Y.XmlText).insert(5, ` (edited by ${n} 😀)`)
      if (round % 3 === 1) body.delete(2, 3)
    }
    for (const [n, doc] of devices.entries()) exchange(doc, devices[(n + 1) % devices.length]!)
  }
  for (const doc of devices.slice(1)) exchange(devices[0]!, doc)
  return devices
}

/** Applies the pieces in order, and says after which ones the receiver held something back. */
function applyInOrder(receiver: Y.Doc, pieces: Uint8Array[]): number[] {
  const heldBack: number[] = []
  for (const [n, piece] of pieces.entries()) {
    Y.applyUpdate(receiver, piece)
    if (receiver.store.pendingStructs || receiver.store.pendingDs) heldBack.push(n)
  }
  return heldBack
}

function expectSameDocument(actual: Y.Doc, expected: Y.Doc): void {
  expect(Y.encodeStateVector(actual)).toEqual(Y.encodeStateVector(expected))
  expect(Y.equalDeleteSets(Y.createDeleteSetFromStructStore(actual.store), Y.createDeleteSetFromStructStore(expected.store))).toBe(true)
  expect(actual.getXmlFragment(BODY_FRAGMENT).toString()).toBe(expected.getXmlFragment(BODY_FRAGMENT).toString())
  expect(actual.getMap(META_MAP).toJSON()).toEqual(expected.getMap(META_MAP).toJSON())
}

describe('splitting an update into messages', () => {
  it('cuts the state of a document edited on four devices, with a long paste, into pieces within the budget that never wait for a later one', () => {
    const [doc] = editedByFour()
    appendParagraph(doc!, 'a pasted report, '.repeat(8000))
    const update = Y.encodeStateAsUpdate(doc!)
    expect(update.byteLength).toBeGreaterThan(10 * BUDGET)

    const pieces = splitUpdate(update, BUDGET)
    expect(Math.max(...pieces.map((piece) => piece.byteLength))).toBeLessThanOrEqual(BUDGET)
    const receiver = new Y.Doc()
    expect(applyInOrder(receiver, pieces)).toEqual([])
    expectSameDocument(receiver, doc!)
  })

  it('never cuts a text inside a character of two UTF-16 units', () => {
    const doc = new Y.Doc()
    // The odd character puts every second cut at the emoji between two halves of one.
    const text = `${'a pasted report, '.repeat(8000)}!${'😀'.repeat(40000)}`
    appendParagraph(doc, text)

    const receiver = new Y.Doc()
    expect(applyInOrder(receiver, splitUpdate(Y.encodeStateAsUpdate(doc), BUDGET))).toEqual([])
    expect(paragraphs(receiver)).toEqual([text])
  })

  it('cuts what a receiver lacks of a document it holds an older copy of', () => {
    const [doc, older] = editedByFour()
    const receiver = new Y.Doc()
    Y.applyUpdate(receiver, Y.encodeStateAsUpdate(older!))
    for (let n = 0; n < 40; n += 1) appendParagraph(older!, `written on the second device only, ${n}: ${'x'.repeat(2000)}`)
    exchange(doc!, older!)
    doc!.getXmlFragment(BODY_FRAGMENT).delete(0, 30)

    const pieces = splitUpdate(Y.encodeStateAsUpdate(doc!, Y.encodeStateVector(receiver)), BUDGET)
    expect(pieces.length).toBeGreaterThan(4)
    expect(applyInOrder(receiver, pieces)).toEqual([])
    expectSameDocument(receiver, doc!)
  })

  it('sends a value Yjs cannot cut alone, over the budget, and the rest within it', () => {
    const doc = new Y.Doc()
    appendParagraph(doc, 'before')
    doc.getMap(META_MAP).set('summary', 's'.repeat(3 * BUDGET))
    appendParagraph(doc, `after ${'a'.repeat(2 * BUDGET)}`)

    const pieces = splitUpdate(Y.encodeStateAsUpdate(doc), BUDGET)
    expect(pieces.filter((piece) => piece.byteLength > BUDGET).map((piece) => Y.decodeUpdate(piece).structs.length)).toEqual([1])
    const receiver = new Y.Doc()
    expect(applyInOrder(receiver, pieces)).toEqual([])
    expectSameDocument(receiver, doc)
  })

  it('passes on what a document holds back, waiting for changes that never arrived, as the whole update would', () => {
    const author = new Y.Doc()
    const steps: Uint8Array[] = []
    author.on('update', (update: Uint8Array) => steps.push(update))
    for (let n = 0; n < 30; n += 1) appendParagraph(author, `paragraph ${n}: ${'y'.repeat(3000)}`)
    const holder = new Y.Doc()
    // The changes of paragraphs 10 to 14 never reached this one, so it holds back those after them.
    for (const step of [...steps.slice(0, 10), ...steps.slice(15)]) Y.applyUpdate(holder, step)
    expect(holder.store.pendingStructs).not.toBeNull()
    const update = Y.encodeStateAsUpdate(holder)

    const whole = new Y.Doc()
    Y.applyUpdate(whole, update)
    const pieced = new Y.Doc()
    const pieces = splitUpdate(update, BUDGET)
    expect(Math.max(...pieces.map((piece) => piece.byteLength))).toBeLessThanOrEqual(BUDGET)
    applyInOrder(pieced, pieces)
    expect(paragraphs(pieced)).toEqual(paragraphs(whole))
    expect(paragraphs(pieced)).toHaveLength(10)
    for (const step of steps.slice(10, 15)) Y.applyUpdate(pieced, step)
    expectSameDocument(pieced, author)
  })

  it('leaves an update within the budget as it is', () => {
    const doc = new Y.Doc()
    appendParagraph(doc, 'short')
    const update = Y.encodeStateAsUpdate(doc)
    expect(splitUpdate(update, BUDGET)).toEqual([update])
  })
})
