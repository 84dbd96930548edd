import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { restoreVersion } from '../../../src/main/library/restoreVersion.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { historyRoomOf } from '../../../src/shared/protocol/rooms.js'
import type { Backend } from '../../helpers/backends.js'
import { hasDocument, textOf, useBackends } from '../../helpers/backends.js'
import { eventually, useClients } from '../../helpers/clients.js'
import { appendParagraph, paragraphs } from '../../helpers/documents.js'
import { useRelays, type RelayProcess } from '../../helpers/relay.js'

describe('version histories, synced with the network', () => {
  const relays = useRelays()
  const backends = useBackends()
  const clients = useClients()

  async function joined(relay: RelayProcess, name: string, role: 'member' | 'viewer' = 'member') {
    const backend = await backends.start()
    await backend.sync.join({ relayUrl: relay.url, token: await relay.invite('brt', role, { name }) })
    return backend
  }

  async function edit(backend: Backend, id: string, text: string): Promise<void> {
    const handle = await backend.library.open(id)
    appendParagraph(handle.doc, text)
    await handle.close()
  }

  const labels = async (backend: Backend, id: string) => (await backend.library.versions(id)).map(({ label, author }) => `${label} (${author})`)

  it('lists every version on every device, those saved offline too, each with the text it was saved with', async () => {
    const relay = await relays.start()
    const [ana, bo] = [await joined(relay, 'Ana'), await joined(relay, 'Bo')]
    const id = await ana.library.create(newDocumentContent({ kind: 'case-study', title: 'Lagos BRT', network: 'brt' }))
    await edit(ana, id, 'first draft')
    const draft = await ana.library.saveVersion(id, { label: 'Draft', author: 'Ana' })
    await eventually(() => hasDocument(bo, id), 'the document reaches Bo')
    await eventually(async () => (await labels(bo, id)).includes('Draft (Ana)'), 'Ana’s version reaches Bo')
    expect(paragraphs(await bo.library.readVersion(id, draft.id))).toContain('first draft')

    // Bo saves one while the relay is away; it goes out when the relay is back.
    relay.process.kill('SIGTERM')
    await relay.exited
    await eventually(() => !bo.sync.networks()[0]!.online, 'Bo is offline')
    await edit(bo, id, 'edited offline')
    await bo.library.saveVersion(id, { label: 'Offline', author: 'Bo' })
    await relays.start({ dataDir: relay.dataDir, port: relay.port })
    await eventually(async () => (await labels(ana, id)).includes('Offline (Bo)'), 'Bo’s offline version reaches Ana', 20_000)
    expect(await ana.library.versions(id)).toEqual(await bo.library.versions(id))
    const offline = (await ana.library.versions(id)).find(({ label }) => label === 'Offline')!
    expect(paragraphs(await ana.library.readVersion(id, offline.id))).toEqual(expect.arrayContaining(['first draft', 'edited offline']))
  })

  it('keeps the version a member saved when another member plants a forged one under its id, and shows the forgery to nobody', async () => {
    const relay = await relays.start()
    const [ana, bo] = [await joined(relay, 'Ana'), await joined(relay, 'Bo')]
    const id = await ana.library.create(newDocumentContent({ kind: 'case-study', title: 'Quito', network: 'brt' }))
    await edit(ana, id, 'the true text')
    const published = await ana.library.saveVersion(id, { label: 'Published', author: 'Ana' })
    await eventually(async () => hasDocument(bo, id) && (await labels(bo, id)).length === 1, 'the version reaches Bo')

    // The attacker, a member with a client of their own, copies the entry and swaps its text, at the front.
    const attacker = clients.connect(relay.url, `brt/${historyRoomOf(id)}`, await relay.invite('brt', 'member', { name: 'Mallory' }), { ack: true })
    await attacker.synced()
    const versions = attacker.doc.getArray<Record<string, unknown>>('versions')
    const forged = new Y.Doc()
    forged.getXmlFragment('body').insert(0, [new Y.XmlText('forged text')])
    versions.insert(0, [
      { ...versions.get(0), update: Y.encodeStateAsUpdate(forged) },
      { ...versions.get(0), label: 'Relabelled' },
    ])
    await eventually(() => attacker.stored.length > 0, 'the relay stores the forged entries')
    bo.sync.fetchSide('brt', historyRoomOf(id))
    await eventually(async () => (await bo.library.history(id)).doc.getArray('versions').length === 3, 'the forged entries reach Bo')

    expect(await bo.library.versions(id)).toEqual([published])
    expect(paragraphs(await bo.library.readVersion(id, published.id))).toContain('the true text')
  })

  it('never sends a viewer’s version to anyone', async () => {
    const relay = await relays.start()
    const [ana, vi] = [await joined(relay, 'Ana'), await joined(relay, 'Vi', 'viewer')]
    const id = await ana.library.create(newDocumentContent({ kind: 'case-study', title: 'Read only', network: 'brt' }))
    await eventually(() => hasDocument(vi, id), 'the document reaches the viewer')
    await vi.library.saveVersion(id, { label: 'Viewer’s', author: 'Vi' })
    await ana.library.saveVersion(id, { label: 'Member’s', author: 'Ana' })
    await eventually(async () => (await labels(vi, id)).includes('Member’s (Ana)'), 'the member’s version reaches the viewer')
    const reader = clients.connect(relay.url, `brt/${historyRoomOf(id)}`, await relay.invite('brt', 'viewer'))
    await reader.synced()
    expect(
      reader.doc
        .getArray<{ label: string }>('versions')
        .toArray()
        .map(({ label }) => label),
    ).toEqual(['Member’s'])
    expect(await labels(ana, id)).toEqual(['Member’s (Ana)'])
  })

  it('restores a version on one device as an edit that reaches the other, and keeps what the other wrote offline meanwhile', async () => {
    const relay = await relays.start()
    const [ana, bo] = [await joined(relay, 'Ana'), await joined(relay, 'Bo')]
    const content = (...texts: string[]) => ({ type: 'doc', content: texts.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) })
    const id = await ana.library.create(
      newDocumentContent({ kind: 'case-study', title: 'Bogotá feeders', network: 'brt' }, content('Feeder lanes', 'They cost 4 million dollars.', 'Lessons')),
    )
    const reviewed = await ana.library.saveVersion(id, { label: 'Reviewed', author: 'Ana' })
    const handle = await ana.library.open(id)
    const [, costs] = handle.doc.getXmlFragment('body').toArray() as Y.XmlElement[]
    ;(costs!.get(0) as Y.XmlText).delete(10, 1)
    ;(costs!.get(0) as Y.XmlText).insert(10, '9')
    appendParagraph(handle.doc, 'A paragraph written in error')
    await handle.close()
    const edited = ['Feeder lanes', 'They cost 9 million dollars.', 'Lessons', 'A paragraph written in error']
    await eventually(async () => hasDocument(bo, id) && JSON.stringify(await textOf(bo, id)) === JSON.stringify(edited), 'the edits reach Bo')

    relay.process.kill('SIGTERM')
    await relay.exited
    await eventually(() => !ana.sync.networks()[0]!.online && !bo.sync.networks()[0]!.online, 'both are offline')
    // Offline, Bo adds to the third paragraph, and Ana, who cannot see that, restores the reviewed version.
    const boHandle = await bo.library.open(id)
    ;((boHandle.doc.getXmlFragment('body').get(2) as Y.XmlElement).get(0) as Y.XmlText).insert('Lessons'.length, ': involve the unions early')
    await boHandle.close()
    const before = await restoreVersion(ana.library, id, reviewed.id, { label: 'Before restoring “Reviewed”', author: 'Ana' })
    expect(await textOf(ana, id)).toEqual(['Feeder lanes', 'They cost 4 million dollars.', 'Lessons'])
    expect(paragraphs(await ana.library.readVersion(id, before.id))).toEqual(edited)

    await relays.start({ dataDir: relay.dataDir, port: relay.port })
    const restored = ['Feeder lanes', 'They cost 4 million dollars.', 'Lessons: involve the unions early']
    for (const backend of [ana, bo])
      await eventually(
        async () => JSON.stringify(await textOf(backend, id)) === JSON.stringify(restored),
        'the restore and Bo’s edit are on both devices',
        20_000,
      )
    await eventually(async () => (await bo.library.versions(id)).length === 2, 'the version saved before the restore reaches Bo')
    expect((await bo.library.versions(id)).map(({ label }) => label)).toEqual(['Reviewed', 'Before restoring “Reviewed”'])
    expect(await ana.library.versions(id)).toEqual(await bo.library.versions(id))
  })
})
