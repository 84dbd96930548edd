import { afterEach, describe, expect, it } from 'vitest'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { AnnouncedClients, type AwarenessChanges } from '../../../src/shared/protocol/announcedClients.js'

const started: Awareness[] = []
afterEach(() => {
  for (const awareness of started.splice(0)) awareness.destroy()
})

/** Two peers' presence in one awareness, told apart by origin, as the relay's room and the back end hold them. */
function twoPeers() {
  const awareness = new Awareness(new Y.Doc())
  started.push(awareness)
  awareness.setLocalState(null)
  const [first, second] = [{ name: 'first' }, { name: 'second' }]
  const announced = new Map([
    [first, new AnnouncedClients()],
    [second, new AnnouncedClients()],
  ])
  const taken: number[][] = []
  awareness.on('update', (changes: AwarenessChanges, origin: unknown) => {
    for (const [peer, clients] of announced) {
      const newly = clients.record(changes, peer === origin)
      if (peer === origin) taken.push(newly)
    }
  })
  /** Applies a state for `client` (null withdraws it) as `origin` sent it. */
  const set = (client: number, clock: number, state: unknown, origin: unknown) => {
    const source = new Awareness(new Y.Doc())
    source.clientID = client
    source.states.set(client, state as Record<string, unknown>)
    source.meta.set(client, { clock, lastUpdated: 0 })
    applyAwarenessUpdate(awareness, encodeAwarenessUpdate(source, [client]), origin)
    source.destroy()
  }
  return { awareness, first: announced.get(first)!, second: announced.get(second)!, firstPeer: first, secondPeer: second, set, taken }
}

describe('announced clients', () => {
  it('holds the ids a peer set, until it withdraws them', () => {
    const { first, second, firstPeer, set, taken } = twoPeers()
    set(7, 1, { x: 1 }, firstPeer)
    set(7, 2, { x: 2 }, firstPeer)
    set(8, 1, { x: 1 }, firstPeer)
    expect([...first]).toEqual([7, 8])
    expect([...second]).toEqual([])
    expect(taken).toEqual([[7], [], [8]])
    set(7, 3, null, firstPeer)
    expect([...first]).toEqual([8])
    // A state set again after a withdrawal is an "updated" one, not an "added" one.
    set(7, 4, { x: 3 }, firstPeer)
    expect([...first]).toEqual([8, 7])
    expect(taken.at(-1)).toEqual([7])
  })

  it('hands an id to the peer that set it last', () => {
    const { first, second, firstPeer, secondPeer, set, taken } = twoPeers()
    set(7, 1, { x: 1 }, firstPeer)
    set(7, 2, { x: 2 }, secondPeer)
    expect([...first]).toEqual([])
    expect([...second]).toEqual([7])
    expect(taken).toEqual([[7], [7]])
  })

  it('keeps an id when another origin withdraws it, until told to forget it', () => {
    const { awareness, first, firstPeer, set } = twoPeers()
    set(7, 1, { x: 1 }, firstPeer)
    removeAwarenessStates(awareness, [7], 'a closing connection')
    expect(first.has(7)).toBe(true)
    first.delete(7)
    expect(first.has(7)).toBe(false)
  })
})
