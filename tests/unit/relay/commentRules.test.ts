import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { commentRefusal } from '../../../src/relay/commentRules.js'
import { type CommentEvent, EVENTS_MAP } from '../../../src/shared/protocol/commentEvents.js'
import type { InviteClaims } from '../../../src/shared/protocol/invite.js'
import { clientOf, mapChangeOf, structsOnly } from '../../helpers/mapUpdates.js'

type Claims = Pick<InviteClaims, 'name' | 'city' | 'role'>
const ALICE: Claims = { name: 'Alice', city: 'Paris', role: 'member' }
const BOB: Claims = { name: 'Bob', city: 'Lyon', role: 'member' }
const CAROL: Claims = { name: 'Carol', role: 'facilitator' }

const idOf = (n: number) => n.toString(16).padStart(16, '0')

/** An event of `kind` by `claims`, reading as commentEvents.ts wants; `thread` defaults to its own id. */
function event(n: number, kind: CommentEvent['kind'], claims: Claims, thread = n): Record<string, unknown> {
  const { name, city, role } = claims
  return {
    id: idOf(n),
    by: name,
    ...(city ? { city } : {}),
    role,
    kind,
    thread: idOf(thread),
    ...(kind === 'comment' || kind === 'reanchor' ? { anchor: { start: 'AAAA', end: 'AAAB' }, quote: 'quoted' } : {}),
    ...(kind === 'comment' || kind === 'reply' ? { body: 'said' } : {}),
    at: 1_700_000_000_000,
  }
}

/** The update `change` makes to `doc`'s events. */
function changeOf(doc: Y.Doc, change: (events: Y.Map<unknown>) => void): Uint8Array {
  return mapChangeOf(doc, EVENTS_MAP, change)
}

/** A room holding `events`, each added as `claims` would add it. */
function roomWith(...events: [Claims, Record<string, unknown>][]): Y.Doc {
  const room = new Y.Doc()
  for (const [claims, stored] of events) {
    const update = changeOf(clientOf(room), (map) => map.set(stored['id'] as string, stored))
    expect(commentRefusal(update, room, claims)).toBeNull()
    Y.applyUpdate(room, update)
  }
  return room
}

describe('what the relay takes into a comments room', () => {
  it('takes new events of the invite’s holder, and refuses one naming anyone else', () => {
    const room = new Y.Doc()
    const update = changeOf(new Y.Doc(), (map) => map.set(idOf(1), event(1, 'comment', ALICE)))
    expect(commentRefusal(update, room, ALICE)).toBeNull()
    expect(commentRefusal(update, room, BOB)).toMatch(/someone other/)
    expect(commentRefusal(update, room, { ...ALICE, city: 'Lyon' })).toMatch(/someone other/)
    expect(commentRefusal(update, room, { ...ALICE, city: undefined })).toMatch(/someone other/)
    expect(commentRefusal(update, room, { ...ALICE, role: 'viewer' })).toMatch(/someone other/)
  })

  it('skips the structs the room already holds, even others’ events a client sends again', () => {
    const room = roomWith([BOB, event(1, 'comment', BOB)])
    const client = clientOf(room)
    client.getMap(EVENTS_MAP).set(idOf(2), event(2, 'reply', ALICE, 1))
    // The whole of the client's state, as a step 2 racing with the room's own would send it.
    expect(commentRefusal(Y.encodeStateAsUpdate(client), room, ALICE)).toBeNull()
    // Bob's event alone, sent again by Alice: not hers, but nothing new either.
    expect(commentRefusal(Y.encodeStateAsUpdate(room), room, ALICE)).toBeNull()
  })

  it('refuses structs that do not follow on from what the room holds of their writer, which Yjs would hold back and apply later unchecked', () => {
    const room = new Y.Doc()
    const client = new Y.Doc()
    const first = changeOf(client, (map) => map.set(idOf(1), event(1, 'comment', ALICE)))
    const second = changeOf(client, (map) => map.set(idOf(2), event(2, 'comment', ALICE)))
    const third = changeOf(client, (map) => map.set(idOf(3), event(3, 'comment', ALICE)))
    Y.applyUpdate(room, first)
    const gapped = Y.mergeUpdates([first, third])
    expect(Y.decodeUpdate(gapped).structs.some((struct) => struct instanceof Y.Skip)).toBe(true)
    expect(commentRefusal(gapped, room, ALICE)).toMatch(/skips part/)
    expect(commentRefusal(third, room, ALICE)).toMatch(/skips part/)
    expect(commentRefusal(Y.mergeUpdates([second, third]), room, ALICE)).toBeNull()
    expect(commentRefusal(Y.mergeUpdates([first, second, third]), room, ALICE)).toBeNull()
  })

  it('refuses a key the room holds, or one set twice in the same update', () => {
    const room = roomWith([BOB, event(1, 'comment', BOB)])
    // From a client that does not know the room's event, so that nothing but the key gives it away.
    const unaware = changeOf(new Y.Doc(), (map) => map.set(idOf(1), event(1, 'comment', ALICE)))
    expect(commentRefusal(unaware, room, ALICE)).toMatch(/already set/)
    const once = changeOf(new Y.Doc(), (map) => map.set(idOf(2), event(2, 'comment', ALICE)))
    const again = changeOf(new Y.Doc(), (map) => map.set(idOf(2), event(2, 'comment', ALICE)))
    expect(commentRefusal(once, room, ALICE)).toBeNull()
    expect(commentRefusal(Y.mergeUpdates([once, again]), room, ALICE)).toMatch(/already set/)
  })

  it('refuses an overwrite, a deletion, and anything outside the events map', () => {
    const room = roomWith([ALICE, event(1, 'comment', ALICE)])
    const overwrite = changeOf(clientOf(room), (map) => map.set(idOf(1), { ...event(1, 'comment', ALICE), body: 'changed' }))
    expect(commentRefusal(overwrite, room, ALICE)).toMatch(/deletes/)
    // Without the deletion of the value it replaces, which Yjs would make itself on applying it.
    const crafted = structsOnly(overwrite)
    expect(Y.decodeUpdate(crafted).ds.clients.size).toBe(0)
    const applied = clientOf(room)
    Y.applyUpdate(applied, crafted)
    expect(applied.getMap(EVENTS_MAP).get(idOf(1))).toMatchObject({ body: 'changed' })
    expect(commentRefusal(crafted, room, ALICE)).toMatch(/other than new values/)
    const deletion = changeOf(clientOf(room), (map) => map.delete(idOf(1)))
    expect(commentRefusal(deletion, room, ALICE)).toMatch(/deletes/)
    const outside = (change: (doc: Y.Doc) => void) => {
      const doc = clientOf(room)
      const before = Y.encodeStateVector(doc)
      change(doc)
      return commentRefusal(Y.encodeStateAsUpdate(doc, before), room, ALICE)
    }
    expect(outside((doc) => doc.getMap('other').set(idOf(2), event(2, 'comment', ALICE)))).toMatch(/other than new values/)
    expect(outside((doc) => doc.getText('x').insert(0, 'x'))).toMatch(/other than new values/)
    expect(outside((doc) => doc.getMap(EVENTS_MAP).set(idOf(2), new Y.Map()))).toMatch(/other than new values/)
    expect(outside((doc) => doc.getMap(EVENTS_MAP).set(idOf(2), 'a string'))).toMatch(/does not read/)
  })

  it('refuses garbage-collected structs', () => {
    const encoder = encoding.createEncoder()
    // One client (7) with one struct, a GC of length 1 at clock 0, and an empty delete set.
    for (const value of [1, 1, 7, 0]) encoding.writeVarUint(encoder, value)
    encoding.writeUint8(encoder, 0)
    for (const value of [1, 0]) encoding.writeVarUint(encoder, value)
    const update = encoding.toUint8Array(encoder)
    expect(Y.decodeUpdate(update).structs[0]).toBeInstanceOf(Y.GC)
    expect(commentRefusal(update, new Y.Doc(), ALICE)).toMatch(/other than new values/)
  })

  it('refuses an event that does not read, or is not under its own id', () => {
    const room = new Y.Doc()
    const { body: _body, ...bodiless } = event(1, 'comment', ALICE)
    const refusal = (key: string, stored: unknown) =>
      commentRefusal(
        changeOf(new Y.Doc(), (map) => map.set(key, stored)),
        room,
        ALICE,
      )
    expect(refusal(idOf(1), event(1, 'comment', ALICE))).toBeNull()
    expect(refusal(idOf(1), bodiless)).toMatch(/does not read/)
    expect(refusal('not-an-id', { ...event(1, 'comment', ALICE), id: 'not-an-id', thread: 'not-an-id' })).toMatch(/does not read/)
    expect(refusal(idOf(2), event(1, 'comment', ALICE))).toMatch(/does not read/)
  })

  it('lets only a thread’s author or a facilitator act on it, and only on a thread the room holds', () => {
    const room = roomWith([ALICE, event(1, 'comment', ALICE)], [BOB, event(2, 'reply', BOB, 1)])
    const adding = (stored: Record<string, unknown>, claims: Claims) =>
      commentRefusal(
        changeOf(clientOf(room), (map) => map.set(stored['id'] as string, stored)),
        room,
        claims,
      )
    expect(adding(event(3, 'resolve', ALICE, 1), ALICE)).toBeNull()
    expect(adding(event(3, 'resolve', CAROL, 1), CAROL)).toBeNull()
    expect(adding(event(3, 'reply', BOB, 1), BOB)).toBeNull()
    for (const kind of ['resolve', 'reopen', 'delete', 'reanchor'] as const) expect(adding(event(3, kind, BOB, 1), BOB)).toMatch(/someone else opened/)
    expect(adding(event(3, 'reply', BOB, 9), BOB)).toMatch(/does not hold/)
    expect(adding(event(3, 'resolve', ALICE, 9), ALICE)).toMatch(/does not hold/)
    // A reply opens no thread.
    expect(adding(event(3, 'reply', BOB, 2), BOB)).toMatch(/does not hold/)
  })

  it('takes an event acting on a thread opened in the same update, wherever its writer’s structs come in it', () => {
    const room = new Y.Doc()
    const together = changeOf(new Y.Doc(), (map) => {
      map.set(idOf(1), event(1, 'comment', BOB))
      map.set(idOf(2), event(2, 'reply', BOB, 1))
      map.set(idOf(3), event(3, 'resolve', BOB, 1))
    })
    expect(commentRefusal(together, room, BOB)).toBeNull()
    // Written from two docs, as the app writes each event: Yjs orders clients by id, not by time.
    for (let attempt = 0; attempt < 8; attempt += 1) {
      const comment = changeOf(new Y.Doc(), (map) => map.set(idOf(10 + attempt), event(10 + attempt, 'comment', BOB)))
      const resolve = changeOf(new Y.Doc(), (map) => map.set(idOf(20 + attempt), event(20 + attempt, 'resolve', BOB, 10 + attempt)))
      expect(commentRefusal(Y.mergeUpdates([resolve, comment]), room, BOB)).toBeNull()
    }
    const orphanResolve = changeOf(new Y.Doc(), (map) => map.set(idOf(40), event(40, 'resolve', BOB, 41)))
    expect(commentRefusal(orphanResolve, room, BOB)).toMatch(/does not hold/)
  })
})
