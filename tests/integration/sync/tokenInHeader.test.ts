import { createServer, connect, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { useBackends } from '../../helpers/backends.js'
import { eventually } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'

/** A TCP proxy in front of the relay that keeps what a proxy's access log would: each request line. */
function loggingProxy(relayPort: number): Promise<{ url: string; requestLines: string[]; requests: string[]; server: Server; sockets: Set<Socket> }> {
  const requests: string[] = []
  const sockets = new Set<Socket>()
  const server = createServer((client) => {
    const upstream = connect(relayPort, '127.0.0.1')
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => {})
    }
    client.once('data', (head: Buffer) => requests.push(head.toString('latin1')))
    client.pipe(upstream).pipe(client)
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      resolve({
        url: `ws://127.0.0.1:${port}`,
        requests,
        server,
        sockets,
        get requestLines() {
          return requests.map((request) => request.split('\r\n')[0]!)
        },
      })
    }),
  )
}

describe("the app's connections to a relay", () => {
  const relays = useRelays()
  const backends = useBackends()
  const proxies: Awaited<ReturnType<typeof loggingProxy>>[] = []
  afterEach(async () => {
    for (const proxy of proxies.splice(0)) {
      for (const socket of proxy.sockets) socket.destroy()
      await new Promise((resolve) => proxy.server.close(resolve))
    }
  })

  it('carry the invite token in a header, so that a proxy logging request lines never sees it', async () => {
    const relay = await relays.start()
    const proxy = await loggingProxy(relay.port)
    proxies.push(proxy)
    const [token, otherToken] = [await relay.invite('brt', 'member', { name: 'Ana' }), await relay.invite('brt', 'member', { name: 'Bo' })]
    const [a, b] = [await backends.start(), await backends.start()]
    await a.sync.join({ relayUrl: proxy.url, token })
    await b.sync.join({ relayUrl: proxy.url, token: otherToken })
    const id = await a.library.create(newDocumentContent({ kind: 'case-study', title: 'Through a proxy', network: 'brt', city: 'Lagos' }))
    await eventually(() => b.library.list().some((summary) => summary.id === id), 'the document reaches the second device through the proxy')

    expect(proxy.requestLines).toContain('GET /brt?since=0 HTTP/1.1')
    expect(proxy.requestLines).toContain(`GET /brt/${id}?ack=1 HTTP/1.1`)
    for (const line of proxy.requestLines) expect(line).not.toMatch(/token|eyJ/)
    // The token did travel, in every handshake's Sec-WebSocket-Protocol header.
    for (const request of proxy.requests)
      expect([`casebook,casebook.token.${token}`, `casebook,casebook.token.${otherToken}`]).toContain(
        /\r\nSec-WebSocket-Protocol: (.*)\r\n/i.exec(request)?.[1],
      )
  })
})
