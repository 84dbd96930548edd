import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { HELD_ITEMS, HeldBack } from '../../../src/relay/heldBack.js'
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

/** A HeldBack of no byte cap, and the reasons it discarded anything for. */
function heldBack(doc: Y.Doc, maxBytes = Infinity): { held: HeldBack; discarded: string[] } {
  const discarded: string[] = []
  return { held: new HeldBack(doc, maxBytes, (reason) => discarded.push(reason)), discarded }
}

const clientsOf = (update: Uint8Array | null) => (update ? Y.decodeUpdate(update).structs.map((struct) => struct.id.client) : [])

describe('HeldBack', () => {
  it('moves structs Yjs holds back out of the doc, none of them in what is new, until what they wait for arrives', () => {
    const { early, late } = twoSteps(1, 'first ', (text) => text.insert(6, 'second'))
    const room = new Y.Doc()
    const { held } = heldBack(room)
    const content = new NewContent(room, null)
    content.apply(late)
    content.stop()
    expect(content.fresh).toEqual([])
    held.take('writer')
    expect(room.store.pendingStructs).toBe(null)
    expect(clientsOf(held.update)).toEqual([1])
    expect(held.reached()).toBe(false)
    expect(held.next()).toBe(null)

    Y.applyUpdate(room, early)
    expect(room.getText('t').toString()).toBe('first ')
    expect(held.reached()).toBe(true)
    Y.applyUpdate(room, held.next()!.update)
    expect(held.update).toBe(null)
    expect(held.bytes).toBe(0)
    expect(held.reached()).toBe(false)
    expect(room.getText('t').toString()).toBe('first second')
  })

  it('moves deletions of items not yet arrived out too, and reaches them once the items arrive', () => {
    const { early, late } = twoSteps(1, 'first ', (text) => text.delete(0, 1))
    const room = new Y.Doc()
    const { held } = heldBack(room)
    Y.applyUpdate(room, late)
    expect(room.store.pendingDs).not.toBe(null)
    held.take('writer')
    expect(room.store.pendingDs).toBe(null)
    expect(held.update).not.toBe(null)
    Y.applyUpdate(room, early)
    expect(held.reached()).toBe(true)
    Y.applyUpdate(room, held.next()!.update)
    expect(room.getText('t').toString()).toBe('irst ')
    expect(held.update).toBe(null)
  })

  it("gives each client's held structs back on their own, once what they wait for arrives, the others still held", () => {
    const a = twoSteps(1, 'a', (text) => text.insert(1, 'A'))
    const b = twoSteps(2, 'b', (text) => text.insert(1, 'B'))
    const room = new Y.Doc()
    const { held } = heldBack(room)
    Y.applyUpdate(room, a.late)
    held.take('writer')
    Y.applyUpdate(room, b.late)
    held.take('writer')
    expect(clientsOf(held.update).sort()).toEqual([1, 2])
    Y.applyUpdate(room, b.early)
    // Only 2's structs wait for what arrived.
    const retried = held.next()!.update
    expect(clientsOf(retried)).toEqual([2])
    expect(held.next()).toBe(null)
    Y.applyUpdate(room, retried)
    expect(room.getText('t').toString()).toBe('bB')
    expect(clientsOf(held.update)).toEqual([1])
    Y.applyUpdate(room, a.early)
    Y.applyUpdate(room, held.next()!.update)
    expect(room.getText('t').toString()).toMatch(/^(aAbB|bBaA)$/)
  })

  it('merges what one client has held back into what it holds, and reads a stored update back per client, each given back at once', () => {
    const source = new Y.Doc()
    source.clientID = 1
    const text = source.getText('t')
    text.insert(0, 'x')
    const first = Y.encodeStateAsUpdate(source)
    const vectors = [Y.encodeStateVector(source)]
    text.insert(1, 'y')
    vectors.push(Y.encodeStateVector(source))
    text.insert(2, 'z')
    const room = new Y.Doc()
    const { held } = heldBack(room)
    for (const vector of vectors) {
      Y.applyUpdate(room, Y.encodeStateAsUpdate(source, vector))
      held.take('writer')
    }
    const other = twoSteps(2, 'o', (t) => t.insert(1, 'O'))
    Y.applyUpdate(room, other.late)
    held.take('writer')
    // Merged, 1's two characters are one struct.
    expect(clientsOf(held.update).sort()).toEqual([1, 2])

    const fresh = new Y.Doc()
    const { held: loaded } = heldBack(fresh)
    loaded.load(held.update!)
    expect(loaded.bytes).toBe(held.bytes)
    fresh.getText('t')
    const given = [loaded.next()!.update, loaded.next()!.update]
    expect(loaded.next()).toBe(null)
    expect(given.map(clientsOf).sort()).toEqual([[1], [2]])
    for (const update of [first, other.early, ...given]) Y.applyUpdate(fresh, update)
    expect(fresh.getText('t').toString()).toMatch(/^(xyzoO|oOxyz)$/)
  })

  it("retries a group waiting on a far clock of a client only once the doc holds that clock, not at that client's writes below it", () => {
    // The victim V types 'start ', then 994 characters, then one more: its clocks 0–5, 6–999, 1000.
    const victim = new Y.Doc()
    victim.clientID = 1
    const steps: Uint8Array[] = []
    for (const typed of ['start ', 'v'.repeat(994), 'w']) {
      const seen = Y.encodeStateVector(victim)
      victim.getText('t').insert(victim.getText('t').length, typed)
      steps.push(Y.encodeStateAsUpdate(victim, seen))
    }
    const room = new Y.Doc()
    Y.applyUpdate(room, steps[0]!)
    const { held } = heldBack(room)
    // 50 made-up clients each hold back one character typed after V's clock 1000.
    for (let client = 100; client < 150; client++) {
      const other = new Y.Doc()
      other.clientID = client
      Y.applyUpdate(other, Y.encodeStateAsUpdate(victim))
      const before = Y.encodeStateVector(other)
      other.getText('t').insert(1001, 'x')
      Y.applyUpdate(room, Y.encodeStateAsUpdate(other, before))
      held.take('writer')
    }
    expect(clientsOf(held.update)).toHaveLength(50)
    const heldBytes = held.bytes
    // V writes up to its clock 999: nothing is retried.
    Y.applyUpdate(room, steps[1]!)
    expect(Y.getState(room.store, 1)).toBe(1000)
    expect(held.reached()).toBe(false)
    expect(held.next()).toBe(null)
    expect(held.bytes).toBe(heldBytes)
    // V's clock 1000 arrives: every group is retried, and integrates.
    Y.applyUpdate(room, steps[2]!)
    expect(held.reached()).toBe(true)
    let retried = 0
    for (let update = held.next(); update; update = held.next()) {
      Y.applyUpdate(room, update.update)
      held.take('writer')
      retried += 1
    }
    expect(retried).toBe(50)
    expect(held.update).toBe(null)
    expect(room.getText('t').toString()).toBe(`start ${'v'.repeat(994)}w${'x'.repeat(50)}`)
  })

  it('holds at most HELD_ITEMS items and its byte cap: what would pass either is discarded as it comes, what is held kept', () => {
    const room = new Y.Doc()
    const { held, discarded } = heldBack(room)
    // One item short of the cap, waiting for client 1's first character.
    const many = new Y.Doc()
    many.clientID = 1
    many.getText('t').insert(0, 'x')
    const seen = Y.encodeStateVector(many)
    for (let i = 0; i < HELD_ITEMS - 1; i++) many.getText('t').insert(0, 'y')
    Y.applyUpdate(room, Y.encodeStateAsUpdate(many, seen))
    held.take('writer')
    const full = held.bytes
    expect(discarded).toEqual([])
    const two = twoSteps(2, 'b', (t) => t.insert(1, 'BB'))
    Y.applyUpdate(room, twoSteps(3, 'c', (t) => t.insert(1, 'C')).late)
    held.take('writer')
    Y.applyUpdate(room, two.late)
    held.take('writer')
    expect(discarded).toEqual(['cap'])
    expect(clientsOf(held.update).filter((client) => client !== 1)).toEqual([3])

    const { held: small, discarded: smallDiscarded } = heldBack(room, full - 1)
    Y.applyUpdate(room, Y.encodeStateAsUpdate(many, seen))
    small.take('writer')
    expect(smallDiscarded).toEqual(['cap'])
    expect(small.update).toBe(null)
  })
  it("counts the cap per sender: one member filling its share has its own next structs discarded, nobody else's", () => {
    const room = new Y.Doc()
    const { held, discarded } = heldBack(room)
    // Member M holds back its whole share, under the victim W's client id 1, waiting on a clock of 9 never sent.
    const never = new Y.Doc()
    never.clientID = 9
    never.getText('t').insert(0, 'n')
    const crafted = new Y.Doc()
    Y.applyUpdate(crafted, Y.encodeStateAsUpdate(never))
    crafted.clientID = 1
    const seen = Y.encodeStateVector(crafted)
    for (let i = 0; i < HELD_ITEMS; i++) crafted.getText('t').insert(1, 'm')
    Y.applyUpdate(room, Y.encodeStateAsUpdate(crafted, seen))
    held.take('member')
    expect(discarded).toEqual([])
    // W's good-faith second character, sent before its first: held for W, not discarded.
    const w = twoSteps(1, 'w', (text) => text.insert(1, 'W'))
    Y.applyUpdate(room, w.late)
    held.take('writer')
    expect(discarded).toEqual([])
    // M's next held-back structs pass its share: discarded, W's kept.
    Y.applyUpdate(room, twoSteps(3, 'c', (text) => text.insert(1, 'C')).late)
    held.take('member')
    expect(discarded).toEqual(['cap'])
    expect(new Set(clientsOf(held.update))).toEqual(new Set([1]))
    // W's first character arrives: W's group is retried and integrates; M's still waits on client 9.
    Y.applyUpdate(room, w.early)
    const retried = held.next()!
    expect(retried.owner).toBe('writer')
    Y.applyUpdate(room, retried.update)
    held.take('writer')
    expect(held.next()).toBe(null)
    expect(room.getText('t').toString()).toBe('wW')
    // Stored and loaded, both groups are kept, beyond one sender's cap: what was stored was acknowledged.
    const { held: loaded, discarded: loadDiscarded } = heldBack(new Y.Doc())
    loaded.load(held.update!)
    expect(loadDiscarded).toEqual([])
    expect(loaded.bytes).toBe(held.bytes)
  })
})
