import dns from 'node:dns'
import { writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Services } from '../../../src/main/services/services.js'
import { inProcessApi } from '../../helpers/api.js'
import { eventually } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'
import { useTempDir } from '../../helpers/tempDir.js'

/**
 * A stand-in for a relay at a far-away address: `relay.invalid` is looked up as loopback, where a
 * listener counts who knocks. So whatever the app does, nothing leaves this computer, and a
 * connection attempt shows as a lookup and a contact.
 */
async function farRelay(): Promise<{ port: number; lookups: string[]; contacts: number; stop(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const far = { port: 0, lookups: [] as string[], contacts: 0, stop: async () => {} }
  const server: Server = createServer((socket) => {
    far.contacts += 1
    sockets.add(socket)
    socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  far.port = (server.address() as { port: number }).port
  const lookup = dns.lookup
  dns.lookup = ((hostname: string, ...rest: unknown[]) => {
    far.lookups.push(hostname)
    return (lookup as (...args: unknown[]) => void)(hostname === 'relay.invalid' ? '127.0.0.1' : hostname, ...rest)
  }) as typeof dns.lookup
  far.stop = async () => {
    dns.lookup = lookup
    for (const socket of sockets) socket.destroy()
    await new Promise((resolve) => server.close(resolve))
  }
  return far
}

describe('a network saved before relay addresses had to be encrypted', () => {
  const relays = useRelays()
  const temp = useTempDir()
  const started: { stop(): Promise<void> }[] = []
  afterEach(async () => {
    for (const thing of started.splice(0).reverse()) await thing.stop()
  })

  it('is not connected on start, and the networks screen says why and what to do; a loopback ws:// network still syncs', async () => {
    const relay = await relays.start()
    const far = await farRelay()
    started.push(far)
    const saved = (id: string, relayUrl: string, token: string) => ({ id, relayUrl, token, role: 'member', name: 'Ana', joinedAt: '2026-01-05T10:00:00.000Z' })
    // As a version without the wss-only rule wrote it, one of them with the http:// spelling it accepted.
    writeFileSync(
      join(temp.path, 'settings.json'),
      JSON.stringify({
        networks: [
          saved('brt', `ws://relay.invalid:${far.port}`, await relay.invite('brt', 'member')),
          saved('obs', `http://relay.invalid:${far.port}/casebook`, await relay.invite('obs', 'member')),
          saved('loc', relay.url, await relay.invite('loc', 'member')),
        ],
      }),
    )

    const services = await Services.start(temp.path)
    started.push(services)
    const api = inProcessApi(services)
    started.push({ stop: () => api.close() })
    await eventually(
      async () => (await api.request('networks.list', {})).find((network) => network.id === 'loc')?.online === true,
      'the loopback network is online',
    )

    const networks = await api.request('networks.list', {})
    expect(networks.map(({ id, online, refused }) => ({ id, online, refused }))).toEqual([
      {
        id: 'brt',
        online: false,
        refused: `This network's relay address, ws://relay.invalid:${far.port}, is not encrypted: anyone on the way could read your invite and your documents, so Casebook no longer connects to it. Join the network again with the relay's wss:// address (wss://relay.invalid:${far.port}).`,
      },
      {
        id: 'obs',
        online: false,
        refused: `This network's relay address, http://relay.invalid:${far.port}/casebook, is not encrypted: anyone on the way could read your invite and your documents, so Casebook no longer connects to it. Join the network again with the relay's wss:// address (wss://relay.invalid:${far.port}/casebook).`,
      },
      { id: 'loc', online: true, refused: undefined },
    ])
    expect(far.lookups).toEqual([])
    expect(far.contacts).toBe(0)

    // A workshop's bare code is not sent there either, only to the relays it may reach.
    await api.request('settings.setProfile', { name: 'Ana', color: '#1d4ed8' })
    await expect(api.request('workshops.join', { input: 'K7Q4-2MXR' })).rejects.toMatchObject({ reason: 'unknownRelay' })
    expect(far.lookups).toEqual([])
    expect(far.contacts).toBe(0)

    // Leaving it works as for any other network.
    await api.request('networks.leave', { id: 'brt' })
    expect((await api.request('networks.list', {})).map((network) => network.id)).toEqual(['obs', 'loc'])
    expect(far.contacts).toBe(0)
  })
})
