import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import { STORED_ACK_PARAM } from '../../../src/shared/protocol/messages.js'
import { encodeUpdate } from '../../../src/shared/protocol/syncFrames.js'
import { eventually, rawConnect, storedAcks, useClients, type RawConnection } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'

const ROOMS = 40
/** Typed backwards, so that the relay holds each character as an item of its own: about 3 MB of heap a room. */
const ITEMS_PER_ROOM = 20_000

describe('the relay under memory pressure', () => {
  const relays = useRelays()
  const clients = useClients()

  it('unloads the least recently used documents when its heap passes the ceiling, survives, and loses nothing it acknowledged', {
    timeout: 120_000,
  }, async () => {
    // Without the ceiling, these 40 documents need about twice the heap this relay is allowed.
    const relay = await relays.start({ nodeArgs: ['--max-old-space-size=64', '--max-semi-space-size=1'], args: ['--heap-unload-share', '0.5'] })
    const token = await relay.invite('brt', 'member')
    const bulk = new Y.Doc()
    bulk.transact(() => {
      for (let index = 0; index < ITEMS_PER_ROOM; index += 1) bulk.getText('t').insert(0, 'x')
    })
    const expected: string[] = []
    const connections: RawConnection[] = []
    const closes: (number | null)[] = []
    let touches = 0
    let room0 = new Y.Doc()
    for (let room = 0; room < ROOMS; room += 1) {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(bulk))
      doc.getText('t').insert(0, `room ${room}: `)
      expected.push(doc.getText('t').toString())
      if (room === 0) room0 = doc
      const raw = rawConnect(relay.url, `/brt/pressure-${room}`, token, `&${STORED_ACK_PARAM}=1`)
      connections.push(raw)
      closes.push(null)
      void raw.closed.then(({ code }) => (closes[room] = code))
      await raw.opened
      raw.ws.send(encodeUpdate(Y.encodeStateAsUpdate(doc)))
      await eventually(() => storedAcks(raw).at(-1) === 1 || closes[room] !== null, `room ${room} stored`)
      expect(closes[room]).toBe(null)
      // Room 0 is edited after every other room, so it is never the least recently used.
      if (room > 0 && closes[0] === null) {
        const before = Y.encodeStateVector(room0)
        room0.getText('t').insert(0, '+')
        touches += 1
        connections[0]!.ws.send(encodeUpdate(Y.encodeStateAsUpdate(room0, before)))
        await eventually(() => storedAcks(connections[0]!).at(-1) === 1 + touches, 'room 0 edited')
        expected[0] = room0.getText('t').toString()
      }
    }

    expect(relay.process.exitCode).toBe(null)
    expect((await fetch(`${relay.http}/healthz`)).status).toBe(200)
    // The relay may still be unloading (one document a turn, and again after a full collection) after
    // room 39 is stored, and a close frame may still be on its way: what it counted and what the
    // clients saw are compared once they agree, as they must as soon as it stops.
    let unloaded: number[] = []
    let counted = 0
    await eventually(async () => {
      counted = (await relay.metrics()).get('casebook_relay_memory_closed_connections_total') ?? 0
      unloaded = closes.flatMap((code, room) => (code === null ? [] : [room]))
      return unloaded.length === counted
    }, 'the connections the relay counted as closed to free memory are those that saw their close')
    expect(unloaded.length).toBeGreaterThan(0)
    expect(closes.filter((code) => code !== null && code !== CLOSE.memoryFull.code)).toEqual([])
    // The least recently used first: rooms 1, 2, 3… in the order they were last written, never room 0.
    expect(unloaded).toEqual(Array.from({ length: unloaded.length }, (_, index) => index + 1))
    expect((await relay.metrics()).get('casebook_relay_memory_unloaded_documents_total')).toBeGreaterThanOrEqual(counted)

    for (const raw of connections) raw.ws.close()
    for (let room = 0; room < ROOMS; room += 1) {
      const reader = clients.connect(relay.url, `brt/pressure-${room}`, token)
      await reader.synced()
      expect(reader.doc.getText('t').toString(), `room ${room}`).toBe(expected[room])
      reader.provider.destroy()
    }
    expect(relay.process.exitCode).toBe(null)
  })
})
