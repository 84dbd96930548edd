import { describe, expect, it } from 'vitest'
import { decodeClaims } from '../../../src/relay/invites.js'
import { RelayStore } from '../../../src/relay/store.js'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import type { WorkshopSummary } from '../../../src/shared/protocol/workshops.js'
import { type Client, eventually, rawConnect, useClients } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'
import { callRelay, guestToken, joinWorkshop, startWorkshop, storedDocument } from '../../helpers/relayWorkshops.js'

describe("a workshop's end, and a guest's removal", () => {
  const relays = useRelays()
  const clients = useClients()

  it('ending it closes every guest’s connection within a second; the code then says when it ended, and the document stays', async () => {
    const relay = await relays.start()
    const facilitator = await storedDocument(relay, clients, 'brt/notes', 'Agenda')
    const { code } = await startWorkshop(relay, facilitator, 'notes')
    const guests: Client[] = []
    for (const name of ['Ana', 'Bo', 'Chidi']) {
      const token = await guestToken(relay, relays.issued, code, name)
      guests.push(clients.connect(relay.url, 'brt/notes', token), clients.connect(relay.url, 'brt/notes-comments', token))
    }
    await Promise.all(guests.map((guest) => guest.synced()))
    const host = clients.connect(relay.url, 'brt/notes', facilitator)
    await host.synced()

    const ended = await callRelay<WorkshopSummary>(relay, `/workshops/${code}/end`, { token: facilitator })
    expect(ended.status).toBe(200)
    await eventually(() => guests.every((guest) => guest.closes.includes(CLOSE.workshopEnded.code)), 'every guest is closed as ended', 1000)
    // 44xx: the guests' clients do not reconnect.
    expect(guests.map((guest) => guest.provider.shouldConnect)).toEqual(guests.map(() => false))

    const { endedAt } = ended.body
    expect(endedAt).toEqual(expect.any(Number))
    const late = await joinWorkshop(relay, code, 'Dede')
    expect(late.status).toBe(410)
    expect(late.body).toEqual({ error: { reason: 'workshopEnded', message: `This workshop ended at ${new Date(endedAt!).toISOString()}.`, endedAt } })
    // Ending it again changes nothing.
    expect((await callRelay<WorkshopSummary>(relay, `/workshops/${code}/end`, { token: facilitator })).body.endedAt).toBe(endedAt)

    const token = await relay.invite('brt', 'viewer')
    const reader = clients.connect(relay.url, 'brt/notes', token)
    await reader.synced()
    expect(reader.doc.getText('t').toString()).toBe('Agenda')
    expect(host.closes).toEqual([])
    const again = rawConnect(relay.url, '/brt/notes', guests[0]!.provider.params['token'])
    expect((await again.closed).code).toBe(CLOSE.workshopEnded.code)
  })

  it('removing a guest closes only their connections, and their token is refused from then on', async () => {
    const relay = await relays.start()
    const facilitator = await storedDocument(relay, clients, 'brt/notes', 'Agenda')
    const { code } = await startWorkshop(relay, facilitator, 'notes')
    const removedToken = await guestToken(relay, relays.issued, code, 'Ana')
    const staying = clients.connect(relay.url, 'brt/notes', await guestToken(relay, relays.issued, code, 'Bo'))
    const removed = [clients.connect(relay.url, 'brt/notes', removedToken), clients.connect(relay.url, 'brt/notes-comments', removedToken)]
    await Promise.all([staying, ...removed].map((client) => client.synced()))

    const id = (decodeClaims(removedToken) as { jti: string }).jti
    const answer = await callRelay<WorkshopSummary>(relay, `/workshops/${code}/remove`, { token: facilitator, body: { guest: id } })
    expect(answer.status).toBe(200)
    expect(answer.body.guests.map((guest) => guest.name)).toEqual(['Bo'])
    await eventually(() => removed.every((client) => client.closes.includes(CLOSE.removedFromWorkshop.code)), 'the removed guest is closed', 1000)

    staying.doc.getText('t').insert(0, 'Still here. ')
    const reader = clients.connect(relay.url, 'brt/notes', facilitator)
    await eventually(() => reader.doc.getText('t').toString() === 'Still here. Agenda', "the other guest's words still arrive")
    expect(staying.closes).toEqual([])
    // Told again that they were removed, not that some token was revoked.
    expect((await rawConnect(relay.url, '/brt/notes', removedToken).closed).code).toBe(CLOSE.removedFromWorkshop.code)

    const unknown = await callRelay(relay, `/workshops/${code}/remove`, { token: facilitator, body: { guest: id } })
    expect(unknown.status).toBe(400)
  })

  it('a session token revoked from another process closes its connections as removed, and is refused as removed', async () => {
    const relay = await relays.start()
    const { code } = await startWorkshop(relay, await storedDocument(relay, clients, 'brt/notes', 'Agenda'), 'notes')
    const token = await guestToken(relay, relays.issued, code, 'Ana')
    const guest = clients.connect(relay.url, 'brt/notes', token)
    await guest.synced()
    const store = new RelayStore(relay.dataDir)
    store.revoke((decodeClaims(token) as { jti: string }).jti)
    store.close()
    await eventually(() => guest.closes.includes(CLOSE.removedFromWorkshop.code), 'the guest is closed as removed', 3000)
    expect((await rawConnect(relay.url, '/brt/notes-comments', token).closed).code).toBe(CLOSE.removedFromWorkshop.code)
  })

  it('refuses a session token once its workshop’s end time has passed, and closes its connections then', async () => {
    const relay = await relays.start()
    await storedDocument(relay, clients, 'brt/notes', 'Agenda')
    const store = new RelayStore(relay.dataDir)
    const { code, endsAt } = await store.workshops.start({
      network: 'brt',
      document: 'notes',
      startedBy: 'a test',
      startedAt: Date.now(),
      endsAt: Date.now() + 1500,
    })
    store.close()
    const token = await guestToken(relay, relays.issued, code)
    // Admitted, then closed at the end (or, on a slow machine, refused already): either way as ended.
    const guest = clients.connect(relay.url, 'brt/notes', token)
    await eventually(() => guest.closes.includes(CLOSE.workshopEnded.code), 'the guest is closed as the workshop ends', 5000)
    expect(Date.now()).toBeGreaterThanOrEqual(endsAt)

    expect((await rawConnect(relay.url, '/brt/notes', token).closed).code).toBe(CLOSE.workshopEnded.code)
    const late = await joinWorkshop(relay, code)
    expect(late.status).toBe(410)
    expect((late.body as unknown as { error: { endedAt: number } }).error.endedAt).toBe(endsAt)
  })
})
