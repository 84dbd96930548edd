import { Node } from '@tiptap/pm/model'
import { describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { addComment, commenterIn } from '../../../src/main/services/comments.js'
import { BodyPositions } from '../../../src/shared/model/commentAnchor.js'
import { foldThreads, readEvents, type CommentThread } from '../../../src/shared/model/commentThreads.js'
import { newDocumentContent, readBody } from '../../../src/shared/model/documentBody.js'
import { schema } from '../../../src/shared/model/schema.js'
import { commentsRoomOf } from '../../../src/shared/protocol/rooms.js'
import { type Backend, hasDocument, useBackends } from '../../helpers/backends.js'
import { eventually, useClients } from '../../helpers/clients.js'
import { appendParagraph } from '../../helpers/documents.js'
import { useRelays, type RelayProcess } from '../../helpers/relay.js'

describe('comments, synced with the network', () => {
  const relays = useRelays()
  const backends = useBackends()
  const clients = useClients()

  async function joined(relay: RelayProcess, name: string, city: string, role: 'member' | 'viewer' | 'facilitator' = 'member') {
    const backend = await backends.start()
    await backend.sync.join({ relayUrl: relay.url, token: await relay.invite('brt', role, { name, city }) })
    return backend
  }

  async function threads(backend: Backend, id: string): Promise<CommentThread[]> {
    const comments = await backend.library.comments(id)
    const folded = foldThreads(readEvents(comments.doc))
    comments.doc.destroy()
    return folded
  }

  async function eventsOf(backend: Backend, id: string) {
    const comments = await backend.library.comments(id)
    const events = readEvents(comments.doc)
    comments.doc.destroy()
    return events
  }

  /** Comments on the first occurrence of `words` in the document, as the user of the back end. */
  async function commentOn(backend: Backend, id: string, words: string, body: string): Promise<string> {
    const handle = await backend.library.open(id)
    let range: { from: number; to: number } | null = null
    Node.fromJSON(schema, readBody(handle.doc)).descendants((node, pos) => {
      const at = node.isText ? node.text!.indexOf(words) : -1
      if (!range && at >= 0) range = { from: pos + at, to: pos + at + words.length }
    })
    const { from, to } = range!
    const anchor = new BodyPositions(handle.doc).anchorOf(from, to)
    await handle.close()
    const view = await addComment(backend.library, await commenterIn(backend.settings, 'brt'), { id, kind: 'comment', anchor, quote: words, body })
    return view.threads.find((thread) => thread.body === body)!.id
  }

  /** What the anchor of each thread holds in the document on this device now. */
  async function quoted(backend: Backend, id: string): Promise<string[]> {
    const handle = await backend.library.open(id)
    try {
      const listed = await threads(backend, id)
      // Read after the threads, with no wait between: a sync may change the document while they are read.
      const doc = Node.fromJSON(schema, readBody(handle.doc))
      const positions = new BodyPositions(handle.doc)
      return listed.map((thread) => {
        const place = positions.place(thread.anchor, thread.quote)
        return place.state === 'anchored' ? doc.textBetween(place.from, place.to) : place.state
      })
    } finally {
      await handle.close()
    }
  }

  /** Edits the text of the document's first paragraph on this device. */
  async function editText(backend: Backend, id: string, edit: (text: Y.XmlText) => void): Promise<void> {
    const handle = await backend.library.open(id)
    const [paragraph] = handle.doc.getXmlFragment('body').toArray() as Y.XmlElement[]
    edit(paragraph!.get(0) as Y.XmlText)
    await handle.close()
  }

  const lagos = (text: string) =>
    newDocumentContent(
      { kind: 'case-study', title: 'Lagos BRT', network: 'brt' },
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] },
    )

  it('brings a viewer’s comment to every member, with its author’s name and city, and the replies back to the viewer', async () => {
    const relay = await relays.start()
    const [ana, vic, cleo] = [await joined(relay, 'Ana', 'Lagos'), await joined(relay, 'Vic', 'Lima', 'viewer'), await joined(relay, 'Cleo', 'Accra')]
    const id = await ana.library.create(lagos('The feeder lanes cost four million dollars.'))
    await eventually(() => hasDocument(vic, id), 'the document reaches the viewer')

    const thread = await commentOn(vic, id, 'feeder lanes', 'Per kilometre?')
    for (const member of [ana, cleo]) await eventually(async () => (await threads(member, id)).length === 1, 'the viewer’s comment reaches a member')
    expect(await threads(cleo, id)).toEqual([
      expect.objectContaining({ by: 'Vic', city: 'Lima', role: 'viewer', body: 'Per kilometre?', quote: 'feeder lanes' }),
    ])
    expect(await quoted(cleo, id)).toEqual(['feeder lanes'])

    await addComment(ana.library, await commenterIn(ana.settings, 'brt'), { id, kind: 'reply', thread, body: 'About a million.' })
    await eventually(async () => (await threads(vic, id))[0]?.replies.length === 1, 'the reply reaches the viewer')
    expect((await threads(vic, id))[0]!.replies).toEqual([expect.objectContaining({ by: 'Ana', city: 'Lagos', body: 'About a million.' })])

    // Cleo leaves the network, keeping its documents: she can read the thread, not add to it.
    await cleo.sync.leave('brt', { removeDocuments: false })
    const outside = await commenterIn(cleo.settings, 'brt')
    expect(outside.mayComment).toBe(false)
    expect((await threads(cleo, id)).map((thread) => thread.body)).toEqual(['Per kilometre?'])
    await expect(addComment(cleo.library, outside, { id, kind: 'reply', thread, body: 'Still here?' })).rejects.toMatchObject({
      code: 'ACCESS_REFUSED',
      reason: 'notJoined',
    })
  })

  it('keeps a comment on its words while another device types at both edges and inside, and keeps its quote once they are deleted', async () => {
    const relay = await relays.start()
    const [ana, bo] = [await joined(relay, 'Ana', 'Lagos'), await joined(relay, 'Bo', 'Quito')]
    const id = await ana.library.create(lagos('The feeder lanes cost four million dollars.'))
    await eventually(() => hasDocument(bo, id), 'the document reaches Bo')
    await commentOn(ana, id, 'feeder lanes', 'Which ones?')
    await eventually(async () => (await quoted(bo, id)).join() === 'feeder lanes', 'the comment reaches Bo')

    // Bo types right before the words, right after them, and between them.
    await editText(bo, id, (text) => {
      const at = text.toString().indexOf('feeder lanes')
      text.insert(at + 'feeder lanes'.length, ' (new)')
      text.insert(at + 'feeder'.length, ' bus')
      text.insert(at, 'two ')
    })
    await eventually(async () => (await quoted(ana, id)).join() === 'feeder bus lanes', 'Bo’s typing reaches Ana, the comment on its words')
    expect(await quoted(bo, id)).toEqual(['feeder bus lanes'])

    await editText(bo, id, (text) => {
      const at = text.toString().indexOf('feeder bus lanes')
      text.delete(at, 'feeder bus lanes'.length)
    })
    await eventually(async () => (await quoted(ana, id)).join() === 'orphan', 'the deletion reaches Ana, the comment orphaned')
    expect(await threads(ana, id)).toEqual([expect.objectContaining({ quote: 'feeder lanes', body: 'Which ones?', resolved: false })])
  })

  it('sends a comment written offline once the relay is back, anchored to text written offline with it', async () => {
    const relay = await relays.start()
    const [ana, bo] = [await joined(relay, 'Ana', 'Lagos'), await joined(relay, 'Bo', 'Quito')]
    const id = await ana.library.create(lagos('The feeder lanes cost four million dollars.'))
    await eventually(() => hasDocument(bo, id), 'the document reaches Bo')

    relay.process.kill('SIGTERM')
    await relay.exited
    await eventually(() => !ana.sync.networks()[0]!.online, 'Ana is offline')
    const handle = await ana.library.open(id)
    appendParagraph(handle.doc, 'Unions agreed in May.')
    await handle.close()
    await commentOn(ana, id, 'Unions agreed', 'Which unions?')
    await relays.start({ dataDir: relay.dataDir, port: relay.port })

    await eventually(async () => (await quoted(bo, id)).join() === 'Unions agreed', 'the offline comment and its text reach Bo', 20_000)
  })

  it('lets the author or a facilitator resolve a thread, and a member who tries anyway is refused by the relay, which stores nothing', async () => {
    const relay = await relays.start()
    const [ana, bo, fay] = [await joined(relay, 'Ana', 'Lagos'), await joined(relay, 'Bo', 'Quito'), await joined(relay, 'Fay', 'London', 'facilitator')]
    const id = await ana.library.create(lagos('The feeder lanes cost four million dollars.'))
    await eventually(() => hasDocument(bo, id) && hasDocument(fay, id), 'the document reaches everyone')
    const thread = await commentOn(ana, id, 'four million', 'Source?')
    await eventually(async () => (await threads(bo, id)).length === 1 && (await threads(fay, id)).length === 1, 'the comment reaches Bo and Fay')

    // Bo's app will not do it.
    await expect(addComment(bo.library, await commenterIn(bo.settings, 'brt'), { id, kind: 'resolve', thread })).rejects.toMatchObject({
      code: 'ACCESS_REFUSED',
    })
    // A modified app writes it anyway, as Bo: the relay refuses it, nobody gets it, and Bo's copy is
    // mended from the relay's (repairComments), without it, so that his next comment goes through.
    await bo.library.addComment(id, { id: 'b0b0b0b0b0b0b0b0', by: 'Bo', city: 'Quito', role: 'member', kind: 'resolve', thread, at: Date.now() })
    await eventually(async () => (await eventsOf(bo, id)).length === 1, 'the relay refuses Bo’s resolve, and his copy drops it')
    const reader = clients.connect(relay.url, `brt/${commentsRoomOf(id)}`, await relay.invite('brt', 'viewer'))
    await reader.synced()
    expect([...reader.doc.getMap('events').keys()]).toEqual([thread])
    expect((await threads(ana, id))[0]!.resolved).toBe(false)
    await addComment(bo.library, await commenterIn(bo.settings, 'brt'), { id, kind: 'reply', thread, body: 'The city budget.' })
    await eventually(async () => (await threads(ana, id))[0]?.replies.length === 1, 'Bo’s reply reaches Ana')

    // Fay, a facilitator, may.
    await addComment(fay.library, await commenterIn(fay.settings, 'brt'), { id, kind: 'resolve', thread })
    await eventually(async () => (await threads(ana, id))[0]?.resolved === true, 'Fay’s resolve reaches Ana')
    await eventually(() => reader.doc.getMap('events').size === 3, 'the relay relays Fay’s resolve')
  })

  it('sends again, under the invite as it is now, a comment written under an earlier one, which the relay refused', async () => {
    const relay = await relays.start()
    const [ana, bo] = [await joined(relay, 'Ana', 'Lagos'), await joined(relay, 'Bo', 'Quito')]
    const id = await ana.library.create(lagos('The feeder lanes cost four million dollars.'))
    await eventually(() => hasDocument(bo, id), 'the document reaches Bo')
    const thread = await commentOn(ana, id, 'four million', 'Source?')
    await eventually(async () => (await threads(bo, id)).length === 1, 'the comment reaches Bo')

    // Written while his invite still said he was in Guayaquil, and not sent before it was renewed.
    const anchor = (await threads(bo, id))[0]!.anchor
    await bo.library.addComment(id, {
      id: 'b0b0b0b0b0b0b0b1',
      by: 'Bo',
      city: 'Guayaquil',
      role: 'member',
      kind: 'comment',
      thread: 'b0b0b0b0b0b0b0b1',
      anchor,
      quote: 'four million',
      body: 'Which year?',
      at: Date.now(),
    })
    await eventually(async () => (await threads(ana, id)).length === 2, 'Bo’s comment reaches Ana')
    expect((await threads(ana, id)).map(({ by, city, body }) => `${body} (${by}, ${city})`)).toEqual(['Source? (Ana, Lagos)', 'Which year? (Bo, Quito)'])
    expect((await threads(ana, id)).map(({ id: key }) => key)).toEqual([thread, 'b0b0b0b0b0b0b0b1'])
  })
})
