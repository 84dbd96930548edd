import '../../helpers/animationFrames.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type * as Y from 'yjs'
import { Services } from '../../../src/main/services/services.js'
import { DocumentConnection } from '../../../src/main/sync/documentConnection.js'
import { SyncQueue } from '../../../src/main/sync/syncQueue.js'
import { CasebookError } from '../../../src/shared/errors.js'
import { BODY_FRAGMENT } from '../../../src/shared/model/document.js'
import { DocumentPeer } from '../../../src/renderer/documentPeer.js'
import type { BackendEvent } from '../../../src/shared/ipc/contract.js'
import { inProcessApi } from '../../helpers/api.js'
import { eventually, useClients } from '../../helpers/clients.js'
import { appendParagraph, paragraphs } from '../../helpers/documents.js'
import { everyDocumentSynced } from '../../helpers/syncSettled.js'
import { useRelays } from '../../helpers/relay.js'
import { TempDirs } from '../../helpers/tempDirs.js'

describe('an open document’s sync state, and its failures', () => {
  const relays = useRelays()
  const clients = useClients()
  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    vi.restoreAllMocks()
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  /** A device joined to the network brt, online. */
  async function joinOnline(relayArgs: string[] = []) {
    const relay = await relays.start({ args: relayArgs })
    const dirs = new TempDirs('casebook-live-state-')
    const dir = dirs.make()
    cleanups.push(() => dirs.removeAll())
    const services = await Services.start(dir)
    cleanups.push(() => services.stop())
    const api = inProcessApi(services)
    cleanups.push(() => api.close())
    await api.request('networks.join', { relayUrl: relay.url, token: await relay.invite('brt', 'member', { name: 'Ana' }) })
    await eventually(async () => (await api.request('networks.list', {}))[0]?.online === true, 'the device is online')
    return { relay, dir, services, api }
  }

  /** A device joined to the network with a new document of it open in a renderer, its changes seen by another client of the room. */
  async function openOnline(relayArgs: string[] = []) {
    const { relay, dir, services, api } = await joinOnline(relayArgs)
    const { id } = await api.request('library.create', { kind: 'case-study', title: 'Lagos BRT', network: 'brt' })
    const peer = await DocumentPeer.open(api, id)
    cleanups.push(() => peer.close())
    const states = (from: number) =>
      api.events.slice(from).flatMap((event: BackendEvent) => (event.type === 'sync-state' && event.id === id ? [event.state] : []))
    // Someone else in the room, to see what reaches the relay.
    const observer = clients.connect(relay.url, `brt/${id}`, await relay.invite('brt', 'viewer'))
    const seen = (text: string) => paragraphs(observer.doc).includes(text)
    // A first change proves the live connection open, and the background sync of the new document done.
    appendParagraph(peer.doc, 'warming up')
    await eventually(() => seen('warming up') && services.sync.state(id) === 'saved', 'the live connection has stored a change')
    await everyDocumentSynced(services)
    return { relay, services, api, id, peer, dir, states, seen }
  }

  it('has one writer, its live connection: a keystroke online goes synced then saved, never local-only, and queues no background sync', async () => {
    const { api, id, peer, states, seen } = await openOnline()
    const queued = vi.spyOn(SyncQueue.prototype, 'add')
    const before = api.events.length
    appendParagraph(peer.doc, 'a keystroke')
    await eventually(() => seen('a keystroke') && states(before).at(-1) === 'saved', 'the keystroke is saved on the network')
    expect(states(before)).toEqual(['synced', 'saved'])
    expect(queued.mock.calls.filter(([queuedId]) => queuedId === id)).toEqual([])
  })

  it('is written only by the live connection once the document is open: a background sync that began before is stopped, and its failure told nowhere', async () => {
    const { relay, services, api } = await joinOnline()
    // The background sync of the new document waits, until the document has been opened, then fails
    // as a relay refusing it would.
    let fail!: (error: Error) => void
    const held = vi.spyOn(DocumentConnection.prototype, 'settled').mockImplementationOnce(
      () =>
        new Promise<void>((_, reject) => {
          fail = reject
        }),
    )
    const { id } = await api.request('library.create', { kind: 'case-study', title: 'Lagos BRT', network: 'brt' })
    await eventually(() => held.mock.calls.length === 1, 'the background sync is under way')
    const peer = await DocumentPeer.open(api, id)
    cleanups.push(() => peer.close())
    const observer = clients.connect(relay.url, `brt/${id}`, await relay.invite('brt', 'viewer'))
    appendParagraph(peer.doc, 'typed while the background sync ran')
    await eventually(() => paragraphs(observer.doc).includes('typed while the background sync ran') && services.sync.state(id) === 'saved', 'the edit is saved')

    // Opening the document stopped that sync: it would have sent the same edit over a second socket.
    expect((held.mock.calls[0]![0] as AbortSignal).aborted).toBe(true)
    const ended = vi.spyOn(SyncQueue.prototype as unknown as { finish(id: string, error?: unknown): void }, 'finish')
    const failedAt = api.events.length
    fail(new CasebookError('MESSAGE_TOO_LARGE', 'The relay refused a message.'))
    await eventually(() => ended.mock.calls.some(([ended]) => ended === id), 'the stopped sync has ended')
    expect(api.events.slice(failedAt).filter((event) => event.type === 'sync-error')).toEqual([])
    expect(services.sync.state(id)).toBe('saved')
    expect(api.events.slice(failedAt).flatMap((event) => (event.type === 'sync-state' && event.id === id ? [event.state] : []))).not.toContain('local-only')
  })

  it('reads local-only once the open document is changed while its connection is down, and saved once the relay has the change', async () => {
    const { relay, services, api, id, peer, states, seen } = await openOnline()
    relay.process.kill('SIGKILL')
    // Told, not only so: a 'connecting' told after `before` is taken would count as one after the edit.
    await eventually(() => services.sync.state(id) === 'connecting' && states(0).at(-1) === 'connecting', 'the live connection is down')
    const before = api.events.length
    appendParagraph(peer.doc, 'written on the train')
    await eventually(() => states(before).includes('local-only'), 'the document reads local-only')
    expect(states(before)).toEqual(['local-only'])

    await relays.start({ dataDir: relay.dataDir, port: relay.port })
    await eventually(() => seen('written on the train') && states(before).at(-1) === 'saved', 'the change is saved once the relay is back', 20_000)
    expect(states(before).slice(0, 2)).toEqual(['local-only', 'connecting'])
  })

  it('tells the renderers, and the log file, when the relay refuses the open document for good', async () => {
    const cap = 256 * 1024
    const { services, api, id, peer, dir, states } = await openOnline(['--max-message-bytes', String(cap)])
    const text = (peer.doc.getXmlFragment(BODY_FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText
    // A link's target is one value, which Yjs cannot cut: a pasted picture's, say.
    text.insert(text.length, ' the map', { link: { href: `data:image/png;base64,${'A'.repeat(cap + 1024)}` } })
    await eventually(() => api.events.some((event) => event.type === 'sync-error'), 'the renderer is told')
    expect(api.events.filter((event) => event.type === 'sync-error')).toEqual([
      {
        type: 'sync-error',
        id,
        network: 'brt',
        title: 'Lagos BRT',
        code: 'MESSAGE_TOO_LARGE',
        message: expect.stringMatching(/^The relay refused a message of \d+ KiB for document/) as unknown,
        // What the window says in the user's language: the message's size and the budget, in KiB.
        reason: 'messageTooLarge',
        params: { size: expect.any(Number) as unknown, limit: 128 },
      },
    ])
    const told = api.events.find((event) => event.type === 'sync-error')
    expect(told?.type === 'sync-error' && told.params?.['size']).toBeGreaterThan(cap / 1024)
    expect(states(0).at(-1)).toBe('local-only')
    const logged = readFileSync(join(dir, 'logs', 'casebook.log'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(logged).toEqual([
      expect.objectContaining({
        level: 'error',
        msg: `Document ${id} could not be synced with network brt.`,
        document: id,
        network: 'brt',
        err: expect.objectContaining({ code: 'MESSAGE_TOO_LARGE' }) as unknown,
      }),
    ])
    // A window opened (or reloaded) since is given the notice too.
    const later = inProcessApi(services)
    cleanups.push(() => later.close())
    expect(await later.request('app.notices', {})).toEqual(api.events.filter((event) => event.type === 'sync-error'))
  })
})
