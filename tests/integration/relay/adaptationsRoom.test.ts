import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ADAPTATIONS_DOCUMENT, REFERENCES_MAP } from '../../../src/shared/protocol/adaptationReferences.js'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import type { Role } from '../../../src/shared/protocol/invite.js'
import { encodeUpdate } from '../../../src/shared/protocol/syncFrames.js'
import { type Client, closedForGood, eventually, useClients, useRawConnections } from '../../helpers/clients.js'
import { type RelayProcess, useRelays } from '../../helpers/relay.js'
import { callRelay, guestToken, reasonOf, startWorkshop, storedDocument } from '../../helpers/relayWorkshops.js'

/** Network A, whose case study is adapted, and network B, elsewhere. */
const A = 'lagos-net'
const B = 'quito-net'
const ROOM = `${A}/${ADAPTATIONS_DOCUMENT}`
const idOf = (n: number) => n.toString(16).padStart(16, '0')
/** The case study network A holds on the relay. */
const SOURCE = idOf(100)

interface Person {
  name: string
  city?: string
  role: Role
}
const ADA: Person = { name: 'Ada', city: 'Lagos', role: 'viewer' }
const BEN: Person = { name: 'Ben', city: 'Abuja', role: 'member' }
const FAY: Person = { name: 'Fay', role: 'facilitator' }

/** A reference to adaptation `n` of SOURCE, living in network B, from Lagos, as the app writes it. */
function reference(n: number, change: Record<string, unknown> = {}): Record<string, unknown> {
  return { adaptation: idOf(n), source: SOURCE, network: B, city: 'Lagos', at: '2025-03-01T10:00:00.000Z', ...change }
}

describe('a network’s adaptations room on the relay', () => {
  const relays = useRelays()
  const clients = useClients()
  const raw = useRawConnections()

  const invite = (relay: RelayProcess, person: Person, network = A) =>
    relay.invite(network, person.role, { name: person.name, ...(person.city ? { city: person.city } : {}) })

  /** A relay on which network A holds SOURCE. */
  async function started(): Promise<RelayProcess> {
    const relay = await relays.start()
    await storedDocument(relay, clients, `${A}/${SOURCE}`, 'Bus rapid transit in Lagos')
    return relay
  }

  /** `person`'s stock client in the room, synced. */
  async function join(relay: RelayProcess, person: Person, room = ROOM, network = A): Promise<Client> {
    const client = clients.connect(relay.url, room, await invite(relay, person, network))
    await client.synced()
    return client
  }

  function add(client: Client, stored: Record<string, unknown>, key = stored['adaptation'] as string): void {
    client.doc.getMap(REFERENCES_MAP).set(key, stored)
  }

  /** Ada adds `stored`, and the relay has stored it. */
  async function added(relay: RelayProcess, stored: Record<string, unknown>): Promise<void> {
    const ada = clients.connect(relay.url, ROOM, await invite(relay, ADA), { ack: true })
    await ada.synced()
    add(ada, stored)
    await eventually(() => ada.stored.length > 0, 'the relay stores the reference')
  }

  /** What a client of network A connecting now gets of the room's references. */
  async function referencesOn(relay: RelayProcess): Promise<Record<string, unknown>> {
    return (await join(relay, FAY)).doc.getMap(REFERENCES_MAP).toJSON()
  }

  const expectRefused = (client: Client) => closedForGood(client, CLOSE.adaptationRefused, 'the client is closed for what it added')

  it('takes a viewer’s reference naming their city, which another invite of the network reads, and stores it', async () => {
    const relay = await started()
    const ada = await join(relay, ADA)
    add(ada, reference(1))
    const ben = await join(relay, BEN)
    await eventually(() => ben.doc.getMap(REFERENCES_MAP).has(idOf(1)), 'the reference reaches a client with another invite')
    expect(ben.doc.getMap(REFERENCES_MAP).toJSON()).toEqual({ [idOf(1)]: reference(1) })
    expect(ada.closes).toEqual([])
    expect(await referencesOn(await relays.restart(relay))).toEqual({ [idOf(1)]: reference(1) })
  })

  it.each([
    ['another city', ADA, { city: 'Quito' }],
    ['no city, from an invite naming one', ADA, { city: '' }],
    ['a city, from an invite naming none', FAY, {}],
  ])('refuses a reference naming %s, and stores nothing of it', async (_case, person, change) => {
    const relay = await started()
    const client = await join(relay, person)
    add(client, reference(1, change))
    await expectRefused(client)
    expect((await relay.metrics()).get('casebook_relay_rejected_frames_total{reason="adaptationRefused"}')).toBe(1)
    const logged = relay.logs.find((line) => line['reason'] === 'adaptationRefused')
    expect(logged?.['detail']).toMatch(/city other than the invite's/)
    expect(await referencesOn(relay)).toEqual({})
    expect(await referencesOn(await relays.restart(relay))).toEqual({})
  })

  it('refuses a member’s overwrite and deletion of a reference, from a client that holds it or one that does not, and keeps the original', async () => {
    const relay = await started()
    const ada = await join(relay, ADA)
    add(ada, reference(1))
    const ben = await join(relay, BEN)
    await eventually(() => ben.doc.getMap(REFERENCES_MAP).has(idOf(1)), 'Ben has Ada’s reference')
    add(ben, reference(1, { city: 'Abuja' }))
    await expectRefused(ben)

    const deleter = await join(relay, BEN)
    deleter.doc.getMap(REFERENCES_MAP).delete(idOf(1))
    await expectRefused(deleter)

    // A client that never synced sets the same key afresh, with no origin: only the key gives it away.
    const unaware = raw.connect(relay.url, `/${ROOM}`, await invite(relay, BEN))
    await unaware.opened
    const doc = new Y.Doc()
    doc.getMap(REFERENCES_MAP).set(idOf(1), reference(1, { city: 'Abuja' }))
    unaware.ws.send(encodeUpdate(Y.encodeStateAsUpdate(doc)))
    expect((await unaware.closed).code).toBe(CLOSE.adaptationRefused.code)

    expect(await referencesOn(relay)).toEqual({ [idOf(1)]: reference(1) })
    expect(ada.doc.getMap(REFERENCES_MAP).toJSON()).toEqual({ [idOf(1)]: reference(1) })
    expect(await referencesOn(await relays.restart(relay))).toEqual({ [idOf(1)]: reference(1) })
  })

  it('refuses a reference to a document network A does not hold: none, one of network B, or one a viewer opened empty', async () => {
    const relay = await started()
    await storedDocument(relay, clients, `${B}/${idOf(200)}`, 'Cable cars in Quito')
    // Opening a document's address loads its room, with nothing in it; the viewer stays connected.
    await join(relay, ADA, `${A}/${idOf(300)}`)
    for (const source of [idOf(101), idOf(200), idOf(300)]) {
      const ada = await join(relay, ADA)
      add(ada, reference(1, { source }))
      await expectRefused(ada)
    }
    const logged = relay.logs.filter((line) => line['reason'] === 'adaptationRefused').map((line) => line['detail'])
    expect(logged).toEqual(Array(3).fill('A reference adapts a document the network does not hold on the relay.'))
    expect(await referencesOn(relay)).toEqual({})
  })

  it('sends nothing of the room to an invite of another network, and takes nothing from it', async () => {
    const relay = await started()
    await added(relay, reference(1))

    const outsider = raw.connect(relay.url, `/${ROOM}`, await invite(relay, ADA, B))
    await outsider.opened
    const doc = new Y.Doc()
    doc.getMap(REFERENCES_MAP).set(idOf(2), reference(2))
    outsider.ws.send(encodeUpdate(Y.encodeStateAsUpdate(doc)))
    expect(await outsider.closed).toEqual({ code: CLOSE.wrongNetwork.code, reason: CLOSE.wrongNetwork.reason })
    expect(outsider.frames).toEqual([])

    const stock = clients.connect(relay.url, ROOM, await invite(relay, FAY, B))
    await closedForGood(stock, CLOSE.wrongNetwork, 'the stock client is refused')
    expect(stock.doc.getMap(REFERENCES_MAP).toJSON()).toEqual({})
    expect(await referencesOn(relay)).toEqual({ [idOf(1)]: reference(1) })
  })

  it('is not opened with a workshop’s session token, and no workshop starts on it', async () => {
    const relay = await started()
    await added(relay, reference(1))
    const facilitator = await invite(relay, FAY)
    const { code } = await startWorkshop(relay, facilitator, SOURCE)
    const token = await guestToken(relay, relays.issued, code)

    const guest = raw.connect(relay.url, `/${ROOM}`, token)
    await guest.opened
    expect(await guest.closed).toEqual({ code: CLOSE.wrongDocument.code, reason: CLOSE.wrongDocument.reason })
    expect(guest.frames).toEqual([])

    const answer = await callRelay(relay, '/workshops', { token: facilitator, body: { document: ADAPTATIONS_DOCUMENT } })
    expect([answer.status, reasonOf(answer)]).toEqual([400, 'badRequest'])
  })

  it.each([
    ['a value that is no object', idOf(1), 'Lagos adapted it'],
    ['a reference under a key other than its adaptation', idOf(2), reference(1)],
    ['a reference with no source', idOf(1), reference(1, { source: undefined })],
    ['a reference whose network is no network id', idOf(1), reference(1, { network: 'Quito Net' })],
    ['a reference whose time does not read', idOf(1), reference(1, { at: 'yesterday' })],
  ])('refuses %s', async (_case, key, stored) => {
    const relay = await started()
    const ada = await join(relay, ADA)
    ada.doc.getMap(REFERENCES_MAP).set(key, typeof stored === 'string' ? stored : JSON.parse(JSON.stringify(stored)))
    await expectRefused(ada)
    expect(relay.logs.find((line) => line['reason'] === 'adaptationRefused')?.['detail']).toMatch(/does not read/)
    expect(await referencesOn(relay)).toEqual({})
  })

  it('refuses anything but new references: another map, a text', async () => {
    const relay = await started()
    for (const change of [(doc: Y.Doc) => doc.getMap('other').set(idOf(1), reference(1)), (doc: Y.Doc) => doc.getText('x').insert(0, 'Lagos')]) {
      const ben = await join(relay, BEN)
      change(ben.doc)
      await expectRefused(ben)
    }
    const fresh = await join(relay, FAY)
    expect([fresh.doc.getMap('other').toJSON(), fresh.doc.getText('x').toString(), fresh.doc.getMap(REFERENCES_MAP).toJSON()]).toEqual([{}, '', {}])
  })
})
