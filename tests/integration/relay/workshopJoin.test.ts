import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { decodeClaims } from '../../../src/relay/invites.js'
import { RelayStore } from '../../../src/relay/store.js'
import { formatCode, type WorkshopSummary } from '../../../src/shared/protocol/workshops.js'
import { useClients } from '../../helpers/clients.js'
import { type RelayProcess, useRelays } from '../../helpers/relay.js'
import { callRelay, joinWorkshop, reasonOf, startWorkshop, storedDocument } from '../../helpers/relayWorkshops.js'

/** A code in the alphabet that no workshop has: the started one's, its first character changed. */
function otherCode(code: string): string {
  return `${code[0] === 'K' ? 'M' : 'K'}${code.slice(1)}`
}

/**
 * Exchanges that each send their headers and hold their bodies until the relay has read every one's
 * headers (its 100 Continue), then send them all: the statuses, in the order they come.
 */
async function heldExchanges(relay: RelayProcess, code: string, count: number): Promise<number[]> {
  const body = JSON.stringify({ name: 'Ana' })
  const held = await Promise.all(
    Array.from({ length: count }, () => {
      const sent = request({
        host: '127.0.0.1',
        port: relay.port,
        path: `/w/${code}/join`,
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
      })
      const status = new Promise<number>((resolve, reject) => {
        sent.on('response', (response) => {
          response.resume()
          resolve(response.statusCode ?? 0)
        })
        sent.on('error', reject)
      })
      return new Promise<{ sent: typeof sent; status: Promise<number> }>((resolve) => sent.on('continue', () => resolve({ sent, status })))
    }),
  )
  for (const { sent } of held) sent.end(body)
  return Promise.all(held.map(({ status }) => status))
}

describe('joining a workshop with its code', () => {
  const relays = useRelays()
  const clients = useClients()

  it("gives a session token that carries the network's display name of the invite that started the workshop, if it had one", async () => {
    const relay = await relays.start()
    const plain = await storedDocument(relay, clients, 'brt/notes')
    const named = await relay.invite('brt', 'facilitator', { name: 'Fatima', title: 'Bus Rapid Transit' })
    const tokenOf = async (facilitator: string) => {
      const joined = await joinWorkshop(relay, (await startWorkshop(relay, facilitator, 'notes')).code)
      return decodeClaims(relays.issued(joined.body.token))
    }
    expect(await tokenOf(named)).toMatchObject({ net: 'brt', title: 'Bus Rapid Transit', doc: 'notes' })
    expect(await tokenOf(plain)).not.toHaveProperty('title')
  })

  it('gives a session token for the one document until the workshop ends, and lists the guest', async () => {
    const relay = await relays.start()
    const facilitator = await storedDocument(relay, clients, 'brt/notes')
    const workshop = await startWorkshop(relay, facilitator, 'notes', 30)
    // As it is shown, and typed in lower case: the dash and the case do not matter.
    const joined = await callRelay<{ token: string; endsAt: number }>(relay, `/w/${formatCode(workshop.code).toLowerCase()}/join`, {
      body: { name: '  Ana  ', city: ' Lagos ' },
    })
    expect(joined.status).toBe(200)
    expect(joined.headers.get('cache-control')).toBe('no-store')
    relays.issued(joined.body.token)
    expect(joined.body).toEqual({ token: joined.body.token, network: 'brt', document: 'notes', code: workshop.code, endsAt: workshop.endsAt })
    const claims = decodeClaims(joined.body.token) as Record<string, unknown>
    expect(claims).toMatchObject({ net: 'brt', role: 'member', name: 'Ana', city: 'Lagos', doc: 'notes', ws: workshop.code })
    expect(claims['exp']).toBe(workshop.endsAt / 1000)

    const summary = await callRelay<WorkshopSummary>(relay, `/workshops/${workshop.code}`, { method: 'GET', token: facilitator })
    expect(summary.body.guests).toEqual([{ id: claims['jti'], name: 'Ana', city: 'Lagos', joinedAt: expect.any(Number), online: false }])
    const guest = clients.connect(relay.url, 'brt/notes', joined.body.token)
    await guest.synced()
    const online = await callRelay<WorkshopSummary>(relay, `/workshops/${workshop.code}`, { method: 'GET', token: facilitator })
    expect(online.body.guests.map((listed) => listed.online)).toEqual([true])
  })

  it.each([
    ['no name', { city: 'Lagos' }],
    ['a blank name', { name: '   ' }],
    ['a name too long', { name: 'x'.repeat(101) }],
    ['a city too long', { name: 'Ana', city: 'x'.repeat(101) }],
    ['a name that is not text', { name: 42 }],
    ['a control character', { name: 'Ana\u0007' }],
    ['no object', ['Ana']],
  ])('refuses %s as a bad request', async (_case, body) => {
    const relay = await relays.start()
    const { code } = await startWorkshop(relay, await storedDocument(relay, clients, 'brt/notes'), 'notes')
    const answer = await callRelay(relay, `/w/${code}/join`, { body })
    expect([answer.status, reasonOf(answer)]).toEqual([400, 'badRequest'])
  })

  it('refuses what is not JSON, or over 4 KB, or not a POST', async () => {
    const relay = await relays.start()
    const { code } = await startWorkshop(relay, await storedDocument(relay, clients, 'brt/notes'), 'notes')
    const plain = await fetch(`${relay.http}/w/${code}/join`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"name":"Ana"}' })
    const broken = await fetch(`${relay.http}/w/${code}/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' })
    const large = await callRelay(relay, `/w/${code}/join`, { body: { name: 'Ana', padding: 'x'.repeat(5000) } })
    const get = await callRelay(relay, `/w/${code}/join`, { method: 'GET' })
    expect([plain.status, broken.status, large.status, get.status]).toEqual([400, 400, 400, 400])
    expect(reasonOf(large)).toBe('badRequest')
  })

  it('says a wrong code has no workshop, then refuses every try from the address for the minute, the right code too', async () => {
    const relay = await relays.start({ args: ['--workshop-failures-per-minute', '3', '--trust-proxy'] })
    const facilitator = await storedDocument(relay, clients, 'brt/notes')
    const { code } = await startWorkshop(relay, facilitator, 'notes')
    const ended = await startWorkshop(relay, facilitator, 'notes')
    await callRelay(relay, `/workshops/${ended.code}/end`, { token: facilitator })

    const unknown = await joinWorkshop(relay, otherCode(code))
    expect(unknown.status).toBe(404)
    expect(unknown.body).toEqual({ error: { reason: 'noWorkshop', message: 'No workshop has this code.' } })
    const malformed = await joinWorkshop(relay, 'not-a-code')
    expect([malformed.status, reasonOf(malformed)]).toEqual([404, 'noWorkshop'])
    const over = await joinWorkshop(relay, ended.code)
    expect([over.status, reasonOf(over)]).toEqual([410, 'workshopEnded'])

    const throttled = await joinWorkshop(relay, code)
    expect([throttled.status, reasonOf(throttled)]).toEqual([429, 'tooManyTries'])
    const retryAfter = Number(throttled.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
    // Nobody joined: the code was not even looked up.
    const summary = await callRelay<WorkshopSummary>(relay, `/workshops/${code}`, { method: 'GET', token: facilitator })
    expect(summary.body.guests).toEqual([])

    // Another address, counted apart (the relay trusts its proxy's X-Forwarded-For), still joins.
    expect((await joinWorkshop(relay, code, 'Bo', '203.0.113.7')).status).toBe(200)
    expect((await joinWorkshop(relay, code, 'Ana', '127.0.0.1')).status).toBe(429)
  })

  it('counts the failures of exchanges whose bodies came at once: no more wrong codes are looked up than the limit', async () => {
    const relay = await relays.start({ args: ['--workshop-failures-per-minute', '3'] })
    const { code } = await startWorkshop(relay, await storedDocument(relay, clients, 'brt/notes'), 'notes')
    const statuses = await heldExchanges(relay, otherCode(code), 20)
    expect(statuses.toSorted()).toEqual([...Array(3).fill(404), ...Array(17).fill(429)])
  })

  it('lets one address exchange as many codes a minute as --workshop-joins-per-minute says', async () => {
    const relay = await relays.start({ args: ['--workshop-joins-per-minute', '3', '--trust-proxy'] })
    const { code } = await startWorkshop(relay, await storedDocument(relay, clients, 'brt/notes'), 'notes')
    const answers = []
    for (const name of ['Ana', 'Bo', 'Chidi', 'Dede']) answers.push(await joinWorkshop(relay, code, name))
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429])
    for (const answer of answers.slice(0, 3)) relays.issued((answer.body as { token: string }).token)
    expect((await joinWorkshop(relay, code, 'Ebi', '198.51.100.4')).status).toBe(200)
  })

  it('admits as many guests as --workshop-capacity, counting none removed', async () => {
    const relay = await relays.start({ args: ['--workshop-capacity', '2'] })
    const facilitator = await storedDocument(relay, clients, 'brt/notes')
    const { code, capacity } = await startWorkshop(relay, facilitator, 'notes')
    expect(capacity).toBe(2)
    const first = await joinWorkshop(relay, code, 'Ana')
    expect((await joinWorkshop(relay, code, 'Bo')).status).toBe(200)
    const full = await joinWorkshop(relay, code, 'Chidi')
    expect(full.status).toBe(409)
    expect(full.body).toEqual({ error: { reason: 'workshopFull', message: 'This workshop is full: it admits 2 people.' } })

    const id = (decodeClaims(relays.issued(first.body.token)) as { jti: string }).jti
    expect((await callRelay(relay, `/workshops/${code}/remove`, { token: facilitator, body: { guest: id } })).status).toBe(200)
    expect((await joinWorkshop(relay, code, 'Chidi')).status).toBe(200)
  })

  it('sees a workshop that another process wrote into the database, at the next join', async () => {
    const relay = await relays.start()
    await storedDocument(relay, clients, 'brt/notes')
    const store = new RelayStore(relay.dataDir)
    const workshop = await store.workshops.start({ network: 'brt', document: 'notes', startedBy: 'a test', startedAt: Date.now(), endsAt: Date.now() + 60_000 })
    store.close()
    const joined = await joinWorkshop(relay, workshop.code)
    expect(joined.status).toBe(200)
    relays.issued(joined.body.token)
  })
})
