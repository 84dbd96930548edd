import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { GATHER_ABOVE_PER_HALF_SECOND } from '../../../src/relay/RoomBroadcast.js'
import { type AwarenessEntry, readAwarenessEntries } from '../../../src/shared/protocol/awarenessFrames.js'
import { MESSAGE } from '../../../src/shared/protocol/messages.js'
import { encodeSyncStep1 } from '../../../src/shared/protocol/syncFrames.js'
import { type Client, eventually, useClients, useRawConnections } from '../../helpers/clients.js'
import { type RelayProcess, useRelays } from '../../helpers/relay.js'

/** What a stock client read off its socket: the updates of its sync messages, and each awareness frame's entries. */
interface Received {
  /** Sync update messages (a change made since the handshake), in order. */
  updates: Uint8Array[]
  /** Sync step 2 messages (the handshake's answer), in order. */
  handshakes: Uint8Array[]
  /** One list of entries for each awareness frame. */
  presence: AwarenessEntry[][]
}

/** Reads what the relay sends `client` before the stock client's own handlers do, leaving them to handle it as always. */
function received(client: Client): Received {
  const seen: Received = { updates: [], handshakes: [], presence: [] }
  const handlers = client.provider.messageHandlers
  const sync = handlers[MESSAGE.sync]!
  handlers[MESSAGE.sync] = (encoder, decoder, provider, emitSynced, type) => {
    const peek = decoding.clone(decoder)
    const step = decoding.readVarUint(peek)
    if (step === syncProtocol.messageYjsUpdate) seen.updates.push(decoding.readVarUint8Array(peek))
    if (step === syncProtocol.messageYjsSyncStep2) seen.handshakes.push(decoding.readVarUint8Array(peek))
    sync(encoder, decoder, provider, emitSynced, type)
  }
  const awareness = handlers[MESSAGE.awareness]!
  handlers[MESSAGE.awareness] = (encoder, decoder, provider, emitSynced, type) => {
    seen.presence.push([...readAwarenessEntries(decoding.readVarUint8Array(decoding.clone(decoder)))])
    awareness(encoder, decoder, provider, emitSynced, type)
  }
  return seen
}

/** The text `t` of a fresh document that applied `updates` in order. */
function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc.getText('t').toString()
}

const text = (client: Client) => client.doc.getText('t').toString()

/** Types `characters` one at a time (an update, so a message, each) at `from` onward of `t`, all in this turn. */
function type(client: Client, characters: string, from = text(client).length): void {
  for (const [n, character] of [...characters].entries()) client.doc.getText('t').insert(from + n, character)
}

/** What the relay logged at warn level or above: it complains of nothing here. */
function complaints(relay: RelayProcess): Record<string, unknown>[] {
  return relay.logs.filter((line) => Number(line['level']) >= 40)
}

/** Forty characters, typed one keystroke each. */
const FORTY = 'Corredor BRT Transcaribe, Cartagena 2026'
/** More keystrokes than a room sends apart in half a second: the first GATHER_ABOVE_PER_HALF_SECOND go one by one, the rest gathered. */
const BURST = `${FORTY} ${FORTY} ${FORTY}`

describe("a room's broadcast through the relay", () => {
  const relays = useRelays()
  const clients = useClients()
  const raw = useRawConnections()

  it("brings a reader a burst of keystrokes past the room's rate in fewer update messages, to the writer's text exactly, and sends the writer none of its own", async () => {
    expect(BURST.length).toBeGreaterThan(GATHER_ABOVE_PER_HALF_SECOND + 40)
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const writer = clients.connect(relay.url, 'brt/notes', token)
    const reader = clients.connect(relay.url, 'brt/notes', token)
    const [wrote, read] = [received(writer), received(reader)]
    await Promise.all([writer.synced(), reader.synced()])
    type(writer, BURST)
    await eventually(() => text(reader) === BURST, 'the reader has the writer’s text')
    expect(read.updates.length).toBeGreaterThanOrEqual(GATHER_ABOVE_PER_HALF_SECOND)
    expect(read.updates.length).toBeLessThan(BURST.length)
    // The update messages alone carry it all, in order: nothing came by another way.
    expect(textOf(read.updates)).toBe(BURST)
    expect(reader.doc.store.pendingStructs).toBe(null)
    // A round trip on the writer's socket (its presence comes back to it) after the reader has everything.
    writer.provider.awareness.setLocalStateField('done', true)
    await eventually(() => wrote.presence.some((entries) => entries.some((entry) => entry.client === writer.doc.clientID)), 'the writer hears its presence')
    expect(wrote.updates).toEqual([])
    expect(complaints(relay)).toEqual([])
  })

  it('brings two writers typing at once to the same text, with everything each typed', async () => {
    const relay = await relays.start()
    const [ana, bo] = [
      clients.connect(relay.url, 'brt/notes', await relay.invite('brt', 'member', { name: 'Ana' })),
      clients.connect(relay.url, 'brt/notes', await relay.invite('brt', 'member', { name: 'Bo' })),
    ]
    await Promise.all([ana.synced(), bo.synced()])
    ana.doc.getText('t').insert(0, '|')
    await eventually(() => text(bo) === '|', 'Bo has the bar')
    // Ana types before the bar, Bo after it, in the same turn: where each wrote is never in doubt.
    type(ana, 'Recife, Linha Verde', 0)
    type(bo, 'Quito, Ecovía')
    const expected = 'Recife, Linha Verde|Quito, Ecovía'
    await eventually(() => text(ana) === expected && text(bo) === expected, 'both have both texts')
    expect(ana.doc.store.pendingStructs).toBe(null)
    expect(bo.doc.store.pendingStructs).toBe(null)
    expect(Y.encodeStateVector(ana.doc)).toEqual(Y.encodeStateVector(bo.doc))
    expect(complaints(relay)).toEqual([])
  })

  it('sends nothing of a busy room to a client of another room, nor of another network, whose rooms are busy too', async () => {
    const relay = await relays.start()
    const member = await relay.invite('brt', 'member', { name: 'Ana', city: 'Recife' })
    const writer = clients.connect(relay.url, 'brt/notes', member)
    const reader = clients.connect(relay.url, 'brt/notes', await relay.invite('brt', 'member', { name: 'Bo' }))
    // The same network, another document; another network, the same document's name.
    const neighbour = clients.connect(relay.url, 'brt/minutes', await relay.invite('brt', 'member', { name: 'Cy' }))
    const neighbourWriter = clients.connect(relay.url, 'brt/minutes', await relay.invite('brt', 'member', { name: 'Di' }))
    const stranger = clients.connect(relay.url, 'c40/notes', await relay.invite('c40', 'member', { name: 'Eve' }))
    const strangerWriter = clients.connect(relay.url, 'c40/notes', await relay.invite('c40', 'member', { name: 'Flo' }))
    const [neighbourSaw, strangerSaw] = [received(neighbour), received(stranger)]
    const all = [writer, reader, neighbour, neighbourWriter, stranger, strangerWriter]
    await Promise.all(all.map((client) => client.synced()))
    for (const client of all) client.provider.awareness.setLocalStateField('user', { color: '#1f77b4' })

    const busy = new Set([writer.doc.clientID, reader.doc.clientID])
    // The busy room's client ids in whatever reached a client: the updates it was sent, and the presence.
    const fromBusyRoom = (seen: Received) => {
      const doc = new Y.Doc()
      for (const update of [...seen.handshakes, ...seen.updates]) Y.applyUpdate(doc, update)
      const ids = [...Y.decodeStateVector(Y.encodeStateVector(doc)).keys(), ...seen.presence.flat().map((entry) => entry.client)]
      return [...new Set(ids.filter((id) => busy.has(id)))]
    }
    const others = [
      { client: neighbour, seen: neighbourSaw, own: 'minutes of the BRT meeting' },
      { client: stranger, seen: strangerSaw, own: 'C40 notes' },
    ]

    // All three rooms busy at once: keystrokes and caret moves.
    type(writer, FORTY)
    type(neighbourWriter, others[0]!.own)
    type(strangerWriter, others[1]!.own)
    for (let cursor = 1; cursor <= 20; cursor += 1) {
      writer.provider.awareness.setLocalStateField('cursor', cursor)
      neighbourWriter.provider.awareness.setLocalStateField('cursor', cursor)
      strangerWriter.provider.awareness.setLocalStateField('cursor', cursor)
    }
    const readerHasAll = () => text(reader) === FORTY && reader.provider.awareness.getStates().get(writer.doc.clientID)?.['cursor'] === 20
    await eventually(
      () => (readerHasAll() && others.every(({ client, own }) => text(client) === own)) || others.some(({ seen }) => fromBusyRoom(seen).length > 0),
      'every room has its own, or something leaked',
    )
    // A handshake on each other client's socket, answered by the relay itself: whatever it had sent them
    // before (of the busy room too) has arrived once the answer has.
    for (const { client, seen } of others) {
      const answered = seen.handshakes.length
      client.provider.ws!.send(encodeSyncStep1(client.doc))
      await eventually(() => seen.handshakes.length > answered, 'the relay answers the handshake')
    }

    for (const { client, seen, own } of others) {
      expect(fromBusyRoom(seen)).toEqual([])
      expect(textOf([...seen.handshakes, ...seen.updates])).toBe(own)
      expect(text(client)).toBe(own)
      expect([...client.provider.awareness.getStates().keys()].filter((id) => busy.has(id))).toEqual([])
    }
    expect(readerHasAll()).toBe(true)
    expect(complaints(relay)).toEqual([])
  })

  it('sends what it gathered to those still there when connections close within the window, and complains of nothing', async () => {
    const relay = await relays.start()
    const [writer, reader, leaver] = await Promise.all(
      ['Ana', 'Bo', 'Cy'].map(async (name) => clients.connect(relay.url, 'brt/notes', await relay.invite('brt', 'member', { name }))),
    )
    const dropped = raw.connect(relay.url, '/brt/notes', await relay.invite('brt', 'member', { name: 'Di' }))
    await Promise.all([writer!.synced(), reader!.synced(), leaver!.synced(), dropped.opened])
    leaver!.provider.awareness.setLocalStateField('user', { color: '#ff7f0e' })
    await eventually(() => reader!.provider.awareness.getStates().has(leaver!.doc.clientID), "the reader sees the leaver's presence")

    // The first keystroke goes at once, and the rest are gathered while one closes and one drops; the
    // leaver moved its caret just before, so that its state and its withdrawal, of one clock, are gathered together.
    type(writer!, FORTY)
    writer!.provider.awareness.setLocalStateField('cursor', 40)
    leaver!.provider.awareness.setLocalStateField('cursor', 3)
    leaver!.provider.disconnect()
    dropped.ws.terminate()
    await dropped.closed
    await eventually(() => text(reader!) === FORTY, 'the reader has the writer’s text')
    // The leaver's presence is withdrawn as it leaves, and the withdrawal reaches those still there.
    await eventually(() => !reader!.provider.awareness.getStates().has(leaver!.doc.clientID), "the leaver's presence is withdrawn")
    await eventually(() => !writer!.provider.awareness.getStates().has(leaver!.doc.clientID), 'the writer sees it withdrawn')
    expect(reader!.provider.awareness.getStates().get(writer!.doc.clientID)?.['cursor']).toBe(40)
    // The relay carries on: a newcomer gets all of it.
    const late = clients.connect(relay.url, 'brt/notes', await relay.invite('brt', 'member', { name: 'Li' }))
    await late.synced()
    expect(text(late)).toBe(FORTY)
    expect(complaints(relay)).toEqual([])
    expect(relay.process.exitCode).toBe(null)
  })

  it('brings the other client a caret moved twenty times at once in fewer awareness frames, at its latest state', async () => {
    const relay = await relays.start()
    const mover = clients.connect(relay.url, 'brt/notes', await relay.invite('brt', 'member', { name: 'Ana Souza', city: 'Recife' }))
    const watcher = clients.connect(relay.url, 'brt/notes', await relay.invite('brt', 'member', { name: 'Olu Ade' }))
    const seen = received(watcher)
    await Promise.all([mover.synced(), watcher.synced()])
    const moverId = mover.doc.clientID
    mover.provider.awareness.setLocalStateField('user', { name: 'Ana', color: '#1f77b4' })
    await eventually(() => watcher.provider.awareness.getStates().has(moverId), "the watcher sees the mover's presence")
    const before = seen.presence.length

    for (let head = 1; head <= 20; head += 1) mover.provider.awareness.setLocalStateField('cursor', { anchor: head, head })
    const clock = mover.provider.awareness.meta.get(moverId)!.clock
    await eventually(() => watcher.provider.awareness.meta.get(moverId)?.clock === clock, "the watcher has the mover's latest clock")
    expect(watcher.provider.awareness.getStates().get(moverId)).toEqual({
      user: { name: 'Ana Souza', city: 'Recife', color: '#1f77b4' },
      cursor: { anchor: 20, head: 20 },
    })
    const moves = seen.presence.slice(before).filter((entries) => entries.some((entry) => entry.client === moverId))
    expect(moves.length).toBeLessThan(20)
    // Each frame holds one entry of the mover, and the last its latest.
    for (const entries of moves) expect(entries.filter((entry) => entry.client === moverId)).toHaveLength(1)
    const last = moves.at(-1)!.find((entry) => entry.client === moverId)!
    expect(last.clock).toBe(clock)
    expect(JSON.parse(last.json)).toEqual({ user: { name: 'Ana Souza', city: 'Recife', color: '#1f77b4' }, cursor: { anchor: 20, head: 20 } })
    expect(complaints(relay)).toEqual([])
  })
})
