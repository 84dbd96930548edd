import * as decoding from 'lib0/decoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MESSAGE, STORED_ACK_PARAM, encodeUpdate } from '../../../src/shared/protocol/messages.js'
import { eventually, rawConnect, useClients, type RawConnection } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'

/** The updates a connection has been sent, in order. */
function updates(raw: RawConnection): Uint8Array[] {
  return raw.frames.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame)
    return decoding.readVarUint(decoder) === MESSAGE.sync && decoding.readVarUint(decoder) === 2 ? [decoding.readVarUint8Array(decoder)] : []
  })
}

/** The stored acknowledgements a connection has received, in order. */
function acks(raw: RawConnection): number[] {
  return raw.frames.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame)
    return decoding.readVarUint(decoder) === MESSAGE.stored ? [decoding.readVarUint(decoder)] : []
  })
}

describe('a large update', () => {
  const relays = useRelays()
  const clients = useClients()

  it('is applied a slice at a time, reaches the others whole, is stored whole, and the frames after it wait their turn', { timeout: 60_000 }, async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const reader = clients.connect(relay.url, 'brt/large', token)
    await reader.synced()
    // 60,000 characters typed backwards by three people in turns of 1,000, each turn on the others':
    // as many items, in six slices, some of them depending on later ones.
    const writers = [new Y.Doc(), new Y.Doc(), new Y.Doc()]
    const source = new Y.Doc()
    for (let turn = 0; turn < 60; turn += 1) {
      const writer = writers[turn % 3]!
      writer.transact(() => {
        for (let index = 0; index < 1000; index += 1) writer.getText('t').insert(0, String.fromCharCode(97 + ((turn + index) % 26)))
      })
      Y.applyUpdate(source, Y.encodeStateAsUpdate(writer, Y.encodeStateVector(source)))
      for (const other of writers) if (other !== writer) Y.applyUpdate(other, Y.encodeStateAsUpdate(source, Y.encodeStateVector(other)))
    }
    source.getText('t').delete(10, 100)
    const small = new Y.Doc()
    small.getMap('after').set('note', 'sent after the large one')

    const watcher = rawConnect(relay.url, '/brt/large', token)
    await watcher.opened
    const sender = rawConnect(relay.url, '/brt/large', token, `&${STORED_ACK_PARAM}=1`)
    await sender.opened
    sender.ws.send(encodeUpdate(Y.encodeStateAsUpdate(source)))
    sender.ws.send(encodeUpdate(Y.encodeStateAsUpdate(small)))
    await eventually(() => acks(sender).includes(2), 'both updates are stored', 30_000)
    expect(acks(sender).every((count, index, all) => index === 0 || count > all[index - 1]!)).toBe(true)
    await eventually(() => reader.doc.getText('t').length === source.getText('t').length && reader.doc.getMap('after').size === 1, 'the reader has everything', 30_000)
    expect(reader.doc.getText('t').toString()).toBe(source.getText('t').toString())
    // Broadcast a slice at a time, and the small update only after the last slice.
    // Broadcast in parts as they are applied (Yjs holds back a slice whose origins are in a later one,
    // and applies it with that one), and the small update only after the last of them.
    await eventually(() => updates(watcher).length >= 3, 'the watcher has the parts and the small update')
    const watched = new Y.Doc()
    for (const update of updates(watcher).slice(0, -1)) Y.applyUpdate(watched, update)
    expect(watched.getText('t').toString()).toBe(source.getText('t').toString())
    expect(watched.getMap('after').size).toBe(0)
    const last = new Y.Doc()
    Y.applyUpdate(last, updates(watcher).at(-1)!)
    expect(last.getMap('after').toJSON()).toEqual({ note: 'sent after the large one' })

    relay.process.kill('SIGTERM')
    await relay.exited
    const again = await relays.start({ dataDir: relay.dataDir })
    const late = clients.connect(again.url, 'brt/large', token)
    await late.synced()
    expect(late.doc.getText('t').toString()).toBe(source.getText('t').toString())
    expect(late.doc.getMap('after').get('note')).toBe('sent after the large one')
  })
})
