import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { NewContent } from '../../../src/relay/newContent.js'

/** What the relay stores of one update applied whole, as a connection applies it (see connection.ts). */
function applyWhole(doc: Y.Doc, update: Uint8Array): Uint8Array[] {
  const content = new NewContent(doc, null)
  try {
    content.apply(update)
  } finally {
    content.stop()
  }
  return content.toStore([update])
}

/** A doc rebuilt from what was stored, as the relay rebuilds a room after a restart. */
function reload(stored: Uint8Array[][]): Y.Doc {
  const doc = new Y.Doc()
  for (const update of stored.flat()) Y.applyUpdate(doc, update)
  return doc
}

describe('NewContent', () => {
  it('returns nothing to store for an update the doc already holds', () => {
    const source = new Y.Doc()
    source.getText('t').insert(0, 'hello world')
    source.getText('t').delete(0, 6)
    const update = Y.encodeStateAsUpdate(source)
    const room = new Y.Doc()
    expect(applyWhole(room, update)).toHaveLength(1)
    expect(applyWhole(room, update)).toEqual([])
    expect(applyWhole(room, update)).toEqual([])
    expect(room.getText('t').toString()).toBe('world')
  })

  it('returns only what is new of an update that is partly known', () => {
    const source = new Y.Doc()
    source.getText('t').insert(0, 'x'.repeat(10_000))
    const room = new Y.Doc()
    const first = applyWhole(room, Y.encodeStateAsUpdate(source))
    source.getText('t').insert(10_000, 'tail')
    const whole = Y.encodeStateAsUpdate(source)
    const second = applyWhole(room, whole)
    expect(second).toHaveLength(1)
    expect(second[0]!.byteLength).toBeLessThan(100)
    expect(whole.byteLength).toBeGreaterThan(10_000)
    expect(reload([first, second]).getText('t').toString()).toBe(`${'x'.repeat(10_000)}tail`)
  })

  it('keeps an update whose dependencies are missing whole, so it survives a reload and applies once they come', () => {
    const source = new Y.Doc()
    const text = source.getText('t')
    text.insert(0, 'first ')
    const early = Y.encodeStateAsUpdate(source)
    const vector = Y.encodeStateVector(source)
    text.insert(6, 'second')
    text.delete(0, 1)
    const late = Y.encodeStateAsUpdate(source, vector)

    const room = new Y.Doc()
    const stored = [applyWhole(room, late)]
    expect(stored[0]).toEqual([late])
    expect(room.getText('t').toString()).toBe('')
    // The same pending update again adds nothing.
    stored.push(applyWhole(room, late))
    expect(stored[1]).toEqual([])
    // After a restart, the stored pending update and the dependency that arrives then make the whole text.
    const restarted = reload(stored)
    stored.push(applyWhole(restarted, early))
    expect(restarted.getText('t').toString()).toBe('irst second')
    expect(reload(stored).getText('t').toString()).toBe('irst second')
  })
})
