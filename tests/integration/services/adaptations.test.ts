import type { JSONContent } from '@tiptap/core'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { newDocumentContent, readBody } from '../../../src/shared/model/documentBody.js'
import { readAdaptationReferences } from '../../../src/shared/protocol/adaptationReferences.js'
import { eventually, useClients } from '../../helpers/clients.js'
import { useRelays, type RelayProcess } from '../../helpers/relay.js'
import { useServicesDevices } from '../../helpers/servicesDevices.js'

const heading = (text: string): JSONContent => ({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text }] })
const paragraph = (text: string): JSONContent => ({ type: 'paragraph', content: [{ type: 'text', text }] })

describe('adapting a document for another city, through a real relay', () => {
  const relays = useRelays()
  const clients = useClients()
  const devices = useServicesDevices('casebook-adapt-')

  async function device(relay: RelayProcess, person: { name: string; city: string }, networks: [string, 'viewer' | 'member' | 'facilitator'][]) {
    const { services, api } = await devices.start()
    await api.request('settings.setProfile', { ...person, color: '#1d4ed8' })
    for (const [network, role] of networks) await api.request('networks.join', { relayUrl: relay.url, token: await relay.invite(network, role, person) })
    return { services, api, listed: async (id: string) => (await api.request('library.list', {})).some((row) => row.id === id) }
  }

  it("makes Quito's adaptation of a Lagos case study in another network, and tells Lagos's network the reference and nothing of its content", async () => {
    const relay = await relays.start()
    const fatima = await device(relay, { name: 'Fatima Bello', city: 'Lagos' }, [['brt', 'facilitator']])
    const ana = await device(relay, { name: 'Ana Vera', city: 'Quito' }, [
      ['brt', 'viewer'],
      ['andes', 'member'],
    ])
    const source = await fatima.services.library.create(
      newDocumentContent(
        { kind: 'case-study', title: 'Lagos BRT lite', network: 'brt', city: 'Lagos', authors: ['Fatima Bello'] },
        {
          type: 'doc',
          content: [heading('Summary'), paragraph('Buses in their own lanes.'), heading('Transferability'), paragraph('Needs control of arterial roads.')],
        },
      ),
    )
    await eventually(() => ana.listed(source), 'the case study reaches Quito')

    const row = await ana.api.request('documents.adapt', { id: source, network: 'andes', kind: 'lessons-learned', title: 'Quito BRT lite' })
    expect(row.meta).toMatchObject({
      kind: 'lessons-learned',
      title: 'Quito BRT lite',
      network: 'andes',
      city: 'Quito',
      authors: ['Ana Vera'],
      adaptedFrom: { id: source, network: 'brt', title: 'Lagos BRT lite', city: 'Lagos' },
    })
    const handle = await ana.services.library.open(row.id)
    expect(readBody(handle.doc).content).toEqual([
      heading('Summary'),
      { type: 'paragraph' },
      heading('Transferability'),
      { type: 'blockquote', content: [paragraph('Needs control of arterial roads.')] },
    ])
    await handle.close()

    // Lagos hears of it: its city, where it is, and no title, since Fatima cannot open it.
    await eventually(async () => (await fatima.api.request('documents.adaptedBy', { id: source })).adaptedBy.length === 1, 'Lagos hears of the adaptation')
    expect(await fatima.api.request('documents.adaptedBy', { id: source })).toEqual({
      adaptedBy: [{ id: row.id, network: 'andes', city: 'Quito' }],
      sourceHeld: false,
    })
    expect(await ana.api.request('documents.adaptedBy', { id: source })).toEqual({
      adaptedBy: [{ id: row.id, network: 'andes', city: 'Quito', title: 'Quito BRT lite' }],
      sourceHeld: false,
    })
    expect((await ana.api.request('documents.adaptedBy', { id: row.id })).sourceHeld).toBe(true)
    const stats = await fatima.api.request('networks.stats', { network: 'brt' })
    expect(stats.mostAdapted).toEqual([{ id: source, title: 'Lagos BRT lite', city: 'Lagos', adaptations: 1, cities: ['Quito'] }])

    // What the relay holds for brt, as any member of it reads it: the reference alone.
    const token = await relay.invite('brt', 'member', { name: 'Reader' })
    const room = clients.connect(relay.url, 'brt/adaptations', token)
    await room.synced()
    expect(readAdaptationReferences(room.doc)).toEqual([{ adaptation: row.id, source, network: 'andes', city: 'Quito', at: expect.any(String) }])
    expect(JSON.stringify(room.doc.getMap('references').toJSON())).not.toContain('Quito BRT lite')
    const leaked = clients.connect(relay.url, `brt/${row.id}`, token)
    await leaked.synced()
    expect(Y.encodeStateAsUpdate(leaked.doc)).toEqual(Y.encodeStateAsUpdate(new Y.Doc()))
    expect(await fatima.listed(row.id)).toBe(false)
  })

  it('refuses an adaptation into a network the user only reads, or has not joined, and makes nothing', async () => {
    const relay = await relays.start()
    const ana = await device(relay, { name: 'Ana Vera', city: 'Quito' }, [['brt', 'viewer']])
    const { id } = await ana.api.request('library.create', { kind: 'case-study', title: 'Own notes' })
    await expect(ana.api.request('documents.adapt', { id, network: 'brt', kind: 'case-study', title: 'x' })).rejects.toMatchObject({
      code: 'ACCESS_REFUSED',
      message: 'Your invite to brt lets you read its documents, not add one.',
    })
    await expect(ana.api.request('documents.adapt', { id, network: 'andes', kind: 'case-study', title: 'x' })).rejects.toMatchObject({
      code: 'UNKNOWN_NETWORK',
      message: 'This device has not joined a network called "andes".',
    })
    expect((await ana.api.request('library.list', {})).map((row) => row.meta.title)).toEqual(['Own notes'])
    // Adapting a private document into no network tells nobody, and lists it as adapted here.
    const own = await ana.api.request('documents.adapt', { id, network: null, kind: 'case-study', title: 'Own notes, again' })
    expect(await ana.api.request('documents.adaptedBy', { id })).toEqual({
      adaptedBy: [{ id: own.id, network: '', city: 'Quito', title: 'Own notes, again' }],
      sourceHeld: false,
    })
  })

  it("counts a document's publication in the network's figures", async () => {
    const relay = await relays.start()
    const fatima = await device(relay, { name: 'Fatima Bello', city: 'Lagos' }, [['brt', 'facilitator']])
    const { id } = await fatima.api.request('library.create', { kind: 'case-study', title: 'Lagos BRT lite', network: 'brt', city: 'Lagos' })
    const notes = await fatima.api.request('library.create', { kind: 'lessons-learned', title: 'Notes', network: 'brt' })
    // New documents take the author's city; these notes are the network's, of no city.
    expect(notes.meta.city).toBe('Lagos')
    await fatima.api.request('documents.setMeta', { id: notes.id, patch: { city: null } })
    const count = async (key: string) => (await fatima.api.request('networks.stats', { network: 'brt' })).byStatus.find((entry) => entry.key === key)?.count
    expect([await count('draft'), await count('published')]).toEqual([2, 0])
    await fatima.api.request('documents.decide', { id, to: 'in-review', label: 'Taken into review' })
    await fatima.api.request('documents.decide', { id, to: 'published', label: 'Published' })
    expect([await count('draft'), await count('published')]).toEqual([1, 1])
    const stats = await fatima.api.request('networks.stats', { network: 'brt' })
    expect(stats.byCity).toEqual([
      { key: '', count: 1 },
      { key: 'Lagos', count: 1 },
    ])
    expect(stats.months.at(-1)).toMatchObject({ created: 2, published: 1 })
    // The first look has nothing to be new since; once she has looked, what follows is new.
    expect(stats.newActivity).toBe(0)
    await fatima.api.request('networks.lookedAtStats', { network: 'brt' })
    await new Promise((resolve) => setTimeout(resolve, 5))
    await fatima.api.request('documents.decide', { id, to: 'archived', label: 'Archived' })
    const after = await fatima.api.request('networks.stats', { network: 'brt' })
    expect(after.activity.find((activity) => activity.status === 'archived')).toMatchObject({ kind: 'decided', document: id, by: 'Fatima Bello', isNew: true })
    expect(after.activity.filter((activity) => activity.kind === 'created').map(({ isNew }) => isNew)).toEqual([false, false])
    expect(after.newActivity).toBeGreaterThanOrEqual(1)
    await expect(fatima.api.request('networks.stats', { network: 'andes' })).rejects.toMatchObject({ code: 'UNKNOWN_NETWORK' })
  })
})
