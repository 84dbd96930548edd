import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addComment, commenterIn } from '../../../src/main/services/comments.js'
import { ConnectedComments } from '../../../src/main/sync/connectedComments.js'
import { foldThreads, readEvents } from '../../../src/shared/model/commentThreads.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { anchorOn } from '../../helpers/anchorOn.js'
import { useBackends } from '../../helpers/backends.js'
import { eventually } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'

describe('a comments room kept connected (a workshop’s)', () => {
  const relays = useRelays()
  const backends = useBackends()

  it('stores a comment that arrived just before it closed', async () => {
    const relay = await relays.start()
    const ana = await backends.start()
    await ana.sync.join({ relayUrl: relay.url, token: await relay.invite('brt', 'member', { name: 'Ana' }) })
    const id = await ana.library.create(
      newDocumentContent(
        { kind: 'case-study', title: 'Lagos BRT', network: 'brt' },
        { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'The feeder lanes' }] }] },
      ),
    )
    await eventually(() => ana.sync.state(id) === 'saved', 'the document is saved on the relay')
    const handle = await ana.library.open(id)
    const anchor = anchorOn(handle.doc, 'feeder')
    const state = Y.encodeStateAsUpdate(handle.doc)
    await handle.close()

    // Bo has the document and its comments room connected, as a workshop keeps them.
    const bo = await backends.start()
    await bo.library.adopt(id, state)
    const access = { relayUrl: relay.url, network: 'brt', token: await relay.invite('brt', 'member', { name: 'Bo' }), role: 'member' as const, name: 'Bo' }
    const errors: unknown[] = []
    const comments = await ConnectedComments.open(bo.library, access, id, (error) => errors.push(error))
    await eventually(() => comments.connection.state === 'saved', 'the comments room is connected')

    // It closes (the workshop ends) the moment Ana's comment arrives, its merge requested but not run.
    let closing: Promise<void> | null = null
    const { provider } = comments.connection
    ;(provider.doc as Y.Doc).on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin === provider) closing ??= comments.close()
    })
    await addComment(ana.library, await commenterIn(ana.settings, 'brt'), { id, kind: 'comment', anchor, quote: 'feeder', body: 'Which ones?' })
    await eventually(() => closing !== null, 'Ana’s comment reaches Bo')
    await closing

    const stored = await bo.library.comments(id)
    const threads = foldThreads(readEvents(stored.doc))
    stored.doc.destroy()
    expect(threads.map((thread) => [thread.by, thread.body])).toEqual([['Ana', 'Which ones?']])
    expect(errors).toEqual([])
  })
})
