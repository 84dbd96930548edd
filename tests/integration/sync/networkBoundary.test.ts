import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { Services } from '../../../src/main/services/services.js'
import { BODY_FRAGMENT, META_MAP, writeMeta } from '../../../src/shared/model/document.js'
import { buildDocument, newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { MESSAGE } from '../../../src/shared/protocol/messages.js'
import type { Backend } from '../../helpers/backends.js'
import { hasDocument, textOf, useBackends } from '../../helpers/backends.js'
import { eventually, rawConnect, useClients } from '../../helpers/clients.js'
import { appendParagraph, paragraphs } from '../../helpers/documents.js'
import { useRelays, type RelayProcess } from '../../helpers/relay.js'
import { changesOn, cursorOf, everyDocumentSynced } from '../../helpers/syncSettled.js'
import { useTempDir } from '../../helpers/tempDir.js'

/**
 * An attacker is a member of network A (net-a) with a stock y-websocket client and a real invite; the
 * victim's device belongs to A and B (net-b). Whatever the attacker writes into A must never bring a
 * document of another network, or a private one, into A, nor move one between networks.
 */
describe('a network’s documents stay in that network', () => {
  const relays = useRelays()
  const backends = useBackends()
  const clients = useClients()

  const A = 'net-a'
  const B = 'net-b'
  const newId = () => randomBytes(8).toString('hex')
  const content = (title: string, network?: string) => newDocumentContent({ kind: 'case-study', title, ...(network ? { network } : {}) })
  const refusals = (backend: Backend, id: string) => backend.events.filter((event) => event.type === 'kept-out').filter((event) => event.id === id)

  async function victim(relay: RelayProcess, dataDir?: string): Promise<Backend> {
    const backend = await backends.start(dataDir)
    if (!dataDir)
      for (const network of [A, B]) await backend.sync.join({ relayUrl: relay.url, token: await relay.invite(network, 'member', { name: 'Victim' }) })
    await eventually(() => backend.sync.networks().every((network) => network.online), 'the victim is online in both networks')
    return backend
  }

  /** What the relay holds in a room, as a fresh viewer reads it. */
  async function roomOf(relay: RelayProcess, network: string, id: string): Promise<Y.Doc> {
    const reader = clients.connect(relay.url, `${network}/${id}`, await relay.invite(network, 'viewer', { name: 'Reader' }))
    // A viewer's (empty) answer to the relay's first step is refused; y-websocket would log that.
    reader.provider.messageHandlers[MESSAGE.auth] = () => {}
    await reader.synced()
    reader.provider.destroy()
    return reader.doc
  }

  /** A stock client of the attacker in `/<network>/<id>`, synced with the relay. */
  async function attackerIn(relay: RelayProcess, network: string, id: string, doc = new Y.Doc()) {
    const client = clients.connect(relay.url, `${network}/${id}`, await relay.invite(network, 'member', { name: 'Mallory' }), { doc })
    await client.synced()
    return client
  }

  /** Resolves once the relay has stored what the attacker wrote into the room. */
  async function stored(relay: RelayProcess, network: string, id: string, holds: (doc: Y.Doc) => boolean): Promise<void> {
    await eventually(async () => holds(await roomOf(relay, network, id)), `the relay stores what was written into ${network}/${id}`)
  }

  /**
   * Resolves once the victim has handled every announcement of A made so far: a valid document of A
   * written after them has arrived, and the victim's cursor of A (which stays below every change it
   * has yet to handle) has passed that document's change number.
   */
  async function handled(relay: RelayProcess, backend: Pick<Backend, 'library' | 'dataDir'>): Promise<void> {
    const id = newId()
    const feed = rawConnect(relay.url, `/${A}`, await relay.invite(A, 'viewer', { name: 'Watcher' }))
    try {
      await attackerIn(relay, A, id, buildDocument(id, content('Later document', A)))
      await eventually(() => hasDocument(backend, id), 'a later document of A reaches the victim')
      await eventually(() => changesOn(feed).some((change) => change.document === id), 'the relay announces the later document')
      const seq = Math.max(
        ...changesOn(feed)
          .filter((change) => change.document === id)
          .map((change) => change.seq),
      )
      await eventually(async () => (await cursorOf(backend.dataDir, A)) >= seq, 'the victim has handled every announcement of A before it')
    } finally {
      feed.ws.terminate()
    }
  }

  it('does not push a private document, nor one of network B, into A when a member of A writes into its id there', async () => {
    const relay = await relays.start()
    const device = await victim(relay)
    const privateId = await device.library.create(content('Private notes'))
    const ofB = await device.library.create(content('Network B plan', B))
    await everyDocumentSynced(device)

    for (const id of [privateId, ofB]) {
      const attacker = await attackerIn(relay, A, id)
      attacker.doc.getText('x').insert(0, '!')
      await stored(relay, A, id, (doc) => doc.getText('x').toString() === '!')
    }
    await handled(relay, device)

    for (const id of [privateId, ofB]) {
      const room = await roomOf(relay, A, id)
      expect(room.getMap(META_MAP).toJSON()).toEqual({})
      expect(room.getXmlFragment(BODY_FRAGMENT).length).toBe(0)
      expect(room.getText('x').toString()).toBe('!')
    }
    expect(device.library.summary(privateId).meta.network).toBeUndefined()
    expect(device.library.summary(ofB).meta.network).toBe(B)
    expect((await roomOf(relay, B, ofB)).getMap(META_MAP).get('title')).toBe('Network B plan')

    // Reported once per document, not on every announcement.
    const again = await attackerIn(relay, A, privateId)
    again.doc.getText('x').insert(1, '!')
    await stored(relay, A, privateId, (doc) => doc.getText('x').toString() === '!!')
    await handled(relay, device)
    expect(refusals(device, privateId)).toEqual([{ type: 'kept-out', id: privateId, network: A, message: expect.stringMatching(/private on this device/) }])
    expect(refusals(device, ofB)).toEqual([{ type: 'kept-out', id: ofB, network: A, message: expect.stringMatching(/network net-b/) }])
  })

  it('does not let a member of A overwrite the text of a private document by writing into its id in A', async () => {
    const relay = await relays.start()
    const device = await victim(relay)
    const id = await device.library.create(content('Private notes'))
    const handle = await device.library.open(id)
    appendParagraph(handle.doc, 'my own words')
    await handle.close()
    const before = await textOf(device, id)

    const attacker = await attackerIn(relay, A, id)
    attacker.doc.getText('x').insert(0, '!')
    await stored(relay, A, id, (doc) => doc.getText('x').length > 0)
    await handled(relay, device)
    // Whatever reached the room by now, the attacker replaces it with their own text.
    const body = attacker.doc.getXmlFragment(BODY_FRAGMENT)
    attacker.doc.transact(() => body.delete(0, body.length))
    appendParagraph(attacker.doc, 'overwritten by Mallory')
    await stored(relay, A, id, (doc) => paragraphs(doc).includes('overwritten by Mallory'))
    await handled(relay, device)

    expect(await textOf(device, id)).toEqual(before)
    expect(before).toContain('my own words')
    expect(device.library.summary(id).meta).toMatchObject({ title: 'Private notes' })
  })

  it('adopts nothing from A that is not a Casebook document of A, and so never pushes it into B', async () => {
    const relay = await relays.start()
    const device = await victim(relay)
    const claimsB = newId()
    await attackerIn(relay, A, claimsB, buildDocument(claimsB, content('Planted in B', B)))
    const junk = newId()
    const attacker = await attackerIn(relay, A, junk)
    attacker.doc.getText('x').insert(0, '!')
    await stored(relay, A, junk, (doc) => doc.getText('x').length > 0)
    await handled(relay, device)

    expect(hasDocument(device, claimsB)).toBe(false)
    expect(hasDocument(device, junk)).toBe(false)
    expect(refusals(device, claimsB)).toEqual([{ type: 'kept-out', id: claimsB, network: A, message: expect.stringMatching(/network net-b/) }])
    expect(refusals(device, junk)).toHaveLength(1)

    // A restart syncs every local document of B: the planted one must not be among them.
    await device.stop()
    const restarted = await victim(relay, device.dataDir)
    await everyDocumentSynced(restarted)
    expect(hasDocument(restarted, claimsB)).toBe(false)
    expect((await roomOf(relay, B, claimsB)).getMap(META_MAP).toJSON()).toEqual({})
  })

  it('adopts a document of A whose language this version does not know, lists it with none, and keeps the language when the device edits it', async () => {
    const relay = await relays.start()
    const device = await victim(relay)
    const id = newId()
    // A newer peer's document: valid in every field but a language added after this version.
    const newer = buildDocument(id, content('Informe de Beirut', A))
    newer.getMap(META_MAP).set('language', 'ar')
    await attackerIn(relay, A, id, newer)
    await stored(relay, A, id, (doc) => doc.getMap(META_MAP).get('language') === 'ar')
    await handled(relay, device)

    expect(hasDocument(device, id)).toBe(true)
    expect(refusals(device, id)).toEqual([])
    const listed = device.library.list().find((summary) => summary.id === id)
    expect(listed?.meta).toMatchObject({ title: 'Informe de Beirut', network: A })
    expect(listed?.meta.language).toBeUndefined()

    const handle = await device.library.open(id)
    writeMeta(handle.doc, { title: 'Informe de Beirut (revisado)' })
    await handle.close()
    await stored(relay, A, id, (doc) => doc.getMap(META_MAP).get('title') === 'Informe de Beirut (revisado)')
    expect((await roomOf(relay, A, id)).getMap(META_MAP).get('language')).toBe('ar')
    expect(device.library.summary(id).meta.language).toBeUndefined()
  })

  it('refuses a change from A that would move a document of A into B or make it private, and stores none of it', async () => {
    const relay = await relays.start()
    const device = await victim(relay)
    const [toB, toPrivate] = [await device.library.create(content('Moved to B', A)), await device.library.create(content('Made private', A))]
    await everyDocumentSynced(device)

    const mover = await attackerIn(relay, A, toB)
    mover.doc.transact(() => mover.doc.getMap(META_MAP).set('network', B))
    appendParagraph(mover.doc, 'written with the move')
    await stored(relay, A, toB, (doc) => doc.getMap(META_MAP).get('network') === B)
    const unsetter = await attackerIn(relay, A, toPrivate)
    unsetter.doc.getMap(META_MAP).delete('network')
    await stored(relay, A, toPrivate, (doc) => !doc.getMap(META_MAP).has('network'))
    await handled(relay, device)

    expect(device.library.summary(toB).meta.network).toBe(A)
    expect(device.library.summary(toPrivate).meta.network).toBe(A)
    expect(await textOf(device, toB)).not.toContain('written with the move')
    expect(refusals(device, toB)).toEqual([{ type: 'kept-out', id: toB, network: A, message: expect.stringMatching(/move it to network net-b/) }])
    expect(refusals(device, toPrivate)).toEqual([{ type: 'kept-out', id: toPrivate, network: A, message: expect.stringMatching(/make it private/) }])

    await device.stop()
    const restarted = await victim(relay, device.dataDir)
    await everyDocumentSynced(restarted)
    expect(restarted.library.summary(toB).meta.network).toBe(A)
    expect((await roomOf(relay, B, toB)).getMap(META_MAP).toJSON()).toEqual({})
  })

  it('sends a document moved from A to B into B, and never again into A, even when A’s copy changes', async () => {
    const relay = await relays.start()
    const device = await victim(relay)
    const id = await device.library.create(content('Moving', A))
    await everyDocumentSynced(device)

    const handle = await device.library.open(id)
    writeMeta(handle.doc, { network: B })
    appendParagraph(handle.doc, 'written after the move')
    await handle.close()
    await stored(relay, B, id, (doc) => paragraphs(doc).includes('written after the move'))

    const memberOfA = await attackerIn(relay, A, id)
    appendParagraph(memberOfA.doc, 'written in A’s copy')
    await stored(relay, A, id, (doc) => paragraphs(doc).includes('written in A’s copy'))
    await handled(relay, device)

    const copyInA = await roomOf(relay, A, id)
    expect(copyInA.getMap(META_MAP).get('network')).toBe(A)
    expect(paragraphs(copyInA)).not.toContain('written after the move')
    expect(await textOf(device, id)).not.toContain('written in A’s copy')
    expect(refusals(device, id).map((event) => event.message)).toContainEqual(
      `Network ${A} announced document ${id}, which is in network ${B} on this device; it was left alone.`,
    )
  })

  it('stops sending an open document to A the moment it is moved to B', async () => {
    const relay = await relays.start()
    const device = await victim(relay)
    const id = await device.library.create(content('Open while moved', A))
    await everyDocumentSynced(device)

    const handle = await device.library.open(id)
    const awareness = new Awareness(handle.doc)
    const disconnect = device.sync.connectLive(id, handle.doc, awareness)
    await eventually(() => device.sync.state(id) === 'saved', 'the open document is connected to A')
    writeMeta(handle.doc, { network: B })
    appendParagraph(handle.doc, 'written after the move')
    await stored(relay, B, id, (doc) => paragraphs(doc).includes('written after the move'))
    // Anything the open document's connection sent would have reached A's room before this, on its
    // one socket: a later edit from the device to A would show in the same read.
    await handled(relay, device)
    disconnect()
    awareness.destroy()
    await handle.close()

    const copyInA = await roomOf(relay, A, id)
    expect(copyInA.getMap(META_MAP).get('network')).toBe(A)
    expect(paragraphs(copyInA)).not.toContain('written after the move')
  })

  describe('in the app', () => {
    const dir = useTempDir()

    it('writes one log line per document and reason, however often the document is announced', async () => {
      const relay = await relays.start()
      const services = await Services.start(dir.path)
      try {
        await services.sync.join({ relayUrl: relay.url, token: await relay.invite(A, 'member', { name: 'Victim' }) })
        const id = await services.library.create(content('Private notes'))
        for (const mark of ['!', '!!']) {
          const attacker = await attackerIn(relay, A, id)
          attacker.doc.getText('x').insert(0, '!')
          await stored(relay, A, id, (doc) => doc.getText('x').toString() === mark)
          await handled(relay, { library: services.library, dataDir: dir.path })
        }
        const logged = readFileSync(join(dir.path, 'logs', 'casebook.log'), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record<string, unknown>)
        expect(logged).toEqual([
          expect.objectContaining({
            level: 'warn',
            document: id,
            network: A,
            msg: `Network ${A} announced document ${id}, which is private on this device; it was left alone.`,
          }),
        ])
        expect((await roomOf(relay, A, id)).getMap(META_MAP).toJSON()).toEqual({})
      } finally {
        await services.stop()
      }
    })
  })
})
