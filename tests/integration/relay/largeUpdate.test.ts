import * as decoding from 'lib0/decoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { countItems } from '../../../src/relay/countItems.js'
import { MESSAGE, STORED_ACK_PARAM } from '../../../src/shared/protocol/messages.js'
import { encodeUpdate } from '../../../src/shared/protocol/syncFrames.js'
import { eventually, rawConnect, storedAcks, useClients, type RawConnection } from '../../helpers/clients.js'
import { interleavedWriters, typedBackwardsUpdate } from '../../helpers/largeDocuments.js'
import { useRelays } from '../../helpers/relay.js'

/** The updates a connection has been sent, in order. */
function updates(raw: RawConnection): Uint8Array[] {
  return raw.frames.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame)
    return decoding.readVarUint(decoder) === MESSAGE.sync && decoding.readVarUint(decoder) === 2 ? [decoding.readVarUint8Array(decoder)] : []
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
    // as many items, in six slices, runs of each writer depending on later runs of the others.
    const source = interleavedWriters(60, 1000)
    const small = new Y.Doc()
    small.getMap('after').set('note', 'sent after the large one')

    const watcher = rawConnect(relay.url, '/brt/large', token)
    await watcher.opened
    const sender = rawConnect(relay.url, '/brt/large', token, `&${STORED_ACK_PARAM}=1`)
    await sender.opened
    sender.ws.send(encodeUpdate(Y.encodeStateAsUpdate(source)))
    sender.ws.send(encodeUpdate(Y.encodeStateAsUpdate(small)))
    await eventually(() => storedAcks(sender).includes(2), 'both updates are stored', 30_000)
    expect(storedAcks(sender).every((count, index, all) => index === 0 || count > all[index - 1]!)).toBe(true)
    await eventually(
      () => reader.doc.getText('t').length === source.getText('t').length && reader.doc.getMap('after').size === 1,
      'the reader has everything',
      30_000,
    )
    expect(reader.doc.getText('t').toString()).toBe(source.getText('t').toString())
    // Broadcast a slice at a time as each is applied, none held back for a later one, and the small
    // update only after the last slice. The deleted characters are integrated deleted with the last
    // slice of structs (its broadcast names them), so the slice of deleted ranges changes nothing.
    await eventually(() => updates(watcher).length >= 7, 'the watcher has the slices and the small update')
    const parts = updates(watcher).slice(0, -1)
    expect(parts.map((part) => countItems(part))).toEqual([10_000, 10_000, 10_000, 10_000, 10_000, 10_001])
    const watched = new Y.Doc()
    for (const update of parts) {
      Y.applyUpdate(watched, update)
      expect(watched.store.pendingStructs).toBe(null)
    }
    expect(watched.getText('t').toString()).toBe(source.getText('t').toString())
    expect(watched.getMap('after').size).toBe(0)
    const last = new Y.Doc()
    Y.applyUpdate(last, updates(watcher).at(-1)!)
    expect(last.getMap('after').toJSON()).toEqual({ note: 'sent after the large one' })

    const again = await relays.restart(relay)
    const late = clients.connect(again.url, 'brt/large', token)
    await late.synced()
    expect(late.doc.getText('t').toString()).toBe(source.getText('t').toString())
    expect(late.doc.getMap('after').get('note')).toBe('sent after the large one')
  })
  it('stores the slices applied before its sender went away, as the other clients have them', { timeout: 60_000 }, async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const reader = clients.connect(relay.url, 'brt/gone', token)
    await reader.synced()
    const sender = rawConnect(relay.url, '/brt/gone', token)
    await sender.opened
    // 100,000 items: ten slices, ten turns of the relay.
    sender.ws.send(encodeUpdate(typedBackwardsUpdate(100_000, 7, null)))
    await eventually(() => reader.doc.getText('t').length > 0, 'a first slice reaches the reader')
    sender.ws.terminate()
    await eventually(async () => (await relay.metrics()).get('casebook_relay_connections') === 1, 'the relay has seen the sender go')
    const again = await relays.restart(relay)
    const fresh = clients.connect(again.url, 'brt/gone', token)
    await fresh.synced()
    // All the reader was sent, as the relay is gone.
    const live = reader.doc.getText('t').length
    expect(live).toBeGreaterThan(0)
    expect(fresh.doc.getText('t').length).toBe(live)
  })
})
