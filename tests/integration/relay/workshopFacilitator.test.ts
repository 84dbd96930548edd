import { describe, expect, it } from 'vitest'
import { decodeClaims, signInvite } from '../../../src/relay/invites.js'
import { loadSecret } from '../../../src/relay/secret.js'
import { RelayStore } from '../../../src/relay/store.js'
import { DEFAULT_WORKSHOP_MINUTES, type WorkshopSummary } from '../../../src/shared/protocol/workshops.js'
import { useClients } from '../../helpers/clients.js'
import { type RelayProcess, useRelays } from '../../helpers/relay.js'
import { callRelay, guestToken, joinWorkshop, reasonOf, startWorkshop, storedDocument } from '../../helpers/relayWorkshops.js'

describe("a facilitator's workshop routes", () => {
  const relays = useRelays()
  const clients = useClients()

  it('start a workshop on a stored document for the minutes asked, or the default', async () => {
    const relay = await relays.start()
    const facilitator = await storedDocument(relay, clients, 'brt/notes')
    const before = Date.now()
    const started = await callRelay<WorkshopSummary>(relay, '/workshops', { token: facilitator, body: { document: 'notes', minutes: 45 } })
    expect(started.status).toBe(201)
    expect(started.body).toEqual({
      code: expect.stringMatching(/^[234679ACDEFGHJKMNPQRTUVWXYZ]{8}$/),
      network: 'brt',
      document: 'notes',
      startedAt: expect.any(Number),
      endsAt: expect.any(Number),
      endedAt: null,
      capacity: 200,
      guests: [],
    })
    const { startedAt, endsAt } = started.body
    expect(startedAt).toBeGreaterThanOrEqual(before)
    expect(endsAt - startedAt).toBeGreaterThan(45 * 60_000 - 1000)
    expect(endsAt - startedAt).toBeLessThanOrEqual(45 * 60_000)
    const byDefault = await startWorkshop(relay, facilitator, 'notes')
    expect(byDefault.endsAt - byDefault.startedAt).toBeGreaterThan(DEFAULT_WORKSHOP_MINUTES * 60_000 - 1000)
    expect(byDefault.code).not.toBe(started.body.code)
    const read = await callRelay<WorkshopSummary>(relay, `/workshops/${started.body.code}`, { method: 'GET', token: facilitator })
    expect(read.body).toEqual(started.body)
  })

  it.each([
    ['a document the relay does not hold', { document: 'nothing' }, 404, 'noDocument', 'Network brt has no document nothing on this relay.'],
    ['no document', { minutes: 30 }, 400, 'badRequest', undefined],
    ["the network's catalog", { document: 'catalog' }, 400, 'badRequest', undefined],
    ["a document's comments room", { document: 'notes-comments' }, 400, 'badRequest', undefined],
    ['no minutes', { document: 'notes', minutes: 0 }, 400, 'badRequest', 'A workshop lasts 1 to 1440 minutes.'],
    ['more than a day', { document: 'notes', minutes: 1441 }, 400, 'badRequest', 'A workshop lasts 1 to 1440 minutes.'],
    ['a fraction of a minute', { document: 'notes', minutes: 1.5 }, 400, 'badRequest', 'A workshop lasts 1 to 1440 minutes.'],
  ])('refuse to start one on %s', async (_case, body, status, reason, message) => {
    const relay = await relays.start()
    const facilitator = await storedDocument(relay, clients, 'brt/notes')
    await storedDocument(relay, clients, 'brt/catalog')
    const answer = await callRelay(relay, '/workshops', { token: facilitator, body })
    expect([answer.status, reasonOf(answer)]).toEqual([status, reason])
    if (message) expect((answer.body as { error: { message: string } }).error.message).toBe(message)
  })

  async function workshopWithGuest(relay: RelayProcess) {
    const facilitator = await storedDocument(relay, clients, 'brt/notes')
    const { code } = await startWorkshop(relay, facilitator, 'notes')
    const guest = await guestToken(relay, relays.issued, code)
    return { facilitator, code, guest, guestId: (decodeClaims(guest) as { jti: string }).jti }
  }

  it.each([
    ['no token', async () => undefined, 403, 'notFacilitator'],
    ["a member's invite", async (relay: RelayProcess) => relay.invite('brt', 'member'), 403, 'notFacilitator'],
    ['a session token', async (_relay: RelayProcess, guest: string) => guest, 403, 'notFacilitator'],
    ["a session token claiming a facilitator's role", facilitatorSessionToken, 403, 'notFacilitator'],
    ["an expired facilitator's invite", async (relay: RelayProcess) => relay.invite('brt', 'facilitator', { expiresIn: '-1h' }), 403, 'notFacilitator'],
    ['a revoked facilitator', revokedFacilitator, 403, 'notFacilitator'],
    ['a facilitator of another network', async (relay: RelayProcess) => relay.invite('adaptation', 'facilitator'), 404, 'noWorkshop'],
  ])('refuse %s, and change nothing', async (_case, tokenOf, status, reason) => {
    const relay = await relays.start()
    const { facilitator, code, guest, guestId } = await workshopWithGuest(relay)
    const token = await tokenOf(relay, guest)
    const asked = (path: string, method: string, body?: unknown) => callRelay(relay, path, { method, ...(token ? { token } : {}), body })
    const answers = [
      await asked(`/workshops/${code}`, 'GET'),
      await asked(`/workshops/${code}/remove`, 'POST', { guest: guestId }),
      await asked(`/workshops/${code}/end`, 'POST'),
    ]
    for (const answer of answers) expect([answer.status, reasonOf(answer)]).toEqual([status, reason])
    const started = await asked('/workshops', 'POST', { document: 'notes' })
    // A facilitator of another network starts workshops, but on their network's documents.
    expect([started.status, reasonOf(started)]).toEqual(status === 404 ? [404, 'noDocument'] : [status, reason])

    const summary = await callRelay<WorkshopSummary>(relay, `/workshops/${code}`, { method: 'GET', token: facilitator })
    expect(summary.body.endedAt).toBeNull()
    expect(summary.body.guests.map((listed) => listed.id)).toEqual([guestId])
    expect((await joinWorkshop(relay, code, 'Bo')).status).toBe(200)
  })

  it('answer a code nobody has, or a wrong method, with a refusal', async () => {
    const relay = await relays.start()
    const { facilitator, code } = await workshopWithGuest(relay)
    const unknown = await callRelay(relay, `/workshops/${code === 'KKKKKKKK' ? 'MMMMMMMM' : 'KKKKKKKK'}`, { method: 'GET', token: facilitator })
    expect([unknown.status, reasonOf(unknown)]).toEqual([404, 'noWorkshop'])
    const wrongMethods = [
      await callRelay(relay, '/workshops', { method: 'GET', token: facilitator }),
      await callRelay(relay, `/workshops/${code}`, { method: 'POST', token: facilitator }),
      await callRelay(relay, `/workshops/${code}/end`, { method: 'GET', token: facilitator }),
    ]
    expect(wrongMethods.map((answer) => [answer.status, reasonOf(answer)])).toEqual(wrongMethods.map(() => [400, 'badRequest']))
  })
})

/** A token the relay never issues: a workshop's session token with a facilitator's role. */
async function facilitatorSessionToken(relay: RelayProcess, guest: string): Promise<string> {
  const { ws } = decodeClaims(guest) as { ws: string }
  const expiresIn = '1h'
  const { token } = await signInvite(loadSecret(relay.dataDir, {}), { network: 'brt', role: 'facilitator', name: 'Mallory', expiresIn, doc: 'notes', ws })
  return token
}

async function revokedFacilitator(relay: RelayProcess): Promise<string> {
  const token = await relay.invite('brt', 'facilitator')
  const store = new RelayStore(relay.dataDir)
  store.revoke((decodeClaims(token) as { jti: string }).jti)
  store.close()
  return token
}
