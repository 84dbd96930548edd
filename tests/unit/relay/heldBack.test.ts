import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { HeldBack } from '../../../src/relay/heldBack.js'
import { NewContent } from '../../../src/relay/newContent.js'

/** A writer's text typed in two steps: what it sent first, and what it sent after, which depends on the first. */
function twoSteps(client: number, first: string, then: (text: Y.Text) => void): { early: Uint8Array; late: Uint8Array } {
  const source = new Y.Doc()
  source.clientID = client
  const text = source.getText('t')
  text.insert(0, first)
  const early = Y.encodeStateAsUpdate(source)
  const vector = Y.encodeStateVector(source)
  then(text)
  return { early, late: Y.encodeStateAsUpdate(source, vector) }
}

describe('HeldBack', () => {
  it('moves structs Yjs holds back out of the doc, none of them in what is new, until what they wait for arrives', () => {
    const { early, late } = twoSteps(1, 'first ', (text) => text.insert(6, 'second'))
    const room = new Y.Doc()
    const held = new HeldBack()
    const content = new NewContent(room, null)
    content.apply(late)
    content.stop()
    expect(content.fresh).toEqual([])
    expect(held.take(room)).toBe(true)
    expect(room.store.pendingStructs).toBe(null)
    expect(held.update).not.toBe(null)
    expect(held.reached(room)).toBe(false)

    // Applied again, the doc holds nothing back: Yjs cannot retry what it does not hold.
    Y.applyUpdate(room, early)
    expect(held.take(room)).toBe(false)
    expect(room.getText('t').toString()).toBe('first ')
    expect(held.reached(room)).toBe(true)
    Y.applyUpdate(room, held.release()!)
    expect(held.update).toBe(null)
    expect(held.reached(room)).toBe(false)
    expect(room.getText('t').toString()).toBe('first second')
  })

  it('moves deletions of items not yet arrived out too, and reaches them once the items arrive', () => {
    const { early, late } = twoSteps(1, 'first ', (text) => text.delete(0, 1))
    const room = new Y.Doc()
    const held = new HeldBack()
    Y.applyUpdate(room, late)
    expect(room.store.pendingDs).not.toBe(null)
    expect(held.take(room)).toBe(true)
    expect(room.store.pendingDs).toBe(null)
    Y.applyUpdate(room, early)
    expect(held.reached(room)).toBe(true)
    Y.applyUpdate(room, held.release()!)
    expect(room.getText('t').toString()).toBe('irst ')
  })

  it('merges what it holds with what it takes later, and waits for the lowest clock each misses', () => {
    const a = twoSteps(1, 'a', (text) => text.insert(1, 'A'))
    const b = twoSteps(2, 'b', (text) => text.insert(1, 'B'))
    const room = new Y.Doc()
    const held = new HeldBack()
    Y.applyUpdate(room, a.late)
    held.take(room)
    Y.applyUpdate(room, b.late)
    held.take(room)
    Y.applyUpdate(room, b.early)
    expect(held.reached(room)).toBe(true)
    Y.applyUpdate(room, held.release()!)
    // What still misses its dependency is held back again, to be taken once more.
    expect(held.take(room)).toBe(true)
    expect(room.getText('t').toString()).toBe('bB')
    expect(held.reached(room)).toBe(false)
    Y.applyUpdate(room, a.early)
    expect(held.reached(room)).toBe(true)
    Y.applyUpdate(room, held.release()!)
    expect(room.getText('t').toString()).toMatch(/^(aAbB|bBaA)$/)
  })
})
