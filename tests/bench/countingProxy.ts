import { connect, createServer, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

export interface CountingProxy {
  /** Where to connect instead of the relay. */
  url: string
  /** The most connections that were open through it at once. */
  readonly peak: number
  stop(): Promise<void>
}

/** A loopback TCP proxy in front of the relay at `relayUrl`, counting the sockets a client opens to it. */
export async function startCountingProxy(relayUrl: string): Promise<CountingProxy> {
  const relayPort = Number(new URL(relayUrl).port)
  const sockets = new Set<Socket>()
  let open = 0
  let peak = 0
  const server = createServer((client) => {
    const relay = connect(relayPort, '127.0.0.1')
    open += 1
    peak = Math.max(peak, open)
    for (const socket of [client, relay]) {
      sockets.add(socket)
      socket.on('error', () => {})
      socket.once('close', () => sockets.delete(socket))
    }
    client.once('close', () => {
      open -= 1
      relay.destroy()
    })
    relay.once('close', () => client.destroy())
    client.pipe(relay).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `ws://127.0.0.1:${port}`,
    get peak() {
      return peak
    },
    stop() {
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
