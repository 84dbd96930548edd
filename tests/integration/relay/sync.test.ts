import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { RelayStore } from '../../../src/relay/store.js'
import { eventually, useClients } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'

describe('syncing through the relay', () => {
  const relays = useRelays()
  const clients = useClients()

  it('brings several stock y-websocket clients to the same content', async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const [a, b, c] = [0, 1, 2].map(() => clients.connect(relay.url, 'brt/lagos', token))
    await Promise.all([a!, b!, c!].map((client) => client.synced()))
    a!.doc.getText('t').insert(0, 'Lagos ')
    b!.doc.getText('t').insert(0, 'BRT ')
    c!.doc.getMap('meta').set('title', 'Lagos BRT')
    const view = (client: typeof a) => `${client!.doc.getText('t').toString()}|${String(client!.doc.getMap('meta').get('title'))}`
    await eventually(() => new Set([a, b, c].map(view)).size === 1 && a!.doc.getText('t').length === 10, 'all three clients agree')
    expect(c!.doc.getText('t').toString()).toMatch(/^(Lagos BRT |BRT Lagos )$/)
    expect(b!.doc.getMap('meta').get('title')).toBe('Lagos BRT')
  })

  it("relays presence, and removes a client's presence when it leaves", async () => {
    const relay = await relays.start()
    const [ana, bo] = [
      clients.connect(relay.url, 'brt/presence', await relay.invite('brt', 'member', { name: 'Ana', city: 'Lagos' })),
      clients.connect(relay.url, 'brt/presence', await relay.invite('brt', 'member', { name: 'Bo' })),
    ]
    await Promise.all([ana.synced(), bo.synced()])
    ana.provider.awareness.setLocalStateField('user', { name: 'Ana', city: 'Lagos' })
    await eventually(() => bo.provider.awareness.getStates().get(ana.doc.clientID)?.['user']?.name === 'Ana', 'Bo sees Ana')
    ana.provider.destroy()
    await eventually(() => !bo.provider.awareness.getStates().has(ana.doc.clientID), "Ana's presence is gone")
  })

  it('folds a busy document into a snapshot, keeping its content', async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const writer = clients.connect(relay.url, 'brt/busy', token, { ack: true })
    await writer.synced()
    for (let n = 0; n < 600; n += 1) writer.doc.getArray<number>('n').push([n])
    await eventually(() => (writer.stored.at(-1) ?? 0) >= 601, 'every update is stored')
    // In a worker, once 500 are.
    await eventually(async () => (await relay.metrics()).get('casebook_relay_compactions_total') === 1, 'the document is compacted')
    const store = new RelayStore(relay.dataDir)
    const { snapshot, updates } = store.load('brt/busy')
    store.close()
    expect(snapshot).not.toBeNull()
    expect(updates.length).toBeLessThan(200)
    const stored = new Y.Doc()
    for (const update of [snapshot!, ...updates]) Y.applyUpdate(stored, update)
    expect(stored.getArray<number>('n').toArray()).toEqual(Array.from({ length: 600 }, (_, n) => n))
  })

  it('keeps documents across a restart, and syncs them into a client that joins later', async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const writer = clients.connect(relay.url, 'brt/kept', token, { ack: true })
    await writer.synced()
    writer.doc.getText('t').insert(0, 'stored before the restart')
    await eventually(() => writer.stored.length > 0, 'the relay acknowledged the update')
    writer.provider.destroy()
    const again = await relays.restart(relay)
    const reader = clients.connect(again.url, 'brt/kept', await again.invite('brt', 'viewer'))
    await reader.synced()
    expect(reader.doc.getText('t').toString()).toBe('stored before the restart')
  })

  it('tells a client that asked which of its updates are stored, and tells a stock client nothing unknown', async () => {
    const errors = vi.spyOn(console, 'error')
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const acked = clients.connect(relay.url, 'brt/acks', token, { ack: true })
    const stock = clients.connect(relay.url, 'brt/acks', token)
    await Promise.all([acked.synced(), stock.synced()])
    const before = acked.stored.at(-1) ?? 0
    for (let n = 0; n < 5; n += 1) acked.doc.getText('t').insert(0, String(n))
    stock.doc.getText('t').insert(0, 'x')
    await eventually(() => (acked.stored.at(-1) ?? 0) >= before + 5, 'the five updates are acknowledged')
    await eventually(() => stock.doc.getText('t').length === 6, 'the stock client has every update')
    expect(stock.stored).toEqual([])
    expect(errors.mock.calls.filter((call) => String(call[0]).includes('Unable to compute message'))).toEqual([])
    errors.mockRestore()
  })
})
