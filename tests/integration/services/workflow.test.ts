import { afterEach, describe, expect, it } from 'vitest'
import mammoth from 'mammoth'
import { Services } from '../../../src/main/services/services.js'
import { appendParagraph } from '../../helpers/documents.js'
import { inProcessApi } from '../../helpers/api.js'
import { eventually, useClients } from '../../helpers/clients.js'
import { useRelays, type RelayProcess } from '../../helpers/relay.js'
import { TempDirs } from '../../helpers/tempDirs.js'

describe('the review workflow, through a real relay', () => {
  const relays = useRelays()
  const clients = useClients()
  const dirs = new TempDirs('casebook-workflow-')
  const stops: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop()
    dirs.removeAll()
  })

  /** A device: the app's back end, its profile named, joined to brt with the role given. */
  async function device(relay: RelayProcess, name: string, role: 'member' | 'facilitator') {
    const services = await Services.start(dirs.make())
    const api = inProcessApi(services)
    stops.push(async () => {
      await api.close()
      await services.stop()
    })
    await api.request('settings.setProfile', { name, city: 'Lagos', color: '#1d4ed8' })
    await api.request('networks.join', { relayUrl: relay.url, token: await relay.invite('brt', role, { name }) })
    return { services, api, row: async (id: string) => (await api.request('library.list', {})).find((row) => row.id === id) }
  }

  it('a member submits on one device, a facilitator reviews and publishes on another, and the member sees each step', async () => {
    const relay = await relays.start()
    const ana = await device(relay, 'Ana', 'member')
    const fatima = await device(relay, 'Fatima', 'facilitator')
    const { id } = await ana.api.request('library.create', { kind: 'case-study', title: 'Lagos BRT', network: 'brt' })
    expect((await ana.row(id))?.status).toBe('draft')

    expect((await ana.api.request('documents.submit', { id, submit: true, label: 'Submitted for review' })).status).toBe('submitted')
    await eventually(async () => (await fatima.row(id))?.status === 'submitted', 'the facilitator sees the submission')
    expect((await fatima.row(id))?.review).toMatchObject({ status: 'submitted', by: 'Ana' })
    // She takes it back, and submits it again.
    expect((await ana.api.request('documents.submit', { id, submit: false, label: 'Submission withdrawn' })).status).toBe('draft')
    await eventually(async () => (await fatima.row(id))?.status === 'draft', 'the facilitator sees it withdrawn')
    await ana.api.request('documents.submit', { id, submit: true, label: 'Submitted again' })
    await eventually(async () => (await fatima.row(id))?.status === 'submitted', 'the facilitator sees it submitted again')

    await fatima.api.request('documents.decide', { id, to: 'in-review', note: 'Needs costs and funding figures', label: 'Taken into review' })
    // Told, as a changed row, to a window that has the list: no need to ask again.
    const toldInReview = () =>
      ana.api.events.some(
        (event) => event.type === 'library-changed' && event.changes.documents.upserted.some((row) => row.id === id && row.status === 'in-review'),
      )
    await eventually(toldInReview, 'the member’s window is told the document is in review')
    expect((await ana.row(id))?.review).toMatchObject({ by: 'Fatima', note: 'Needs costs and funding figures' })
    // A member cannot withdraw it now, nor publish it.
    await expect(ana.api.request('documents.submit', { id, submit: false, label: 'x' })).rejects.toMatchObject({
      code: 'ACCESS_REFUSED',
      message: expect.stringMatching(/As a member of brt, you cannot move document \w+ from in-review to draft\./),
    })
    await expect(ana.api.request('documents.decide', { id, to: 'published', label: 'x' })).rejects.toMatchObject({ code: 'ACCESS_REFUSED' })

    const published = await fatima.api.request('documents.decide', { id, to: 'published', label: 'Published' })
    expect(published.review?.publishedVersion).toMatch(/^[0-9a-f]{20}$/)
    await eventually(async () => (await ana.row(id))?.status === 'published', 'the member sees it published')
    expect((await ana.row(id))?.review?.publishedVersion).toBe(published.review?.publishedVersion)
    // Each step saved a version, which both devices list; the published one is the catalog's.
    const labels = ['Submitted for review', 'Submission withdrawn', 'Submitted again', 'Taken into review', 'Published']
    await eventually(async () => (await ana.api.request('library.versions', { id })).length === 5, 'every step’s version reaches the member')
    for (const api of [ana.api, fatima.api]) expect((await api.request('library.versions', { id })).map(({ label }) => label)).toEqual(labels)
    expect((await ana.api.request('library.versions', { id })).at(-1)?.id).toBe(published.review?.publishedVersion)

    // Edited after publishing: export and reports hold the published text unless the text now is asked for.
    const handle = await ana.services.library.open(id)
    appendParagraph(handle.doc, 'Written after it was published')
    await handle.close()
    expect((await ana.api.request('documents.review', { id })).editedSincePublished).toBe(true)
    const markdown = async (text?: 'current') =>
      new TextDecoder().decode((await ana.api.request('documents.export', { id, format: 'md', ...(text ? { text } : {}) })).bytes)
    expect(await markdown()).not.toContain('Written after it was published')
    expect(await markdown('current')).toContain('Written after it was published')
    const report = await ana.api.request('library.report', { title: 'BRT', ids: [id], format: 'docx' })
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(report!.bytes) })
    expect(value).toContain('Lagos BRT')
    expect(value).not.toContain('Written after it was published')
  })

  it('stores nothing a member writes to the catalog, and a member’s app shows the catalog’s status, not the document’s own', async () => {
    const relay = await relays.start()
    const ana = await device(relay, 'Ana', 'member')
    const fatima = await device(relay, 'Fatima', 'facilitator')
    const { id } = await ana.api.request('library.create', { kind: 'case-study', title: 'Quito metro', network: 'brt' })
    await eventually(async () => (await fatima.row(id)) !== undefined, 'the document reaches the facilitator')

    // The attack: Ana's own client writes a published review into the catalog, and her document says published.
    const forger = clients.connect(relay.url, 'brt/catalog', await relay.invite('brt', 'member', { name: 'Ana' }))
    await forger.synced()
    forger.doc.getMap('standings').set(id, { status: 'published', by: 'Fatima', at: new Date().toISOString() })
    await ana.api.request('documents.setMeta', { id, patch: { status: 'published' } })
    await eventually(
      async () => (await fatima.api.request('library.list', {})).find((row) => row.id === id)?.meta.status === 'published',
      'the document’s own status reaches the facilitator',
    )

    const reader = clients.connect(relay.url, 'brt/catalog', await relay.invite('brt', 'viewer'))
    await reader.synced()
    expect(reader.doc.getMap('standings').toJSON()).toEqual({})
    for (const device of [ana, fatima]) expect((await device.row(id))?.status).toBe('draft')
    expect((await relay.metrics()).get('casebook_relay_rejected_frames_total{reason="readOnly"}')).toBeGreaterThanOrEqual(1)
  })

  it('a facilitator’s collections, featured documents and topics reach every member; a member cannot change them, through the app or around it', async () => {
    const relay = await relays.start()
    const ana = await device(relay, 'Ana', 'member')
    const fatima = await device(relay, 'Fatima', 'facilitator')
    const { id } = await ana.api.request('library.create', { kind: 'case-study', title: 'Lagos BRT', network: 'brt' })
    await eventually(async () => (await fatima.row(id)) !== undefined, 'the document reaches the facilitator')

    await fatima.api.request('networks.curate', {
      network: 'brt',
      change: { newCollection: { name: 'BRT lessons 2026', description: 'For the Lima workshop', documents: [id] } },
    })
    // Twice at once, as quick clicks would: the document is featured once.
    await Promise.all([1, 2].map(() => fatima.api.request('networks.curate', { network: 'brt', change: { feature: id } })))
    const curated = await fatima.api.request('networks.curate', { network: 'brt', change: { topics: ['fares', 'feeder lanes'] } })
    const told = () => ana.api.events.filter((event) => event.type === 'curation-changed' && event.network === 'brt').length
    await eventually(
      async () => JSON.stringify(await ana.api.request('networks.curation', { network: 'brt' })) === JSON.stringify(curated),
      'the member has it all',
    )
    await eventually(() => told() > 0, 'the member’s window is told')
    expect(curated.featured).toEqual([id])
    expect(curated.collections).toEqual([
      { id: expect.stringMatching(/^[0-9a-f]{12}$/), name: 'BRT lessons 2026', description: 'For the Lima workshop', documents: [id] },
    ])

    await expect(ana.api.request('networks.curate', { network: 'brt', change: { unfeature: id } })).rejects.toMatchObject({
      code: 'ACCESS_REFUSED',
      message: 'Only a facilitator of brt can change its collections, featured documents and topics.',
    })
    // Around the app: her own client deletes the collection and unfeatures the document.
    const forger = clients.connect(relay.url, 'brt/catalog', await relay.invite('brt', 'member', { name: 'Ana' }))
    await forger.synced()
    forger.doc.getMap('collections').clear()
    forger.doc.getMap('lists').set('featured', [])
    await eventually(async () => ((await relay.metrics()).get('casebook_relay_rejected_frames_total{reason="readOnly"}') ?? 0) >= 1, 'the relay refuses it')
    const reader = clients.connect(relay.url, 'brt/catalog', await relay.invite('brt', 'viewer'))
    await reader.synced()
    expect((reader.doc.getMap('lists').toJSON() as { featured: string[] }).featured).toEqual([id])
    expect(reader.doc.getMap('collections').size).toBe(1)
    expect(await ana.api.request('networks.curation', { network: 'brt' })).toEqual(curated)
  })
})
