import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { adaptationRefusal } from '../../../src/relay/adaptationRules.js'
import { ADAPTATIONS_DOCUMENT, type AdaptationReference, REFERENCES_MAP } from '../../../src/shared/protocol/adaptationReferences.js'
import { type InviteClaims, mayOpen, mayWrite, ROLES } from '../../../src/shared/protocol/invite.js'
import { commentsRoomOf } from '../../../src/shared/protocol/rooms.js'
import { clientOf, mapChangeOf, structsOnly } from '../../helpers/mapUpdates.js'

type Claims = Pick<InviteClaims, 'city'>
const LAGOS: Claims = { city: 'Lagos' }
const NO_CITY: Claims = {}

const idOf = (n: number) => n.toString(16).padStart(16, '0')
/** The documents the network holds on the relay, in these tests. */
const HELD = new Set([idOf(100), idOf(101)])
const holds = (document: string) => HELD.has(document)

/** A reference to adaptation `n` of the held document 100, from Lagos, as the app writes it. */
function reference(n: number, change: Partial<Record<keyof AdaptationReference, unknown>> = {}): Record<string, unknown> {
  return { adaptation: idOf(n), source: idOf(100), network: 'quito-net', city: 'Lagos', at: '2025-03-01T10:00:00.000Z', ...change }
}

/** The update `change` makes to `doc`'s references. */
function changeOf(doc: Y.Doc, change: (references: Y.Map<unknown>) => void): Uint8Array {
  return mapChangeOf(doc, REFERENCES_MAP, change)
}

/** The update that sets `value` under `key` in a doc of its own. */
function setting(key: string, value: unknown): Uint8Array {
  return changeOf(new Y.Doc(), (references) => references.set(key, value))
}

/** A room holding `stored`, each taken as it would be from Lagos. */
function roomWith(...stored: Record<string, unknown>[]): Y.Doc {
  const room = new Y.Doc()
  for (const value of stored) {
    const update = changeOf(clientOf(room), (references) => references.set(value['adaptation'] as string, value))
    expect(adaptationRefusal(update, room, LAGOS, holds)).toBeNull()
    Y.applyUpdate(room, update)
  }
  return room
}

describe('what the relay takes into an adaptations room', () => {
  it('takes a new reference naming the invite’s city, and refuses one naming another', () => {
    const room = new Y.Doc()
    expect(adaptationRefusal(setting(idOf(1), reference(1)), room, LAGOS, holds)).toBeNull()
    expect(adaptationRefusal(setting(idOf(1), reference(1)), room, { city: 'Quito' }, holds)).toMatch(/city other than the invite's/)
    expect(adaptationRefusal(setting(idOf(1), reference(1)), room, NO_CITY, holds)).toMatch(/city other than the invite's/)
    // An invite naming no city adds references naming none, and only those.
    expect(adaptationRefusal(setting(idOf(1), reference(1, { city: '' })), room, NO_CITY, holds)).toBeNull()
    expect(adaptationRefusal(setting(idOf(1), reference(1, { city: '' })), room, LAGOS, holds)).toMatch(/city other than the invite's/)
  })

  it('refuses a reference to a document the network does not hold, asking of each source once', () => {
    const room = new Y.Doc()
    expect(adaptationRefusal(setting(idOf(1), reference(1, { source: idOf(102) })), room, LAGOS, holds)).toMatch(/does not hold/)
    const asked: string[] = []
    const several = changeOf(new Y.Doc(), (references) => {
      references.set(idOf(1), reference(1))
      references.set(idOf(2), reference(2))
      references.set(idOf(3), reference(3, { source: idOf(101) }))
    })
    expect(
      adaptationRefusal(several, room, LAGOS, (document) => {
        asked.push(document)
        return holds(document)
      }),
    ).toBeNull()
    expect(asked.sort()).toEqual([idOf(100), idOf(101)])
    // One unheld source among held ones refuses the whole update.
    const mixed = changeOf(new Y.Doc(), (references) => {
      references.set(idOf(1), reference(1))
      references.set(idOf(2), reference(2, { source: idOf(102) }))
    })
    expect(adaptationRefusal(mixed, room, LAGOS, holds)).toMatch(/does not hold/)
  })

  it('refuses a key the room holds, or one set twice in the same update', () => {
    const room = roomWith(reference(1))
    // From a client that does not know the room's reference, so that nothing but the key gives it away.
    expect(adaptationRefusal(setting(idOf(1), reference(1, { source: idOf(101) })), room, LAGOS, holds)).toMatch(/already set/)
    const once = setting(idOf(2), reference(2))
    const again = setting(idOf(2), reference(2))
    expect(adaptationRefusal(once, room, LAGOS, holds)).toBeNull()
    expect(adaptationRefusal(Y.mergeUpdates([once, again]), room, LAGOS, holds)).toMatch(/already set/)
  })

  it('skips the structs the room already holds, as a step 2 racing with the room’s own sends them again', () => {
    const room = roomWith(reference(1))
    const client = clientOf(room)
    client.getMap(REFERENCES_MAP).set(idOf(2), reference(2))
    expect(adaptationRefusal(Y.encodeStateAsUpdate(client), room, LAGOS, holds)).toBeNull()
    // Lagos's reference, sent again from an invite of another city: nothing new.
    expect(adaptationRefusal(Y.encodeStateAsUpdate(room), room, { city: 'Quito' }, holds)).toBeNull()
  })

  it('refuses an overwrite, a deletion, and anything outside the references map', () => {
    const room = roomWith(reference(1))
    const overwrite = changeOf(clientOf(room), (references) => references.set(idOf(1), reference(1, { source: idOf(101) })))
    expect(adaptationRefusal(overwrite, room, LAGOS, holds)).toMatch(/deletes/)
    // Without the deletion of the value it replaces, which Yjs would make itself on applying it.
    const crafted = structsOnly(overwrite)
    expect(Y.decodeUpdate(crafted).ds.clients.size).toBe(0)
    const applied = clientOf(room)
    Y.applyUpdate(applied, crafted)
    expect(applied.getMap(REFERENCES_MAP).get(idOf(1))).toMatchObject({ source: idOf(101) })
    expect(adaptationRefusal(crafted, room, LAGOS, holds)).toMatch(/other than new values of the references map/)
    const deletion = changeOf(clientOf(room), (references) => references.delete(idOf(1)))
    expect(adaptationRefusal(deletion, room, LAGOS, holds)).toMatch(/deletes/)
    const outside = (change: (doc: Y.Doc) => void) => {
      const doc = clientOf(room)
      const before = Y.encodeStateVector(doc)
      change(doc)
      return adaptationRefusal(Y.encodeStateAsUpdate(doc, before), room, LAGOS, holds)
    }
    expect(outside((doc) => doc.getMap('other').set(idOf(2), reference(2)))).toMatch(/other than new values/)
    expect(outside((doc) => doc.getText('x').insert(0, 'Lagos'))).toMatch(/other than new values/)
    expect(outside((doc) => doc.getMap(REFERENCES_MAP).set(idOf(2), new Y.Map()))).toMatch(/other than new values/)
  })

  it.each([
    ['a string', idOf(1), 'Lagos adapted it'],
    ['an array', idOf(1), [reference(1)]],
    ['no source', idOf(1), reference(1, { source: undefined })],
    ['a source that is no document id', idOf(1), reference(1, { source: 'catalog' })],
    ['an adaptation that is no document id', 'adaptation-1', reference(1, { adaptation: 'adaptation-1' })],
    ['an adaptation other than its key', idOf(2), reference(1)],
    ['a network that is no network id', idOf(1), reference(1, { network: 'Quito Net' })],
    ['a city that is no text', idOf(1), reference(1, { city: 7 })],
    ['a city too long', idOf(1), reference(1, { city: 'L'.repeat(101) })],
    ['a time that is a number', idOf(1), reference(1, { at: 1_740_823_200_000 })],
    ['a time with no zone', idOf(1), reference(1, { at: '2025-03-01T10:00:00' })],
    ['a time with no seconds', idOf(1), reference(1, { at: '2025-03-01T10:00Z' })],
    ['a day its month has not', idOf(1), reference(1, { at: '2025-02-29T10:00:00Z' })],
  ])('refuses %s', (_case, key, value) => {
    expect(adaptationRefusal(setting(key, value), new Y.Doc(), LAGOS, holds)).toMatch(/does not read/)
  })

  it.each([
    ['an offset', '2025-03-01T10:00:00+01:00'],
    ['a leap day', '2024-02-29T10:00:00Z'],
    ['no fraction of a second', '2025-03-01T10:00:00Z'],
  ])('takes a time with %s', (_case, at) => {
    expect(adaptationRefusal(setting(idOf(1), reference(1, { at })), new Y.Doc(), LAGOS, holds)).toBeNull()
  })
})

describe('who opens and writes an adaptations room', () => {
  it('lets every role write it, as a comments room, and no other room of the network more than before', () => {
    for (const role of ROLES) expect(mayWrite(role, ADAPTATIONS_DOCUMENT)).toBe(true)
    expect([mayWrite('viewer', idOf(100)), mayWrite('viewer', 'catalog'), mayWrite('member', 'catalog')]).toEqual([false, false, false])
  })

  it('is not opened with a workshop’s session token, which admits to its document and comments only', () => {
    const session = { doc: idOf(100) }
    expect([mayOpen(session, idOf(100)), mayOpen(session, commentsRoomOf(idOf(100))), mayOpen(session, ADAPTATIONS_DOCUMENT)]).toEqual([true, true, false])
    expect(mayOpen({}, ADAPTATIONS_DOCUMENT)).toBe(true)
  })
})
