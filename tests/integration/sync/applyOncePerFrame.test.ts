import '../../helpers/animationFrames.js'
import * as decoding from 'lib0/decoding'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as syncProtocol from 'y-protocols/sync'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { applyOncePerFrame } from '../../../src/renderer/guest/applyOncePerFrame.js'
import type { RemoteChanges } from '../../../src/renderer/shared/RemoteChanges.js'
import { MESSAGE } from '../../../src/shared/protocol/messages.js'
import { tokenSubprotocols } from '../../../src/shared/protocol/subprotocols.js'
import { eventually, frameType, useClients } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'

const ROOM = 'brt/once-per-frame'

/** Whether a frame is a sync update (not a step of the handshake). */
function isSyncUpdate(frame: Uint8Array): boolean {
  const decoder = decoding.createDecoder(frame)
  return decoding.readVarUint(decoder) === MESSAGE.sync && decoding.readVarUint(decoder) === syncProtocol.messageYjsUpdate
}

/** The socket a provider holds, as ws has it (the tests give providers ws as their WebSocket). */
function socketOf(provider: WebsocketProvider): WebSocket {
  return provider.ws as unknown as WebSocket
}

describe('a stock y-websocket provider passed through applyOncePerFrame, with a real relay', () => {
  const relays = useRelays()
  const clients = useClients()
  const started: { provider: WebsocketProvider; remote: RemoteChanges }[] = []
  afterEach(() => {
    for (const { provider, remote } of started.splice(0)) {
      provider.destroy()
      remote.stop()
      provider.doc.destroy()
    }
  })

  /**
   * A provider made as the guest page makes its own (token as a subprotocol, not connected until
   * applyOncePerFrame has its handlers), with what it sends and the frames it receives noted, and the
   * transactions its received changes make.
   */
  function guest(url: string, token: string) {
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(url, ROOM, doc, {
      connect: false,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      protocols: tokenSubprotocols(token),
      disableBc: true,
    })
    const remote = applyOncePerFrame(provider)
    started.push({ provider, remote })
    const sent: Uint8Array[] = []
    const received: Uint8Array[] = []
    provider.on('status', ({ status }) => {
      if (status !== 'connected') return
      // 'connected' comes before the provider's first frame (its step 1), so every frame is seen.
      const socket = socketOf(provider)
      const send = socket.send.bind(socket)
      socket.send = ((data: Uint8Array) => {
        sent.push(new Uint8Array(data))
        send(data)
      }) as typeof socket.send
      // The provider asked for ArrayBuffers (binaryType).
      socket.on('message', (data: ArrayBuffer) => received.push(new Uint8Array(data)))
    })
    // Transactions that changed the doc, with the provider as origin: those of what it received.
    let transactions = 0
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === provider) transactions++
    })
    provider.connect()
    return {
      doc,
      provider,
      sent,
      received,
      transactions: () => transactions,
      text: () => doc.getText('t').toString(),
      synced: () => (provider.synced ? Promise.resolve() : new Promise<void>((resolve) => provider.once('sync', () => resolve()))),
    }
  }

  it("applies a writer's burst merged, sends none of it back, keeps the handshake, shows the writer's presence, and still sends its own changes", async () => {
    const relay = await relays.start()
    const writer = clients.connect(relay.url, ROOM, await relay.invite('brt', 'member', { name: 'Ana Souza', city: 'Recife' }), { ack: true })
    await writer.synced()
    writer.doc.getText('t').insert(0, 'Agenda: ')
    // Its step 2 and this update stored: the relay holds the text before the guest connects.
    await eventually(() => writer.stored.includes(2), "the relay stores the writer's first text")

    const reader = guest(relay.url, await relay.invite('brt', 'member', { name: 'Olu Ade', city: 'Lagos' }))
    await reader.synced()
    // The handshake's step 2 brought what was there before: it went through the stock handler.
    expect(reader.provider.synced).toBe(true)
    expect(reader.text()).toBe('Agenda: ')
    const before = reader.transactions()

    const burst = 'tram lanes open Monday at 6am.'
    expect(burst).toHaveLength(30)
    for (const [index, character] of [...burst].entries()) writer.doc.getText('t').insert(8 + index, character)
    writer.provider.awareness.setLocalStateField('user', { name: 'Ana', color: '#1f77b4' })
    writer.provider.awareness.setLocalStateField('cursor', { anchor: 8, head: 38 })

    await eventually(() => reader.text() === `Agenda: ${burst}`, "the writer's burst reaches the guest")
    expect(reader.text()).toBe(writer.doc.getText('t').toString())
    const burstTransactions = reader.transactions() - before
    expect(burstTransactions).toBeGreaterThan(0)
    expect(burstTransactions).toBeLessThan(30)
    expect(reader.sent.filter(isSyncUpdate)).toEqual([])

    const writerId = writer.doc.clientID
    await eventually(() => reader.provider.awareness.getStates().get(writerId)?.['cursor'] !== undefined, "the writer's presence reaches the guest")
    // The relay names the writer after the invite, keeping the colour.
    expect(reader.provider.awareness.getStates().get(writerId)).toEqual({
      user: { name: 'Ana Souza', city: 'Recife', color: '#1f77b4' },
      cursor: { anchor: 8, head: 38 },
    })

    reader.doc.getText('t').insert(0, 'Olu: ')
    expect(reader.sent.filter(isSyncUpdate)).toHaveLength(1)
    await eventually(() => writer.doc.getText('t').toString() === `Olu: Agenda: ${burst}`, "the guest's edit reaches the writer")
    expect(reader.text()).toBe(`Olu: Agenda: ${burst}`)
    expect(reader.provider.synced).toBe(true)
  })

  it("applies the frames that reach it together, as on a page too busy to read, in one transaction after the first and the writer's caret moves in one change", async () => {
    const relay = await relays.start()
    const writer = clients.connect(relay.url, ROOM, await relay.invite('brt', 'member', { name: 'Ana Souza' }))
    const observer = clients.connect(relay.url, ROOM, await relay.invite('brt', 'member', { name: 'Bo' }))
    const reader = guest(relay.url, await relay.invite('brt', 'member', { name: 'Olu Ade' }))
    await Promise.all([writer.synced(), observer.synced(), reader.synced()])
    const writerId = writer.doc.clientID
    const cursorAt = (client: { provider: WebsocketProvider }) => client.provider.awareness.getStates().get(writerId)?.['cursor']
    writer.provider.awareness.setLocalStateField('cursor', 0)
    await eventually(() => cursorAt(reader) === 0, "the writer's caret reaches the guest")
    const before = reader.transactions()
    const receivedBefore = reader.received.length
    const changes: unknown[] = []
    reader.provider.awareness.on('change', (change: unknown, origin: unknown) => {
      if (origin === reader.provider) changes.push(change)
    })

    // Each keystroke is waited for at the observer, so the relay sends each in a frame of its own.
    socketOf(reader.provider).pause()
    const typed = 'one by one'
    for (const [index, character] of [...typed].entries()) {
      writer.doc.getText('t').insert(index, character)
      writer.provider.awareness.setLocalStateField('cursor', index + 1)
      await eventually(() => observer.doc.getText('t').toString() === typed.slice(0, index + 1), `keystroke ${index + 1} reaches the observer`)
    }
    await eventually(() => cursorAt(observer) === typed.length, "the writer's last caret reaches the observer")
    expect(reader.text()).toBe('')
    socketOf(reader.provider).resume()

    await eventually(() => reader.text() === typed && cursorAt(reader) === typed.length, 'the keystrokes and the last caret reach the guest')
    const frames = reader.received.slice(receivedBefore)
    expect(frames.filter(isSyncUpdate)).toHaveLength(typed.length)
    expect(frames.filter((frame) => frameType(frame) === MESSAGE.awareness).length).toBeGreaterThan(1)
    expect(reader.transactions() - before).toBe(2)
    expect(changes).toEqual([{ added: [], updated: [writerId], removed: [] }])
    expect(reader.sent.filter(isSyncUpdate)).toEqual([])
  })
})
