import { describe, expect, it } from 'vitest'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import { closedForGood, eventually, useClients, useRawConnections } from '../../helpers/clients.js'
import { type RelayProcess, useRelays } from '../../helpers/relay.js'
import { guestToken, startWorkshop, storedDocument } from '../../helpers/relayWorkshops.js'
import { storedDoc } from '../../helpers/storedDoc.js'
import { updateFrame } from '../../helpers/updateFrame.js'

/** The text a room's stored state holds, read from the relay's store, or null when nothing is stored. */
async function storedText(relay: RelayProcess, room: string): Promise<string | null> {
  return (await storedDoc(relay, room))?.getText('t').toString() ?? null
}

describe("a workshop's session token", () => {
  const relays = useRelays()
  const clients = useClients()
  const raw = useRawConnections()

  it('opens its document and that document’s comments room, and syncs both', async () => {
    const relay = await relays.start()
    const facilitator = await storedDocument(relay, clients, 'brt/notes', 'Agenda')
    const { code } = await startWorkshop(relay, facilitator, 'notes')
    const token = await guestToken(relay, relays.issued, code)

    const guest = clients.connect(relay.url, 'brt/notes', token, { ack: true })
    await guest.synced()
    expect(guest.doc.getText('t').toString()).toBe('Agenda')
    guest.doc.getText('t').insert(6, ' and notes')
    const reader = clients.connect(relay.url, 'brt/notes', facilitator)
    await eventually(() => reader.doc.getText('t').toString() === 'Agenda and notes', "the guest's words reach the facilitator")
    await eventually(() => guest.stored.some((count) => count >= 2), "the guest's words are stored")
    expect(await storedText(relay, 'brt/notes')).toBe('Agenda and notes')

    const comments = clients.connect(relay.url, 'brt/notes-comments', token)
    await comments.synced()
    expect(comments.closes).toEqual([])
  })

  it.each([
    ['another document', '/brt/budget'],
    ["the network's catalog", '/brt/catalog'],
    ["its document's version history", '/brt/notes-versions'],
    ["another document's comments", '/brt/budget-comments'],
    ["the network's feed", '/brt'],
  ])('is refused for %s with 4406, before a byte of it is sent, and nothing it sends arrives or is stored', async (_case, path) => {
    const relay = await relays.start()
    const facilitator = await storedDocument(relay, clients, 'brt/notes')
    await storedDocument(relay, clients, 'brt/budget', 'Budget')
    await storedDocument(relay, clients, 'brt/catalog', 'Catalog')
    const { code } = await startWorkshop(relay, facilitator, 'notes')
    const token = await guestToken(relay, relays.issued, code)

    const connection = raw.connect(relay.url, path, token)
    await connection.opened
    connection.ws.send(updateFrame('written by a guest'))
    expect(await connection.closed).toEqual({ code: CLOSE.wrongDocument.code, reason: CLOSE.wrongDocument.reason })
    expect(connection.frames).toEqual([])

    // A stock client is told too, and does not reconnect.
    const stock = clients.connect(relay.url, path.slice(1), token)
    await closedForGood(stock, CLOSE.wrongDocument, 'the stock client is refused')

    if (path === '/brt') return
    const room = path.slice(1)
    const reader = clients.connect(relay.url, room, facilitator)
    await reader.synced()
    const before = { 'brt/budget': 'Budget', 'brt/catalog': 'Catalog' }[room] ?? ''
    expect(reader.doc.getText('t').toString()).toBe(before)
    expect(await storedText(relay, room)).toBe(before === '' ? null : before)
  })
})
