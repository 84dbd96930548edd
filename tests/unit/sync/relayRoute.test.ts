import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { relayRoute, workshopRefusal } from '../../../src/main/sync/relayRoute.js'
import { WORKSHOP_REFUSALS, type WorkshopRefusal } from '../../../src/shared/protocol/workshops.js'

const body = (reason: string, message = 'The relay’s own words.', endedAt?: number) => ({ error: { reason, message, ...(endedAt ? { endedAt } : {}) } })

describe('the relay’s workshop routes, as the app calls them', () => {
  const servers: Server[] = []
  afterEach(async () => {
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve))
  })

  /** A loopback HTTP server answering every request with `status` and `answer`, recording what it was sent. */
  async function server(status: number, answer: unknown): Promise<{ url: string; seen: { method?: string; url?: string; auth?: string; body: string }[] }> {
    const seen: { method?: string; url?: string; auth?: string; body: string }[] = []
    const http = createServer((request, response) => {
      let text = ''
      request.on('data', (chunk: Buffer) => (text += chunk.toString()))
      request.on('end', () => {
        seen.push({ method: request.method, url: request.url, auth: request.headers.authorization, body: text })
        response.writeHead(status, { 'content-type': 'application/json' })
        response.end(typeof answer === 'string' ? answer : JSON.stringify(answer))
      })
    })
    servers.push(http)
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
    return { url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}`, seen }
  }

  it('send the token as the bearer and the body as JSON, and answer the relay’s JSON', async () => {
    const relay = await server(201, { code: 'K7Q42MXR' })
    expect(await relayRoute(relay.url, '/workshops', { method: 'POST', token: 'secret-token', body: { document: 'a'.repeat(16) } })).toEqual({
      code: 'K7Q42MXR',
    })
    expect(relay.seen).toEqual([{ method: 'POST', url: '/workshops', auth: 'Bearer secret-token', body: JSON.stringify({ document: 'a'.repeat(16) }) }])
  })

  it('turn a refusal into the error the window says in its language, and an answer that is not JSON into the relay’s status', async () => {
    const relay = await server(410, body('workshopEnded', 'Ended.', Date.parse('2026-11-27T16:30:00Z')))
    await expect(relayRoute(relay.url, '/w/K7Q42MXR/join', { method: 'POST', body: { name: 'Ana' } })).rejects.toMatchObject({
      code: 'WORKSHOP_REFUSED',
      reason: 'workshopEnded',
      params: { endedAt: '2026-11-27T16:30:00.000Z' },
    })
    const proxy = await server(502, '<html>Bad gateway</html>')
    await expect(relayRoute(proxy.url, '/workshops/K7Q42MXR', { method: 'GET' })).rejects.toMatchObject({
      reason: 'refused',
      params: { why: 'the relay answered 502' },
    })
  })

  it('say a relay that does not answer cannot be reached', async () => {
    const relay = await server(200, {})
    const { url } = relay
    await new Promise((resolve) => servers.pop()!.close(resolve))
    await expect(relayRoute(url, '/workshops', { method: 'GET' })).rejects.toMatchObject({
      code: 'RELAY_UNREACHABLE',
      reason: 'unreachable',
      params: { relay: url },
    })
  })

  it('read every refusal the relay gives: each of its own reasons, or its words for the ones the app checks first', () => {
    const reasons: Record<WorkshopRefusal, string> = {
      noWorkshop: 'noWorkshop',
      workshopEnded: 'workshopOver',
      workshopFull: 'workshopFull',
      tooManyTries: 'tooManyTries',
      badRequest: 'refused',
      notFacilitator: 'refused',
      noDocument: 'noDocument',
    }
    for (const [reason, status] of Object.entries(WORKSHOP_REFUSALS))
      expect(workshopRefusal(body(reason), status).reason).toBe(reasons[reason as WorkshopRefusal])
    expect(workshopRefusal(body('notFacilitator', 'The invite token has been revoked.'), 403).params).toEqual({ why: 'The invite token has been revoked.' })
    expect(workshopRefusal(body('somethingNew'), 418)).toMatchObject({ reason: 'refused', params: { why: 'The relay’s own words.' } })
    expect(workshopRefusal(null, 500)).toMatchObject({ reason: 'refused', params: { why: 'the relay answered 500' } })
  })
})
