import '../../helpers/animationFrames.js'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import * as Y from 'yjs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Services } from '../../../src/main/services/services.js'
import { readSearchIndex, SEARCH_INDEX_FILE } from '../../../src/main/services/searchIndexFile.js'
import { DocumentPeer } from '../../../src/renderer/documentPeer.js'
import { errorText } from '../../../src/renderer/i18n/errorText.js'
import { formats } from '../../../src/renderer/i18n/formats.js'
import { isCasebookError } from '../../../src/shared/errors.js'
import type { CasebookApi } from '../../../src/shared/ipc/contract.js'
import { inProcessApi } from '../../helpers/api.js'
import { catalogT } from '../../helpers/catalogT.js'
import { eventually } from '../../helpers/clients.js'
import { appendParagraph, paragraphs } from '../../helpers/documents.js'
import { useRelays } from '../../helpers/relay.js'
import { TempDirs } from '../../helpers/tempDirs.js'

describe('the contract, served by the back end', () => {
  const relays = useRelays()
  const running: { services: Services; apis: ReturnType<typeof inProcessApi>[]; peers: DocumentPeer[] }[] = []
  const dirs = new TempDirs('casebook-services-')
  afterEach(async () => {
    for (const { services, apis, peers } of running.splice(0)) {
      for (const peer of peers) await peer.close().catch(() => {})
      for (const api of apis) await api.close()
      await services.stop()
    }
    dirs.removeAll()
  })

  async function backend() {
    const dir = dirs.make()
    const services = await Services.start(dir)
    const api = inProcessApi(services)
    const entry = { services, apis: [api], peers: [] as DocumentPeer[] }
    running.push(entry)
    const open = async (id: string, onto: CasebookApi = api) => {
      const peer = await DocumentPeer.open(onto, id)
      entry.peers.push(peer)
      return peer
    }
    return { services, api, open, dir }
  }

  async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    )
    if (!isCasebookError(error)) throw new Error(`expected a refusal, got ${String(error)}`)
    return { code: error.code, message: error.message }
  }

  it('joins two devices to a network, brings a new document to the second unopened, and carries edits and presence both ways', async () => {
    const relay = await relays.start()
    const a = await backend()
    const b = await backend()
    for (const [device, name] of [
      [a, 'Ana'],
      [b, 'Bo'],
    ] as const) {
      expect(await device.api.request('networks.join', { relayUrl: relay.url, token: await relay.invite('brt', 'member', { name }) })).toMatchObject({
        id: 'brt',
        role: 'member',
        relayUrl: relay.url,
      })
      await eventually(async () => (await device.api.request('networks.list', {}))[0]?.online === true, `${name}'s device is online`)
    }
    // In French: the language, in meta, travels with the document, and B's network boundary adopts it.
    const created = await a.api.request('library.create', { kind: 'case-study', title: 'Lagos BRT', network: 'brt', city: 'Lagos', language: 'fr' })
    await eventually(async () => (await b.api.request('library.list', {})).some((row) => row.id === created.id), 'the document is listed on B')
    const listed = (await b.api.request('library.list', {})).find((row) => row.id === created.id)!
    expect(listed.meta).toMatchObject({ title: 'Lagos BRT', city: 'Lagos', network: 'brt', kind: 'case-study', language: 'fr' })
    // The event is sent once the change is done, which may be just after a list already shows it.
    await eventually(
      () => b.api.events.some((event) => event.type === 'library-changed' && event.changes.documents.upserted.some((row) => row.id === created.id)),
      'B is told the row the network brought',
    )

    const onA = await a.open(created.id)
    const onB = await b.open(created.id)
    expect(paragraphs(onB.doc)).toEqual(paragraphs(onA.doc))
    onA.awareness.setLocalStateField('user', { name: 'Ana', city: 'Lagos', color: '#1f77b4' })
    appendParagraph(onA.doc, 'typed in A’s editor')
    appendParagraph(onB.doc, 'typed in B’s editor')
    await eventually(
      () => [onA, onB].every((peer) => ['typed in A’s editor', 'typed in B’s editor'].every((text) => paragraphs(peer.doc).includes(text))),
      'both editors hold both edits',
    )
    expect(paragraphs(onA.doc)).toEqual(paragraphs(onB.doc))
    await eventually(
      () => [...onB.awareness.getStates().values()].some((state) => (state as { user?: { name?: string } }).user?.name === 'Ana'),
      'A’s presence reaches B’s editor through the relay',
    )
    await eventually(
      async () => (await a.api.request('library.list', {})).find((row) => row.id === created.id)?.sync === 'saved',
      'A reports the document saved on the network',
    )
  })

  it('gives every bad request a typed error naming the problem, and goes on working', async () => {
    const { services, api } = await backend()
    const client = services.connect({ event: () => {}, documentMessage: () => {} })
    expect(await client.request('library.destroyEverything', {})).toEqual({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'There is no request called "library.destroyEverything".', reason: 'notUnderstood' },
    })
    expect(await refusal(api.request('library.create', { kind: 'case-study', title: '   ' }))).toEqual({
      code: 'BAD_REQUEST',
      message: 'The request library.create is invalid: "title" must not be empty.',
    })
    expect((await refusal(api.request('library.create', { kind: 'poem' as never, title: 'x' }))).message).toMatch(
      /^The request library.create is invalid: "kind"/,
    )
    expect((await refusal(api.request('library.trash', { id: '../../etc' }))).message).toBe(
      'The request library.trash is invalid: "id" must be a document id: 16 hexadecimal digits.',
    )
    expect((await client.request('library.list', { place: 'documents', extra: true })).ok).toBe(false)
    expect((await client.request('settings.setProfile', null)).ok).toBe(false)
    expect(await refusal(api.request('documents.open', { id: '0123456789abcdef' }))).toMatchObject({ code: 'UNKNOWN_DOCUMENT' })

    const row = await api.request('library.create', { kind: 'lessons-learned', title: 'Still working' })
    const peer = await DocumentPeer.open(api, row.id)
    api.sendDocumentMessage(row.id, new Uint8Array([0, 2, 200]))
    await eventually(() => api.events.some((event) => event.type === 'document-error' && event.id === row.id), 'the bad message is reported')
    appendParagraph(peer.doc, 'after the bad message')
    await peer.close()
    const reopened = await DocumentPeer.open(api, row.id)
    expect(paragraphs(reopened.doc)).toContain('after the bad message')
    await reopened.close()
    expect((await api.request('library.list', {})).map((listed) => listed.meta.title)).toEqual(['Still working'])
    await client.close()
  })

  it('sends a document’s content to each opening of it, a second one from the same renderer too', async () => {
    const { api, open } = await backend()
    const row = await api.request('library.create', { kind: 'case-study', title: 'Opened twice' })
    const first = await open(row.id)
    appendParagraph(first.doc, 'written in the first')
    const second = await open(row.id)
    expect(paragraphs(second.doc)).toContain('written in the first')
  })

  it('keeps a document’s session for the renderer’s second copy when its first copy is closed', async () => {
    const { api, open } = await backend()
    const row = await api.request('library.create', { kind: 'case-study', title: 'Left and opened again' })
    const first = await open(row.id)
    const second = await open(row.id)
    await first.close()
    appendParagraph(second.doc, 'written in the second after the first closed')
    await second.close()
    expect(api.events.filter((event) => event.type === 'document-error')).toEqual([])
    const reopened = await open(row.id)
    expect(paragraphs(reopened.doc)).toContain('written in the second after the first closed')
  })

  it('searches title, meta and body, and keeps up with edits', async () => {
    const { api, open } = await backend()
    const lagos = await api.request('library.create', { kind: 'case-study', title: 'Bus rapid transit in Lagos', city: 'Lagos' })
    const quito = await api.request('library.create', { kind: 'lessons-learned', title: 'Cable car', city: 'Quito' })
    const ids = async (query: string) => (await api.request('library.search', { query })).hits.map((row) => row.id)
    expect(await ids('lagos')).toEqual([lagos.id])
    expect(await ids('quito')).toEqual([quito.id])
    expect(await ids('recommendations')).toEqual([quito.id])
    const peer = await open(quito.id)
    appendParagraph(peer.doc, 'Ridership doubled within a year')
    await eventually(async () => (await ids('ridership')).includes(quito.id), 'the new text is found')
    // Where it matched: the piece of the body around the word, the word marked, by prefix too.
    const { hits, progress } = await api.request('library.search', { query: 'riders doubl' })
    expect(progress).toEqual({ indexed: 2, total: 2 })
    const passage = hits[0]!.passage!
    expect(passage.text).toContain('Ridership doubled within a year')
    expect(passage.marks.map(([start, end]) => passage.text.slice(start, end))).toEqual(['Ridership', 'doubled'])
    await api.request('library.trash', { id: lagos.id })
    expect(await ids('lagos')).toEqual([])
  })

  it('tells the renderer how far a rebuild of the search index is, and when it ends', async () => {
    const dir = dirs.make()
    const first = await Services.start(dir)
    const firstApi = inProcessApi(first)
    for (const title of ['Lagos BRT', 'Quito cable car', 'Pune cycle lanes']) await firstApi.request('library.create', { kind: 'case-study', title })
    await firstApi.close()
    await first.stop()
    rmSync(join(dir, 'library', SEARCH_INDEX_FILE))

    const services = await Services.start(dir)
    const api = inProcessApi(services)
    running.push({ services, apis: [api], peers: [] })
    const told: unknown[] = []
    api.onEvent((event) => event.type === 'search-progress' && told.push(event.progress))
    await eventually(() => told.length > 0, 'the end of the rebuild was told')
    expect(told.at(-1)).toEqual({ indexed: 3, total: 3 })
    expect((await api.request('library.search', { query: 'quito' })).progress).toEqual({ indexed: 3, total: 3 })
  })

  it('trashes a document that the search index is reading at that moment', async () => {
    const { api, services } = await backend()
    const { library } = services
    const open = library.open.bind(library)
    const trash = library.trash.bind(library)
    let firstTrash: Promise<unknown> | null = null
    library.trash = (id) => {
      const attempt = trash(id)
      firstTrash ??= attempt.catch(() => {})
      return attempt
    }
    let trashed: Promise<null> | null = null
    library.open = async (id) => {
      const handle = await open(id)
      if (!trashed && library.summary(id).meta.title === 'Lagos BRT') {
        // The user trashes it while the index holds it open to read it.
        trashed = api.request('library.trash', { id })
        await eventually(() => firstTrash !== null, 'the trash was tried')
        await firstTrash
      }
      return handle
    }
    const row = await api.request('library.create', { kind: 'case-study', title: 'Lagos BRT' })
    // A search reads the new document first, unless the index has begun to already.
    await api.request('library.search', { query: 'lagos' })
    await eventually(() => trashed !== null, 'the index read the document')
    expect(await trashed).toBeNull()
    expect((await api.request('library.list', { place: 'trash' })).map((listed) => listed.id)).toEqual([row.id])
  })

  it('keeps the search index across a restart, and says how far it is built', async () => {
    const dir = dirs.make()
    const first = await Services.start(dir)
    const firstApi = inProcessApi(first)
    const row = await firstApi.request('library.create', { kind: 'case-study', title: 'Cable car', city: 'Medellín' })
    expect((await firstApi.request('library.search', { query: 'medellin' })).hits.map((found) => found.id)).toEqual([row.id])
    await firstApi.close()
    await first.stop()
    expect((await readSearchIndex(join(dir, 'library', SEARCH_INDEX_FILE)))?.documents.has(row.id)).toBe(true)

    const services = await Services.start(dir)
    const api = inProcessApi(services)
    running.push({ services, apis: [api], peers: [] })
    expect(await api.request('library.searchProgress', {})).toEqual({ indexed: 1, total: 1 })
    expect((await api.request('library.search', { query: 'cable' })).hits.map((found) => found.id)).toEqual([row.id])
  })

  it('moves a document’s updatedAt with edits to its body, at most once a minute, and not on opening it', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-26T10:00:00Z') })
    try {
      const { api, open } = await backend()
      const row = await api.request('library.create', { kind: 'case-study', title: 'Lagos BRT' })
      const updatedAt = async () => (await api.request('library.list', {})).find((listed) => listed.id === row.id)!.meta.updatedAt
      vi.setSystemTime(new Date('2026-11-26T10:05:00Z'))
      const peer = await open(row.id)
      appendParagraph(peer.doc, 'Five minutes later')
      await eventually(async () => (await updatedAt()) === '2026-11-26T10:05:00.000Z', 'updatedAt follows the edit')
      await eventually(() => peer.doc.getMap('meta').get('updatedAt') === '2026-11-26T10:05:00.000Z', 'the renderer hears of it')

      vi.setSystemTime(new Date('2026-11-26T10:05:30Z'))
      appendParagraph(peer.doc, 'Half a minute on')
      await eventually(async () => (await api.request('library.search', { query: 'half' })).hits.length === 1, 'the edit reached the back end')
      expect(await updatedAt()).toBe('2026-11-26T10:05:00.000Z')
      vi.setSystemTime(new Date('2026-11-26T10:06:05Z'))
      appendParagraph(peer.doc, 'A minute on')
      await eventually(async () => (await updatedAt()) === '2026-11-26T10:06:05.000Z', 'updatedAt follows again')

      // Opening it again, two hours on, changes nothing.
      await peer.close()
      vi.setSystemTime(new Date('2026-11-26T12:00:00Z'))
      const again = await open(row.id)
      expect(paragraphs(again.doc)).toContain('A minute on')
      await api.request('library.list', {})
      expect(await updatedAt()).toBe('2026-11-26T10:06:05.000Z')
    } finally {
      vi.useRealTimers()
    }
  })

  it('names each profile that edits a document’s body among its editors, once, and none that only opens it', async () => {
    const { api, open } = await backend()
    const row = await api.request('library.create', { kind: 'case-study', title: 'Lagos BRT' })
    const editors = async () => (await api.request('library.list', {})).find((listed) => listed.id === row.id)!.meta.editors

    await api.request('settings.setProfile', { name: 'Ana', color: '#1f77b4' })
    const ana = await open(row.id)
    appendParagraph(ana.doc, 'Ana writes')
    await eventually(async () => (await editors())?.join() === 'Ana', 'Ana is an editor')
    await eventually(() => String(ana.doc.getMap('meta').get('editors')) === 'Ana', 'her renderer hears of it')
    const updatedAt = ana.doc.getMap('meta').get('updatedAt')
    appendParagraph(ana.doc, 'Ana again')
    await eventually(async () => (await api.request('library.search', { query: 'again' })).hits.length === 1, 'the edit reached the back end')
    expect(await editors()).toEqual(['Ana'])
    // Her second edit within the minute wrote no meta at all.
    expect(ana.doc.getMap('meta').get('updatedAt')).toBe(updatedAt)
    await ana.close()

    await api.request('settings.setProfile', { name: 'Bea', color: '#ff7f0e' })
    const onlyLooks = await open(row.id)
    await onlyLooks.close()
    expect(await editors()).toEqual(['Ana'])
    const bea = await open(row.id)
    appendParagraph(bea.doc, 'Bea writes')
    await eventually(async () => (await editors())?.join() === 'Ana,Bea', 'Bea joins the editors')
    // Only edits name editors: the window cannot set them.
    expect((await refusal(api.request('documents.setMeta', { id: row.id, patch: { editors: ['Mallory'] } } as never))).code).toBe('BAD_REQUEST')
    expect(await editors()).toEqual(['Ana', 'Bea'])
  })

  it('creates a document in the author’s language, from that language’s template, and lists and finds it by it', async () => {
    const { api, dir, services } = await backend()
    const row = await api.request('library.create', { kind: 'workshop-notes', title: 'Taller de movilidad', city: 'Quito', language: 'es' })
    expect(row.meta.language).toBe('es')
    const peer = await DocumentPeer.open(api, row.id)
    expect(
      peer.doc
        .getXmlFragment('body')
        .toArray()
        .filter((node) => node instanceof Y.XmlElement && node.nodeName === 'heading')
        .map((node) => (node as Y.XmlElement).toString().replace(/<[^>]+>/g, '')),
    ).toEqual(['Sesión', 'Participantes', 'Debate', 'Decisiones', 'Acciones'])
    await peer.close()
    const chinese = await api.request('library.create', { kind: 'case-study', title: '北京快速公交', language: 'zh-CN' })
    const english = await api.request('library.create', { kind: 'case-study', title: 'Lagos BRT' })
    expect(english.meta.language).toBe('en')
    expect((await api.request('library.search', { query: '城市背景' })).hits).toEqual([expect.objectContaining({ id: chinese.id })])
    expect((await api.request('library.search', { query: 'decisiones' })).hits).toEqual([expect.objectContaining({ id: row.id })])
    expect((await refusal(api.request('library.create', { kind: 'case-study', title: 'x', language: 'de' as never }))).message).toBe(
      'The request library.create is invalid: "language" must be one of en, es, pt-BR, fr, zh-CN.',
    )
    // A document written in another language than its author's can say so.
    expect((await api.request('documents.setMeta', { id: english.id, patch: { language: 'pt-BR' } })).meta.language).toBe('pt-BR')
    expect((await refusal(api.request('documents.setMeta', { id: english.id, patch: { language: 'pt' as never } }))).message).toMatch(
      /must be one of en, es, pt-BR, fr, zh-CN/,
    )
    await api.request('documents.setMeta', { id: english.id, patch: { language: 'en' } })

    // The library's index carries each document's language, to a back end started again.
    const [stopped] = running.splice(
      running.findIndex((entry) => entry.services === services),
      1,
    )
    for (const stoppedApi of stopped!.apis) await stoppedApi.close()
    await services.stop()
    const index = JSON.parse(readFileSync(join(dir, 'library', 'index.json'), 'utf8')) as { entries: { id: string; meta: { language?: string } }[] }
    expect(Object.fromEntries(index.entries.map((entry) => [entry.id, entry.meta.language]))).toEqual({
      [row.id]: 'es',
      [chinese.id]: 'zh-CN',
      [english.id]: 'en',
    })
    const again = await Services.start(dir)
    const againApi = inProcessApi(again)
    running.push({ services: again, apis: [againApi], peers: [] })
    const listed = await againApi.request('library.list', {})
    expect(Object.fromEntries(listed.map((listedRow) => [listedRow.meta.title, listedRow.meta.language]))).toEqual({
      'Taller de movilidad': 'es',
      北京快速公交: 'zh-CN',
      'Lagos BRT': 'en',
    })
  })

  it('says what is wrong with a request’s field in the window’s language, by the field’s label and the choices’ names', async () => {
    const { api } = await backend()
    const caught = (promise: Promise<unknown>) =>
      promise.then(
        () => new Error('accepted'),
        (error: Error) => error,
      )
    const emptyJoin = await caught(api.request('networks.join', { relayUrl: '  ', token: 'x' }))
    expect(emptyJoin.message).toBe('The request networks.join is invalid: "relayUrl" must not be empty.')
    expect(errorText(await catalogT('es'), formats('es'), emptyJoin)).toBe('El campo Dirección del servidor de retransmisión no puede estar vacío.')
    expect(errorText(await catalogT('en'), formats('en'), emptyJoin)).toBe('Relay address must not be empty.')
    const german = await caught(api.request('settings.setLanguage', { language: 'de' as 'fr' }))
    expect(errorText(await catalogT('en'), formats('en'), german)).toBe('Language must be one of English, Español, Português (Brasil), Français, or 简体中文.')
    const badId = await caught(api.request('library.trash', { id: '../../etc' }))
    expect(errorText(await catalogT('en'), formats('en'), badId)).not.toMatch(/network/i)
  })

  it('keeps the language chosen, across a restart, and refuses one it does not offer', async () => {
    const { api, services, dir } = await backend()
    expect(await api.request('settings.get', {})).toEqual({ profile: null })
    expect((await refusal(api.request('settings.setLanguage', { language: 'de' as 'fr' }))).code).toBe('BAD_REQUEST')
    expect(await api.request('settings.setLanguage', { language: 'pt-BR' })).toEqual({ language: 'pt-BR' })
    const [first] = running.splice(0)
    for (const each of first!.apis) await each.close()
    await services.stop()
    const restarted = await Services.start(dir)
    const again = inProcessApi(restarted)
    running.push({ services: restarted, apis: [again], peers: [] })
    expect(await again.request('settings.get', {})).toEqual({ profile: null, language: 'pt-BR' })
  })

  it('keeps the profile, and stamps its name and city on new documents', async () => {
    const { api } = await backend()
    expect(await api.request('settings.get', {})).toEqual({ profile: null })
    expect((await refusal(api.request('settings.setProfile', { name: 'Ana', color: 'blue' }))).message).toMatch(/"color" Use a colour like #1f77b4/)
    await api.request('settings.setProfile', { name: 'Ana', city: 'Lagos', color: '#1f77b4' })
    expect(await api.request('settings.get', {})).toEqual({ profile: { name: 'Ana', city: 'Lagos', color: '#1f77b4' } })
    const row = await api.request('library.create', { kind: 'workshop-notes', title: 'Day one' })
    expect(row.meta).toMatchObject({ authors: ['Ana'], city: 'Lagos' })
    expect((await api.request('library.create', { kind: 'case-study', title: 'Cable car', city: 'Medellín' })).meta.city).toBe('Medellín')
    const version = await api.request('library.saveVersion', { id: row.id, label: 'Before lunch' })
    expect(version).toMatchObject({ label: 'Before lunch', author: 'Ana' })
    expect((await api.request('library.versions', { id: row.id })).map((info) => info.label)).toEqual(['Before lunch'])
    const changed = await api.request('documents.setMeta', { id: row.id, patch: { title: 'Day one, revised', city: 'Quito' } })
    expect(changed.meta).toMatchObject({ title: 'Day one, revised', city: 'Quito' })
    expect((await api.request('documents.setMeta', { id: row.id, patch: { city: null } })).meta.city).toBeUndefined()
  })
})
