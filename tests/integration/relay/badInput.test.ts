import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import { MESSAGE } from '../../../src/shared/protocol/messages.js'
import { eventually, rawConnect, useClients } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'
import { seededRandom } from '../../helpers/seededRandom.js'

function frame(type: number, write: (encoder: encoding.Encoder) => void = () => {}): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, type)
  write(encoder)
  return encoding.toUint8Array(encoder)
}

/** Valid frames of every kind a client sends, to mutate. */
function validFrames(): Uint8Array[] {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, 'a valid update')
  doc.getMap('m').set('k', [1, 2, 3])
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.setLocalState({ user: { name: 'Fuzz', color: '#123456' } })
  const update = Y.encodeStateAsUpdate(doc)
  return [
    frame(MESSAGE.sync, (e) => syncProtocol.writeSyncStep1(e, doc)),
    frame(MESSAGE.sync, (e) => syncProtocol.writeUpdate(e, update)),
    frame(MESSAGE.sync, (e) => {
      encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2)
      encoding.writeVarUint8Array(e, update)
    }),
    frame(MESSAGE.awareness, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]))),
    frame(MESSAGE.queryAwareness),
  ]
}

function mutate(valid: Uint8Array, random: () => number): Uint8Array {
  const bytes = [...valid]
  const edits = 1 + Math.floor(random() * 4)
  for (let n = 0; n < edits; n += 1) {
    const at = Math.floor(random() * (bytes.length + 1))
    const roll = random()
    if (roll < 0.4) bytes[at] = Math.floor(random() * 256)
    else if (roll < 0.6) bytes.splice(at, 0, Math.floor(random() * 256))
    else if (roll < 0.8) bytes.splice(at, 1)
    else bytes.splice(at, bytes.length)
  }
  return Uint8Array.from(bytes)
}

function randomFrame(random: () => number, valid: Uint8Array[]): Uint8Array {
  if (random() < 0.6) return mutate(valid[Math.floor(random() * valid.length)]!, random)
  return Uint8Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256))
}

describe('bad input to the relay', () => {
  const relays = useRelays()
  const clients = useClients()

  it.each([
    ['a text frame', 'hello', CLOSE.malformedMessage],
    ['an empty frame', new Uint8Array(0), CLOSE.malformedMessage],
    ['an unknown message type', Uint8Array.from([42, 0]), CLOSE.unknownMessage],
    ['an auth message from a client', Uint8Array.from([MESSAGE.auth, 0]), CLOSE.unknownMessage],
    ['a sync message cut short', Uint8Array.from([MESSAGE.sync, 2, 50, 1, 2]), CLOSE.malformedMessage],
    [
      'an update that does not decode',
      frame(MESSAGE.sync, (e) => syncProtocol.writeUpdate(e, Uint8Array.from([1, 2, 3, 4, 5, 250, 250, 250]))),
      CLOSE.invalidUpdate,
    ],
    ['trailing bytes after a message', Uint8Array.from([...validFrames()[0]!, 7]), CLOSE.malformedMessage],
    ['an unknown sync step', Uint8Array.from([MESSAGE.sync, 3, 0]), CLOSE.malformedMessage],
    ['a state vector that does not decode', Uint8Array.from([MESSAGE.sync, syncProtocol.messageYjsSyncStep1, 2, 5, 1]), CLOSE.malformedMessage],
    ['an awareness update cut short', Uint8Array.from([MESSAGE.awareness, 4, 1, 7, 1, 9]), CLOSE.malformedMessage],
    [
      'an awareness update with bytes after its last entry',
      frame(MESSAGE.awareness, (e) => encoding.writeVarUint8Array(e, Uint8Array.from([0, 7]))),
      CLOSE.malformedMessage,
    ],
  ])('closes a connection that sends %s with its code, and stores nothing from it', async (_case, payload, expected) => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const raw = rawConnect(relay.url, '/brt/target', token)
    await raw.opened
    raw.ws.send(payload)
    expect(await raw.closed).toEqual({ code: expected.code, reason: expected.reason })
    expect((await relay.metrics()).get('casebook_relay_updates_total')).toBe(0)
  })

  it('closes a connection that sends a frame over --max-message-bytes with 1009, and others carry on', async () => {
    const relay = await relays.start({ args: ['--max-message-bytes', '4096'] })
    const token = await relay.invite('brt', 'member')
    const [a, b] = [clients.connect(relay.url, 'brt/big', token), clients.connect(relay.url, 'brt/big', token)]
    await Promise.all([a.synced(), b.synced()])
    const raw = rawConnect(relay.url, '/brt/big', token)
    await raw.opened
    raw.ws.send(new Uint8Array(5000).fill(1))
    expect((await raw.closed).code).toBe(CLOSE.messageTooBig.code)
    a.doc.getText('t').insert(0, 'still working')
    await eventually(() => b.doc.getText('t').toString() === 'still working', 'the other clients still sync')
    expect((await relay.metrics()).get('casebook_relay_rejected_frames_total{reason="messageTooBig"}')).toBe(1)
  })

  it('closes a connection whose update holds more than --max-update-items items with 4414, applies and stores nothing of it, and takes one at the limit', async () => {
    const relay = await relays.start({ args: ['--max-update-items', '1000'] })
    const token = await relay.invite('brt', 'member')
    const reader = clients.connect(relay.url, 'brt/items', token)
    await reader.synced()
    // Typed backwards, every character is an item of its own.
    const backwards = (items: number, letter: string) => {
      const doc = new Y.Doc()
      for (let index = 0; index < items; index += 1) doc.getText('t').insert(0, letter)
      return frame(MESSAGE.sync, (e) => syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc)))
    }
    const tooMany = rawConnect(relay.url, '/brt/items', token)
    await tooMany.opened
    tooMany.ws.send(backwards(1001, 'x'))
    expect(await tooMany.closed).toEqual({ code: CLOSE.updateTooLarge.code, reason: CLOSE.updateTooLarge.reason })
    const atLimit = rawConnect(relay.url, '/brt/items', token)
    await atLimit.opened
    atLimit.ws.send(backwards(1000, 'y'))
    await eventually(() => reader.doc.getText('t').length === 1000, 'the update at the limit reaches the reader')
    expect(reader.doc.getText('t').toString()).toBe('y'.repeat(1000))
    await eventually(async () => (await relay.metrics()).get('casebook_relay_updates_total') === 1, 'only that update is stored')
    expect((await relay.metrics()).get('casebook_relay_rejected_frames_total{reason="updateTooLarge"}')).toBe(1)
  })

  it('closes a connection that floods it with 4529', async () => {
    const relay = await relays.start()
    const raw = rawConnect(relay.url, '/brt/flood', await relay.invite('brt', 'member'))
    await raw.opened
    const query = frame(MESSAGE.queryAwareness)
    for (let n = 0; n < 3000; n += 1) raw.ws.send(query)
    expect(await raw.closed).toEqual({ code: CLOSE.tooManyMessages.code, reason: CLOSE.tooManyMessages.reason })
  })

  it('stays up under 10,000 random and mutated frames while two clients edit, and they converge', { timeout: 120_000 }, async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const [a, b] = [clients.connect(relay.url, 'brt/fuzzed', token), clients.connect(relay.url, 'brt/fuzzed', token)]
    await Promise.all([a.synced(), b.synced()])
    let typed = 0
    const typing = setInterval(() => {
      a.doc.getArray<string>('words').push([`a${typed}`])
      b.doc.getArray<string>('words').push([`b${typed}`])
      typed += 1
    }, 25)

    const random = seededRandom(12345)
    const valid = validFrames()
    let sent = 0
    const attacker = async () => {
      while (sent < 10_000) {
        const raw = rawConnect(relay.url, '/brt/fuzzed', token)
        await raw.opened
        let closed = false
        void raw.closed.then(() => (closed = true))
        while (!closed && sent < 10_000) {
          raw.ws.send(random() < 0.02 ? 'text frame' : randomFrame(random, valid))
          sent += 1
          await new Promise((resolve) => setTimeout(resolve, 2))
        }
        raw.ws.terminate()
      }
    }
    try {
      await Promise.all(Array.from({ length: 16 }, attacker))
    } finally {
      clearInterval(typing)
    }
    expect(sent).toBeGreaterThanOrEqual(10_000)
    expect(relay.process.exitCode).toBeNull()
    expect((await fetch(`${relay.http}/healthz`)).status).toBe(200)
    const words = (client: typeof a) =>
      client.doc
        .getArray<string>('words')
        .toArray()
        .filter((word) => /^[ab]\d+$/.test(word))
    await eventually(() => words(a).length === 2 * typed && words(b).length === 2 * typed, 'both clients have every word')
    expect(words(a)).toEqual(words(b))
    expect((await relay.metrics()).get('casebook_relay_rejected_frames_total{reason="malformedMessage"}')).toBeGreaterThanOrEqual(100)
  })
})
