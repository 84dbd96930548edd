import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { JoinRefused, joinWorkshop } from '../../../src/renderer/guest/joinWorkshop.js'
import { ticketWriter } from '../../../src/renderer/guest/ticketWriter.js'
import { useClients } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'
import { callRelay, startWorkshop, storedDocument } from '../../helpers/relayWorkshops.js'

/** The page's fetch, which asks its own origin: here, the relay's. */
const fromPage =
  (origin: string): typeof fetch =>
  (path, init) =>
    fetch(`${origin}${String(path)}`, init)

async function refusal(joining: Promise<unknown>): Promise<Pick<JoinRefused, 'reason' | 'endedAt'>> {
  const refused = await joining.then(
    () => {
      throw new Error('the join was not refused')
    },
    (error: unknown) => error,
  )
  expect(refused).toBeInstanceOf(JoinRefused)
  const { reason, endedAt } = refused as JoinRefused
  return { reason, endedAt }
}

describe("the guest page's join", () => {
  const relays = useRelays()
  const clients = useClients()

  it('exchanges the code for a ticket, whose token names the guest as the relay wrote them: trimmed, a member', async () => {
    const relay = await relays.start()
    const { code, endsAt } = await startWorkshop(relay, await storedDocument(relay, clients, 'brt/notes'), 'notes', 30)
    const ticket = await joinWorkshop(code, { name: '  Ana ', city: 'Lagos ' }, fromPage(relay.http))
    relays.issued(ticket.token)
    expect(ticket).toEqual({ token: ticket.token, network: 'brt', document: 'notes', code, endsAt })
    expect(ticketWriter(ticket.token)).toEqual({ name: 'Ana', city: 'Lagos', role: 'member' })

    const cityless = await joinWorkshop(code, { name: 'Bo' }, fromPage(relay.http))
    expect(ticketWriter(relays.issued(cityless.token))).toEqual({ name: 'Bo', role: 'member' })
  })

  it('says which refusal it met: a wrong code, an ended workshop and when it ended, a full one, a bad name, too many tries', async () => {
    const relay = await relays.start({ args: ['--workshop-capacity', '1', '--workshop-failures-per-minute', '2'] })
    const facilitator = await storedDocument(relay, clients, 'brt/notes')
    const open = await startWorkshop(relay, facilitator, 'notes')
    const ended = await startWorkshop(relay, facilitator, 'notes')
    await callRelay(relay, `/workshops/${ended.code}/end`, { token: facilitator })
    const page = fromPage(relay.http)

    relays.issued((await joinWorkshop(open.code, { name: 'Ana' }, page)).token)
    expect(await refusal(joinWorkshop(open.code, { name: 'Bo' }, page))).toEqual({ reason: 'workshopFull', endedAt: undefined })
    expect(await refusal(joinWorkshop(open.code, { name: 'x'.repeat(101) }, page))).toEqual({ reason: 'badRequest', endedAt: undefined })
    const over = await refusal(joinWorkshop(ended.code, { name: 'Bo' }, page))
    expect(over).toEqual({ reason: 'workshopEnded', endedAt: expect.any(Number) })
    expect(over.endedAt).toBeLessThanOrEqual(Date.now())
    const wrong = open.code.replace(/^./, (first) => (first === 'K' ? 'M' : 'K'))
    expect(await refusal(joinWorkshop(wrong, { name: 'Bo' }, page))).toEqual({ reason: 'noWorkshop', endedAt: undefined })
    expect(await refusal(joinWorkshop(open.code, { name: 'Bo' }, page))).toEqual({ reason: 'tooManyTries', endedAt: undefined })
  })

  it('says the workshop is out of reach when nothing answers, and unexpected when what answers is not the relay', async () => {
    const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<p>A captive portal</p>'))
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    try {
      expect(await refusal(joinWorkshop('K7Q42MXR', { name: 'Ana' }, fromPage(origin)))).toEqual({ reason: 'unexpected', endedAt: undefined })
    } finally {
      await new Promise((closed) => server.close(closed))
    }
    expect(await refusal(joinWorkshop('K7Q42MXR', { name: 'Ana' }, fromPage(origin)))).toEqual({ reason: 'unreachable', endedAt: undefined })
  })
})
