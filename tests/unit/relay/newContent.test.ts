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
  return content.fresh
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
})
