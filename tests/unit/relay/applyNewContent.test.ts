import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyNewContent } from '../../../src/relay/applyNewContent.js'

/** A doc rebuilt from what was stored, as the relay rebuilds a room after a restart. */
function reload(stored: Uint8Array[][]): Y.Doc {
  const doc = new Y.Doc()
  for (const update of stored.flat()) Y.applyUpdate(doc, update)
  return doc
}

describe('applyNewContent', () => {
  it('returns nothing to store for an update the doc already holds', () => {
    const source = new Y.Doc()
    source.getText('t').insert(0, 'hello world')
    source.getText('t').delete(0, 6)
    const update = Y.encodeStateAsUpdate(source)
    const room = new Y.Doc()
    expect(applyNewContent(room, update, null)).toHaveLength(1)
    expect(applyNewContent(room, update, null)).toEqual([])
    expect(applyNewContent(room, update, null)).toEqual([])
    expect(room.getText('t').toString()).toBe('world')
  })

  it('returns only what is new of an update that is partly known', () => {
    const source = new Y.Doc()
    source.getText('t').insert(0, 'x'.repeat(10_000))
    const room = new Y.Doc()
    const first = applyNewContent(room, Y.encodeStateAsUpdate(source), null)
    source.getText('t').insert(10_000, 'tail')
    const whole = Y.encodeStateAsUpdate(source)
    const second = applyNewContent(room, whole, null)
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
    const stored = [applyNewContent(room, late, null)]
    expect(stored[0]).toEqual([late])
    expect(room.getText('t').toString()).toBe('')
    // The same pending update again adds nothing.
    stored.push(applyNewContent(room, late, null))
    expect(stored[1]).toEqual([])
    // After a restart, the stored pending update and the dependency that arrives then make the whole text.
    const restarted = reload(stored)
    stored.push(applyNewContent(restarted, early, null))
    expect(restarted.getText('t').toString()).toBe('irst second')
    expect(reload(stored).getText('t').toString()).toBe('irst second')
  })
})
