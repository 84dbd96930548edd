import * as decoding from 'lib0/decoding'
import { afterEach, expect } from 'vitest'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { MESSAGE } from '../../src/shared/protocol/messages.js'

import { eventually } from './eventually.js'

export { eventually }

export interface Client {
  doc: Y.Doc
  provider: WebsocketProvider
  /** The counts the relay reported stored, for a client that asked for them. */
  stored: number[]
  /** The close codes the connection ended with. */
  closes: number[]
  synced(): Promise<void>
}

/**
 * Waits until the relay closes `client` with `close`, and checks that the client stays away: a 44xx
 * code tells y-websocket not to reconnect, so what it sent is not sent again.
 */
export async function closedForGood(client: Client, close: { code: number }, what: string, timeoutMs?: number): Promise<void> {
  await eventually(() => client.closes.includes(close.code), what, timeoutMs)
  expect(client.provider.shouldConnect).toBe(false)
}

/** Stock y-websocket providers in this process, with ws as their WebSocket; destroyed after each test. */
export function useClients(): { connect(url: string, room: string, token: string, options?: { ack?: boolean; doc?: Y.Doc }): Client } {
  const providers: WebsocketProvider[] = []
  afterEach(() => {
    for (const provider of providers.splice(0)) {
      provider.destroy()
      // Its awareness keeps a timer running until the doc is destroyed.
      provider.doc.destroy()
    }
  })
  return {
    connect(url, room, token, { ack = false, doc = new Y.Doc() } = {}) {
      const provider = new WebsocketProvider(url, room, doc, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        params: { token, ...(ack ? { ack: '1' } : {}) },
        disableBc: true,
        maxBackoffTime: 300,
      })
      providers.push(provider)
      const client: Client = {
        doc,
        provider,
        stored: [],
        closes: [],
        synced: () => (provider.synced ? Promise.resolve() : new Promise((resolve) => provider.once('sync', () => resolve()))),
      }
      provider.messageHandlers[MESSAGE.stored] = (_encoder, decoder) => client.stored.push(decoding.readVarUint(decoder))
      provider.on('connection-close', (event) => {
        if (event) client.closes.push(event.code)
      })
      return client
    },
  }
}

export interface RawConnection {
  ws: WebSocket
  /** Every frame received, in order. */
  frames: Uint8Array[]
  opened: Promise<void>
  closed: Promise<{ code: number; reason: string }>
}

/** A frame's message type, its first varuint. */
export function frameType(frame: Uint8Array): number {
  return decoding.readVarUint(decoding.createDecoder(frame))
}

/** Raw connections (rawConnect) that are terminated after each test. */
export function useRawConnections(): { connect: typeof rawConnect } {
  const connections: RawConnection[] = []
  afterEach(() => {
    for (const connection of connections.splice(0)) connection.ws.terminate()
  })
  return {
    connect(...args) {
      const connection = rawConnect(...args)
      connections.push(connection)
      return connection
    },
  }
}

/** The counts of the stored acknowledgements (message 100) a raw connection has received, in order. */
export function storedAcks(connection: RawConnection): number[] {
  return connection.frames.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame)
    return decoding.readVarUint(decoder) === MESSAGE.stored ? [decoding.readVarUint(decoder)] : []
  })
}

/** A bare WebSocket to the relay, for sending frames no well-behaved client would; `headers` go with its request. */
export function rawConnect(url: string, path: string, token?: string, query = '', headers: Record<string, string> = {}): RawConnection {
  const ws = new WebSocket(`${url}${path}?${token ? `token=${encodeURIComponent(token)}` : ''}${query}`, { headers })
  const frames: Uint8Array[] = []
  ws.on('message', (data: Buffer) => frames.push(new Uint8Array(data)))
  ws.on('error', () => {})
  return {
    ws,
    frames,
    opened: new Promise((resolve) => ws.once('open', () => resolve())),
    closed: new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))),
  }
}
