import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { HeldBack } from '../../../src/relay/heldBack.js'
import { scanCost } from '../../../src/relay/scanCost.js'
import { chainedText, heldBack, listedTwice, offlineWriters, sameOriginUpdate } from '../../helpers/costlyUpdates.js'
import { typedBackwardsUpdate } from '../../helpers/largeDocuments.js'

/** A text of `length` characters typed backwards by client 1, each an item of its own. */
const backwardsText = (length: number) => typedBackwardsUpdate(length, 1, null)
/** The attack: a writer with a higher client id that never saw the text types backwards; each item scans all of it. */
const unseenBackwards = (length: number) => typedBackwardsUpdate(length, 2 ** 31, null)

function docOf(...updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc
}

/** What the doc holds, to show that counting changed nothing. */
const stateOf = (doc: Y.Doc) => Y.encodeStateAsUpdate(doc)

// The counts Yjs 13.6's Item.integrate loop really runs on these cases, measured with a copy of Yjs
// that counts the loop's iterations (/work/notes/intcost/stepcheck.mjs).
describe('scanCost', () => {
  it('counts the steps Yjs takes for a writer who never saw a text typed backwards, without changing the doc', () => {
    const doc = docOf(backwardsText(2000))
    const before = stateOf(doc)
    expect(scanCost(doc, unseenBackwards(50), Infinity)).toEqual({ steps: 100_000, over: false })
    expect(stateOf(doc)).toEqual(before)
  })

  it('counts a client listed twice in one update as Yjs reads it: the last list only', () => {
    const doc = docOf(backwardsText(2000))
    const attack = unseenBackwards(50)
    const update = listedTwice(attack, 2 ** 31)

    expect(scanCost(doc, update, Infinity)).toEqual(scanCost(doc, attack, Infinity))
    Y.applyUpdate(doc, update)
    expect(doc.getText('t').length).toBe(2050)
  })

  it('counts the steps Yjs takes for a crafted update of writers sharing one origin', () => {
    const { base, update } = sameOriginUpdate(300)
    expect(scanCost(docOf(base), update, Infinity)).toEqual({ steps: 67_752, over: false })
  })

  it('counts the steps Yjs takes for legit merges of offline writers replaying a real trace', () => {
    const { base, updates } = offlineWriters('automerge-paper', 0, 20_000, [
      { client: 5, start: 0 },
      { client: 3, start: 0 },
      { client: 4, start: 20_000 },
    ])
    const [a, b, c] = updates as [Uint8Array, Uint8Array, Uint8Array]
    expect(scanCost(docOf(base, b), a, Infinity).steps).toBe(1035)
    expect(scanCost(docOf(base, b), Y.mergeUpdates([a, c]), Infinity).steps).toBe(2081)
  })

  it('stops at the first step past the budget', () => {
    const doc = docOf(backwardsText(2000))
    expect(scanCost(doc, unseenBackwards(50), 10_000)).toEqual({ steps: 10_001, over: true })
    expect(scanCost(doc, unseenBackwards(50), 100_000).over).toBe(false)
  })

  it('counts nothing for what the doc already holds, or for typing at the end of a text', () => {
    const text = backwardsText(2000)
    expect(scanCost(docOf(text), text, 0)).toEqual({ steps: 0, over: false })
    const writer = docOf(text)
    writer.clientID = 7
    const seen = Y.encodeStateVector(writer)
    for (let i = 0; i < 100; i++) writer.getText('t').insert(writer.getText('t').length, 'x')
    expect(scanCost(docOf(text), Y.encodeStateAsUpdate(writer, seen), 0)).toEqual({ steps: 0, over: false })
  })

  it("counts an update's own structs alone: those Yjs held back, set aside by the room, count once it retries them", () => {
    const text = chainedText(2000)
    const doc = docOf(Y.encodeStateAsUpdate(text))
    const { held, arriving } = heldBack(text)
    expect(scanCost(doc, held, Infinity)).toEqual({ steps: 0, over: false })
    Y.applyUpdate(doc, held)
    const setAside = new HeldBack(doc, Infinity, () => {})
    setAside.take('writer')
    expect(setAside.update).not.toBe(null)
    // Another writer types at the end of the text: its update scans nothing.
    const writer = docOf(Y.encodeStateAsUpdate(text))
    writer.clientID = 7
    const seen = Y.encodeStateVector(writer)
    writer.getText('t').insert(2000, 'end')
    expect(scanCost(doc, Y.encodeStateAsUpdate(writer, seen), 0)).toEqual({ steps: 0, over: false })
    // 999's character arrives, and 998's: they scan nothing.
    expect(scanCost(doc, arriving, 0)).toEqual({ steps: 0, over: false })
    Y.applyUpdate(doc, arriving)
    expect(setAside.reached()).toBe(true)
    // Retried, the held struct integrates, and scans past 998's.
    const retried = setAside.next()!.update
    expect(scanCost(doc, retried, Infinity)).toEqual({ steps: 1, over: false })
    Y.applyUpdate(doc, retried)
    expect(doc.getText('t').toString().slice(0, 4)).toBe('awrq')
  })
})
