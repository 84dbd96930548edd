import { randomBytes } from 'node:crypto'
import * as decoding from 'lib0/decoding'
import { describe, expect, it } from 'vitest'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { DocumentConnection } from '../../../src/main/sync/documentConnection.js'
import { MESSAGE_BUDGET_BYTES } from '../../../src/main/sync/splitUpdate.js'
import { BODY_FRAGMENT, META_MAP } from '../../../src/shared/model/document.js'
import { buildDocument, newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { MESSAGE } from '../../../src/shared/protocol/messages.js'
import type { Backend } from '../../helpers/backends.js'
import { hasDocument, textOf, useBackends } from '../../helpers/backends.js'
import { eventually, useClients } from '../../helpers/clients.js'
import { appendParagraph, paragraphs } from '../../helpers/documents.js'
import { useRelays, type RelayProcess } from '../../helpers/relay.js'
import { everyDocumentSynced } from '../../helpers/syncSettled.js'

/** The relay's cap in these tests, to keep them quick; Casebook's client does not know it. */
const CAP = 256 * 1024
const tooBig = 'casebook_relay_rejected_frames_total{reason="messageTooBig"}'

/**
 * Casebook's own client never sends a message over the relay's cap (--max-message-bytes): what the
 * relay lacks of a large document is sent in several messages, each stored and acknowledged.
 */
describe('documents larger than the relay takes in one message', () => {
  const relays = useRelays()
  const backends = useBackends()
  const clients = useClients()

  const caseStudy = (title: string) => newDocumentContent({ kind: 'case-study', title, network: 'brt', city: 'Lagos' })
  const join = async (backend: Backend, relay: RelayProcess) =>
    backend.sync.join({ relayUrl: relay.url, token: await relay.invite('brt', 'member', { name: 'Ana' }) })
  const errors = (backend: Backend) => backend.events.filter((event) => event.type === 'error')

  /** What the relay holds in the document's room, as a fresh stock client reads it. */
  async function roomOf(relay: RelayProcess, id: string): Promise<Y.Doc> {
    const reader = clients.connect(relay.url, `brt/${id}`, await relay.invite('brt', 'viewer', { name: 'Reader' }))
    // A viewer's (empty) answer to the relay's first step is refused; y-websocket would log that.
    reader.provider.messageHandlers[MESSAGE.auth] = () => {}
    await reader.synced()
    return reader.doc
  }

  /** Opens the document as an editor does, connected to the network until it is closed. */
  async function openLive(device: Backend, id: string): Promise<{ doc: Y.Doc; close(): Promise<void> }> {
    const handle = await device.library.open(id)
    const awareness = new Awareness(handle.doc)
    const disconnect = device.sync.connectLive(id, handle.doc, awareness)
    return {
      doc: handle.doc,
      async close() {
        disconnect()
        awareness.destroy()
        await handle.close()
      },
    }
  }

  /** Pastes a link whose target is a picture larger than the cap: one formatting value, which Yjs cannot cut. */
  function pasteImageLink(doc: Y.Doc): void {
    const text = (doc.getXmlFragment(BODY_FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText
    text.insert(text.length, ' the map', { link: { href: `data:image/png;base64,${'A'.repeat(CAP + 1024)}` } })
  }

  /**
   * Writes into the document, on this device, what three people wrote on theirs and merged: many
   * paragraphs each, edits into each other's, deletions, and one paste of 900 KB in a single insert.
   */
  function writeLongReport(doc: Y.Doc): void {
    const others = [new Y.Doc(), new Y.Doc()]
    for (const other of others) Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    for (let round = 0; round < 10; round += 1) {
      for (const [n, author] of [doc, ...others].entries()) {
        for (let k = 0; k < 8; k += 1)
          appendParagraph(author, `Author ${n}, section ${round}.${k}: ${'the corridor carried riders at peak hours. '.repeat(40)}`)
        const body = author.getXmlFragment(BODY_FRAGMENT)
        ;((body.get(body.length - 3) as Y.XmlElement).get(0) as Y.XmlText).insert(0, `[checked by ${n}] `)
        if (round % 4 === 3) body.delete(1, 2)
      }
      for (const other of others) {
        Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)))
        Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)))
      }
    }
    appendParagraph(doc, `Pasted appendix: ${'ridership by station and hour; '.repeat(30_000)}`)
  }

  it('sends a document written offline whose state is several times the cap in messages under it, until it is saved', async () => {
    const relay = await relays.start({ args: ['--max-message-bytes', String(CAP)] })
    const device = await backends.start()
    const id = await device.library.create(caseStudy('Corridor report'))
    const handle = await device.library.open(id)
    writeLongReport(handle.doc)
    expect(Y.encodeStateAsUpdate(handle.doc).byteLength).toBeGreaterThan(5 * CAP)
    await handle.close()

    await join(device, relay)
    await eventually(() => device.sync.state(id) === 'saved', 'the device reports the document saved on the network', 20_000)
    const room = await roomOf(relay, id)
    expect(paragraphs(room)).toEqual(await textOf(device, id))
    expect(paragraphs(room).at(-1)).toHaveLength('Pasted appendix: '.length + 'ridership by station and hour; '.length * 30_000)
    expect(room.getMap(META_MAP).get('title')).toBe('Corridor report')
    expect((await relay.metrics()).get(tooBig) ?? 0).toBe(0)
    expect(errors(device)).toEqual([])
  })

  it('sends a paste larger than the cap into a document open on the network in messages under it, until it is saved', async () => {
    const relay = await relays.start({ args: ['--max-message-bytes', String(CAP)] })
    const device = await backends.start()
    await join(device, relay)
    const id = await device.library.create(caseStudy('Open report'))
    await everyDocumentSynced(device)
    const open = await openLive(device, id)
    try {
      await eventually(() => device.sync.state(id) === 'saved', 'the open document is connected')
      const paste = 'a long table pasted from a spreadsheet; '.repeat(25_000)
      appendParagraph(open.doc, paste)
      await eventually(() => device.sync.state(id) === 'saved', 'the paste is saved on the network', 20_000)
      expect(paragraphs(await roomOf(relay, id))).toContain(paste)
      expect((await relay.metrics()).get(tooBig) ?? 0).toBe(0)
    } finally {
      await open.close()
    }
  })

  it('keeps at most 128 KiB of a large document sent but not yet acknowledged, so that the relay takes it a piece at a time', async () => {
    const relay = await relays.start({ args: ['--max-message-bytes', String(CAP)] })
    const id = randomBytes(8).toString('hex')
    const doc = buildDocument(id, caseStudy('Paced report'))
    writeLongReport(doc)
    const connection = new DocumentConnection(
      { relayUrl: relay.url, network: 'brt', token: await relay.invite('brt', 'member'), role: 'member', name: 'Test user' },
      doc,
    )
    const sent: number[] = []
    let acknowledged = 0
    let mostInFlight = 0
    connection.provider.on('status', ({ status }) => {
      const ws = connection.provider.ws
      if (status !== 'connected' || !ws) return
      const send = ws.send.bind(ws)
      ws.send = (data: Uint8Array) => {
        const [type, step] = data
        if (type === MESSAGE.sync && step !== 0) {
          sent.push(data.byteLength)
          mostInFlight = Math.max(
            mostInFlight,
            sent.slice(acknowledged).reduce((sum, bytes) => sum + bytes, 0),
          )
        }
        send(data)
      }
    })
    const onStored = connection.provider.messageHandlers[MESSAGE.stored]!
    connection.provider.messageHandlers[MESSAGE.stored] = (encoder, decoder, ...rest) => {
      acknowledged = decoding.peekVarUint(decoder)
      onStored(encoder, decoder, ...rest)
    }
    try {
      await connection.settled()
    } finally {
      connection.destroy()
      doc.destroy()
    }
    expect(sent.length).toBeGreaterThan(8)
    expect(mostInFlight).toBeLessThanOrEqual(MESSAGE_BUDGET_BYTES)
    expect(paragraphs(await roomOf(relay, id)).at(-1)).toMatch(/^Pasted appendix: /)
  })

  it('reports a document holding one value larger than the cap as a sync error, once, instead of sending it again and again', async () => {
    const relay = await relays.start({ args: ['--max-message-bytes', String(CAP)] })
    const device = await backends.start()
    await join(device, relay)
    const id = await device.library.create(caseStudy('With a pasted image'))
    let handle = await device.library.open(id)
    appendParagraph(handle.doc, 'See')
    await handle.close()
    await eventually(() => device.sync.state(id) === 'saved', 'the document is saved on the network')

    handle = await device.library.open(id)
    pasteImageLink(handle.doc)
    await handle.close()
    // Reported once the failed sync has ended.
    await eventually(() => errors(device).length > 0, 'the device reports a sync error')
    // Queued after whatever the failure left queued (an announcement, or the link's own change).
    const later = await device.library.create(caseStudy('Written later'))
    await eventually(() => device.sync.state(later) === 'saved', 'a later document is saved on the network')
    expect(errors(device)).toEqual([
      {
        type: 'error',
        id,
        network: 'brt',
        error: expect.objectContaining({
          code: 'MESSAGE_TOO_LARGE',
          message: expect.stringMatching(
            new RegExp(`^The relay refused a message of \\d+ KiB for document ${id} as too large, so the document is not synced\\.`),
          ),
        }) as unknown,
      },
    ])
    expect(device.sync.state(id)).toBe('local-only')
    expect((await relay.metrics()).get(tooBig)).toBe(1)
  })

  it('does not send a document refused as too large again when its change is announced, only once it changes on this device, and then brings in what others wrote meanwhile', async () => {
    const relay = await relays.start({ args: ['--max-message-bytes', String(CAP)] })
    const device = await backends.start()
    const id = await device.library.create(caseStudy('Written offline with a pasted image'))
    let handle = await device.library.open(id)
    pasteImageLink(handle.doc)
    await handle.close()
    // What comes before the link is stored, and announced on the feed, before the link is refused.
    await join(device, relay)
    await eventually(() => errors(device).length > 0, 'the device reports a sync error')

    const coAuthor = await backends.start()
    await coAuthor.sync.join({ relayUrl: relay.url, token: await relay.invite('brt', 'member', { name: 'Bo' }) })
    await eventually(() => hasDocument(coAuthor, id), 'what the relay has of the document reaches a co-author')
    handle = await coAuthor.library.open(id)
    appendParagraph(handle.doc, 'Written by Bo')
    await handle.close()
    await eventually(() => coAuthor.sync.state(id) === 'saved', "the co-author's change is stored")
    // The feed tells changes in order: once the device has this later document, it has been told of both changes to the first.
    const later = await coAuthor.library.create(caseStudy('Written later'))
    await eventually(() => hasDocument(device, later), 'a later document reaches the device')
    expect(errors(device)).toHaveLength(1)

    // Removing the link is a change on this device: the document is sent again, and gets the co-author's paragraph.
    handle = await device.library.open(id)
    handle.doc.getXmlFragment(BODY_FRAGMENT).delete(0, 1)
    await handle.close()
    await eventually(() => device.sync.state(id) === 'saved', 'the document is saved on the network')
    expect(await textOf(device, id)).toContain('Written by Bo')
    expect(paragraphs(await roomOf(relay, id))).toEqual(await textOf(device, id))
    expect(errors(device)).toHaveLength(1)
    expect((await relay.metrics()).get(tooBig)).toBe(1)
  })

  it('does not send an open document refused as too large again when it is closed, only if it changed after the refusal', async () => {
    const relay = await relays.start({ args: ['--max-message-bytes', String(CAP)] })
    const device = await backends.start()
    await join(device, relay)
    const id = await device.library.create(caseStudy('Open with a pasted image'))
    await everyDocumentSynced(device)
    const first = await openLive(device, id)
    await eventually(() => device.sync.state(id) === 'saved', 'the open document is connected')
    pasteImageLink(first.doc)
    await eventually(() => errors(device).length > 0, 'the device reports a sync error')
    await first.close()
    // Queued after the sync that closing the document queued.
    const later = await device.library.create(caseStudy('Written later'))
    await eventually(() => device.sync.state(later) === 'saved', 'a later document is saved on the network')
    expect(errors(device)).toHaveLength(1)
    expect((await relay.metrics()).get(tooBig)).toBe(1)

    // Opening it again tries again; removing the link while it is open is a change, sent once it is closed.
    const second = await openLive(device, id)
    await eventually(() => errors(device).length === 2, 'the device reports the sync error again')
    second.doc.getXmlFragment(BODY_FRAGMENT).delete(0, 1)
    await second.close()
    await eventually(() => device.sync.state(id) === 'saved', 'the document is saved on the network')
    expect(paragraphs(await roomOf(relay, id))).toEqual(await textOf(device, id))
    expect(errors(device)).toHaveLength(2)
    expect((await relay.metrics()).get(tooBig)).toBe(2)
  })
})
