import * as authProtocol from 'y-protocols/auth'
import * as decoding from 'lib0/decoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import { EVENTS_MAP } from '../../../src/shared/protocol/commentEvents.js'
import type { Role } from '../../../src/shared/protocol/invite.js'
import { MESSAGE } from '../../../src/shared/protocol/messages.js'
import { commentsRoomOf } from '../../../src/shared/protocol/rooms.js'
import { encodeSyncStep2, encodeUpdate } from '../../../src/shared/protocol/syncFrames.js'
import { type Client, closedForGood, eventually, storedAcks, useClients, useRawConnections } from '../../helpers/clients.js'
import { type RelayProcess, useRelays } from '../../helpers/relay.js'

const DOCUMENT = '0123456789abcdef'
const ROOM = `brt/${commentsRoomOf(DOCUMENT)}`

interface Person {
  name: string
  city: string
  role: Role
}
const ANA: Person = { name: 'Ana', city: 'Lisbon', role: 'viewer' }
const BEN: Person = { name: 'Ben', city: 'Oslo', role: 'member' }
const CHI: Person = { name: 'Chi', city: 'Lagos', role: 'member' }
const DEV: Person = { name: 'Dev', city: 'Pune', role: 'facilitator' }

/** What the comments say: no log line of the relay may hold it. */
const SAID = 'Flood maps of the river quarter'

const idOf = (n: number) => n.toString(16).padStart(16, '0')

type Kind = 'comment' | 'reply' | 'resolve'

/** An event of `kind` by `person`, as the app writes it; `thread` defaults to its own id. */
function event(n: number, kind: Kind, person: Person, thread = n): Record<string, unknown> {
  return {
    id: idOf(n),
    by: person.name,
    city: person.city,
    role: person.role,
    kind,
    thread: idOf(thread),
    ...(kind === 'comment' ? { anchor: { start: 'AAAA', end: 'AAAB' }, quote: 'river quarter' } : {}),
    ...(kind === 'resolve' ? {} : { body: `${SAID} (${n})` }),
    at: 1_700_000_000_000 + n,
  }
}

function isPermissionDenied(frame: Uint8Array): boolean {
  const decoder = decoding.createDecoder(frame)
  return decoding.readVarUint(decoder) === MESSAGE.auth && decoding.readVarUint(decoder) === authProtocol.messagePermissionDenied
}

/** The update that sets `stored` under `key` in a document of its own. */
function updateSetting(key: string, stored: unknown): Uint8Array {
  const doc = new Y.Doc()
  doc.getMap(EVENTS_MAP).set(key, stored)
  return Y.encodeStateAsUpdate(doc)
}

describe('a document’s comments room on the relay', () => {
  const relays = useRelays()
  const clients = useClients()
  const raw = useRawConnections()

  const invite = (relay: RelayProcess, person: Person) => relay.invite('brt', person.role, { name: person.name, city: person.city })

  /** A relay holding the document the comments are about, which a member wrote. */
  async function started(): Promise<RelayProcess> {
    const relay = await relays.start()
    const writer = clients.connect(relay.url, `brt/${DOCUMENT}`, await invite(relay, BEN), { ack: true })
    await writer.synced()
    writer.doc.getText('body').insert(0, 'The river quarter floods every spring.')
    await eventually(() => writer.stored.length > 0, 'the relay stores the document')
    return relay
  }

  /** `person`'s stock client in the comments room, synced. */
  async function join(relay: RelayProcess, person: Person, room = ROOM): Promise<Client> {
    const client = clients.connect(relay.url, room, await invite(relay, person))
    await client.synced()
    return client
  }

  function add(client: Client, stored: Record<string, unknown>): void {
    client.doc.getMap(EVENTS_MAP).set(stored['id'] as string, stored)
  }

  /** What a client connecting now gets of the room's events. */
  async function eventsOn(relay: RelayProcess, room = ROOM): Promise<Record<string, unknown>> {
    return (await join(relay, DEV, room)).doc.getMap(EVENTS_MAP).toJSON()
  }

  const expectRefused = (client: Client) => closedForGood(client, CLOSE.commentRefused, 'the client is closed for what it added')

  it('takes a viewer’s comment, which reaches the others and is stored, while the viewer still may not write the document itself', async () => {
    const relay = await started()
    const ana = await join(relay, ANA)
    const ben = await join(relay, BEN)
    add(ana, event(1, 'comment', ANA))
    await eventually(() => ben.doc.getMap(EVENTS_MAP).has(idOf(1)), 'the comment reaches another client')
    expect(ben.doc.getMap(EVENTS_MAP).get(idOf(1))).toEqual(event(1, 'comment', ANA))

    // The same event, from the same invite, to the document's own room.
    const body = raw.connect(relay.url, `/brt/${DOCUMENT}`, await invite(relay, ANA))
    await body.opened
    body.ws.send(encodeUpdate(updateSetting(idOf(1), event(1, 'comment', ANA))))
    await eventually(() => body.frames.some(isPermissionDenied), 'the viewer is told it may not write the document')
    expect(await eventsOn(relay, `brt/${DOCUMENT}`)).toEqual({})
    expect(ana.closes).toEqual([])

    const restarted = await relays.restart(relay)
    expect(await eventsOn(restarted)).toEqual({ [idOf(1)]: event(1, 'comment', ANA) })
    expect(await eventsOn(restarted, `brt/${DOCUMENT}`)).toEqual({})
  })

  it('drops a viewer’s comment on a document the relay does not hold, which no viewer could have made', async () => {
    const relay = await started()
    const room = `brt/${commentsRoomOf('fedcba9876543210')}`
    const ana = raw.connect(relay.url, `/${room}`, await invite(relay, ANA))
    await ana.opened
    ana.ws.send(encodeUpdate(updateSetting(idOf(1), event(1, 'comment', ANA))))
    await eventually(() => ana.frames.some(isPermissionDenied), 'the viewer is told it may not write there')
    expect(await eventsOn(relay, room)).toEqual({})
  })

  it.each([
    ['name', { by: 'Ben' }],
    ['city', { city: 'Oslo' }],
    ['city, left out', { city: undefined }],
    ['role', { role: 'facilitator' }],
  ])('refuses an event whose writer’s %s is not the invite’s, stores none of it, and logs why without what it said', async (_case, change) => {
    const relay = await started()
    const ana = await join(relay, ANA)
    const forged = JSON.parse(JSON.stringify({ ...event(1, 'comment', ANA), ...change })) as Record<string, unknown>
    add(ana, forged)
    await expectRefused(ana)
    expect((await relay.metrics()).get('casebook_relay_rejected_frames_total{reason="commentRefused"}')).toBe(1)
    const logged = relay.logs.find((line) => line['reason'] === 'commentRefused')
    expect(logged?.['detail']).toMatch(/someone other than the invite's holder/)
    expect(JSON.stringify(relay.logs)).not.toContain(SAID)
    expect(await eventsOn(await relays.restart(relay))).toEqual({})
  })

  it('refuses an overwrite of someone else’s comment, from a client that holds it or one that does not', async () => {
    const relay = await started()
    const ben = await join(relay, BEN)
    add(ben, event(1, 'comment', BEN))
    const chi = await join(relay, CHI)
    await eventually(() => chi.doc.getMap(EVENTS_MAP).has(idOf(1)), 'Chi has Ben’s comment')
    add(chi, event(1, 'comment', CHI))
    await expectRefused(chi)

    // A client that never synced sets the same key afresh, with no origin: only the key gives it away.
    const unaware = raw.connect(relay.url, `/${ROOM}`, await invite(relay, CHI))
    await unaware.opened
    let closedWith = 0
    void unaware.closed.then(({ code }) => (closedWith = code))
    unaware.ws.send(encodeUpdate(updateSetting(idOf(1), event(1, 'comment', CHI))))
    await eventually(() => closedWith === CLOSE.commentRefused.code, 'the unaware client is closed for setting a key the room holds')

    expect(await eventsOn(relay)).toEqual({ [idOf(1)]: event(1, 'comment', BEN) })
    expect(ben.doc.getMap(EVENTS_MAP).get(idOf(1))).toEqual(event(1, 'comment', BEN))
  })

  it('refuses an update that deletes, even the writer’s own comment', async () => {
    const relay = await started()
    const ben = await join(relay, BEN)
    add(ben, event(1, 'comment', BEN))
    const dev = await join(relay, DEV)
    await eventually(() => dev.doc.getMap(EVENTS_MAP).has(idOf(1)), 'the comment is in the room')
    ben.doc.getMap(EVENTS_MAP).delete(idOf(1))
    await expectRefused(ben)
    expect(await eventsOn(relay)).toEqual({ [idOf(1)]: event(1, 'comment', BEN) })
  })

  it.each([
    ['a comment with no body', idOf(1), { ...event(1, 'comment', BEN), body: undefined }],
    ['an id of the wrong shape', 'comment-1', { ...event(1, 'comment', BEN), id: 'comment-1', thread: 'comment-1' }],
    ['an id other than its key', idOf(2), event(1, 'comment', BEN)],
    ['a value that is no object', idOf(1), SAID],
  ])('refuses %s', async (_case, key, stored) => {
    const relay = await started()
    const ben = await join(relay, BEN)
    ben.doc.getMap(EVENTS_MAP).set(key, typeof stored === 'string' ? stored : JSON.parse(JSON.stringify(stored)))
    await expectRefused(ben)
    expect(await eventsOn(relay)).toEqual({})
  })

  it.each([
    ['another map', (doc: Y.Doc) => doc.getMap('other').set(idOf(1), event(1, 'comment', BEN))],
    ['a text', (doc: Y.Doc) => doc.getText('x').insert(0, SAID)],
    ['a map nested in the events map', (doc: Y.Doc) => doc.getMap(EVENTS_MAP).set(idOf(1), new Y.Map())],
  ])('refuses a change to %s', async (_case, change) => {
    const relay = await started()
    const ben = await join(relay, BEN)
    change(ben.doc)
    await expectRefused(ben)
    const fresh = await join(relay, DEV)
    expect(fresh.doc.getMap('other').toJSON()).toEqual({})
    expect(fresh.doc.getText('x').toString()).toBe('')
    expect(fresh.doc.getMap(EVENTS_MAP).toJSON()).toEqual({})
  })

  it('lets only a thread’s author or a facilitator resolve it', async () => {
    const relay = await started()
    const ben = await join(relay, BEN)
    add(ben, event(1, 'comment', BEN))
    const chi = await join(relay, CHI)
    await eventually(() => chi.doc.getMap(EVENTS_MAP).has(idOf(1)), 'Chi has Ben’s comment')
    add(chi, event(2, 'resolve', CHI, 1))
    await expectRefused(chi)
    expect(Object.keys(await eventsOn(relay))).toEqual([idOf(1)])

    const dev = await join(relay, DEV)
    add(ben, event(3, 'resolve', BEN, 1))
    add(dev, event(4, 'resolve', DEV, 1))
    const watcher = await join(relay, ANA)
    await eventually(() => watcher.doc.getMap(EVENTS_MAP).size === 3, 'the author’s and the facilitator’s resolves reach another client')
    expect(ben.closes).toEqual([])
    expect(dev.closes).toEqual([])
    expect(await eventsOn(await relays.restart(relay))).toEqual({
      [idOf(1)]: event(1, 'comment', BEN),
      [idOf(3)]: event(3, 'resolve', BEN, 1),
      [idOf(4)]: event(4, 'resolve', DEV, 1),
    })
  })

  it('refuses a reply to a thread the room does not hold, and takes one to a thread it does', async () => {
    const relay = await started()
    const ben = await join(relay, BEN)
    add(ben, event(1, 'comment', BEN))
    const ana = await join(relay, ANA)
    await eventually(() => ana.doc.getMap(EVENTS_MAP).has(idOf(1)), 'Ana has Ben’s comment')
    add(ana, event(2, 'reply', ANA, 1))
    await eventually(() => ben.doc.getMap(EVENTS_MAP).has(idOf(2)), 'the reply reaches Ben')
    add(ana, event(3, 'reply', ANA, 9))
    await expectRefused(ana)
    expect(Object.keys(await eventsOn(relay)).sort()).toEqual([idOf(1), idOf(2)])
  })

  it('takes an event sent again, alone or in a step 2 holding what the room has', async () => {
    const relay = await started()
    const ben = await join(relay, BEN)
    add(ben, event(1, 'comment', BEN))
    const connection = raw.connect(relay.url, `/${ROOM}`, await invite(relay, ANA), '&ack=1')
    await connection.opened
    const doc = new Y.Doc()
    const before = Y.encodeStateVector(doc)
    doc.getMap(EVENTS_MAP).set(idOf(2), event(2, 'comment', ANA))
    const update = Y.encodeStateAsUpdate(doc, before)
    connection.ws.send(encodeUpdate(update))
    connection.ws.send(encodeUpdate(update))
    await eventually(() => storedAcks(connection).includes(2), 'both are acknowledged')

    await eventually(() => ben.doc.getMap(EVENTS_MAP).has(idOf(2)), 'Ana’s comment reaches Ben')
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(ben.doc))
    doc.getMap(EVENTS_MAP).set(idOf(3), event(3, 'reply', ANA, 1))
    // All of Ana's state: Ben's comment and her own first one sent again, with her new reply.
    connection.ws.send(encodeSyncStep2(Y.encodeStateAsUpdate(doc)))
    await eventually(() => storedAcks(connection).includes(3), 'the step 2 is acknowledged')
    expect(connection.ws.readyState).toBe(connection.ws.OPEN)
    expect(await eventsOn(await relays.restart(relay))).toEqual({
      [idOf(1)]: event(1, 'comment', BEN),
      [idOf(2)]: event(2, 'comment', ANA),
      [idOf(3)]: event(3, 'reply', ANA, 1),
    })
  })
})
