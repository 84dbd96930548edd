import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { GuestComments } from '../../../src/renderer/guest/guestComments.js'
import { ticketWriter } from '../../../src/renderer/guest/ticketWriter.js'
import { readEvents } from '../../../src/shared/model/commentThreads.js'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import { eventually, useClients } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'
import { guestToken, startWorkshop, storedDocument } from '../../helpers/relayWorkshops.js'

const anchor = { start: 'AQID', end: 'BAUG' }
const ana = { name: 'Ana', city: 'Lagos', role: 'member' } as const

describe("a guest's comments", () => {
  const relays = useRelays()
  const clients = useClients()

  it('are events the relay takes from the session token, which the facilitator sees folded into the same threads', async () => {
    const relay = await relays.start()
    const facilitator = await storedDocument(relay, clients, 'brt/notes')
    const { code } = await startWorkshop(relay, facilitator, 'notes')
    const token = await guestToken(relay, relays.issued, code, 'Ana')
    const guest = clients.connect(relay.url, 'brt/notes-comments', token)
    const fay = clients.connect(relay.url, 'brt/notes-comments', facilitator)
    await Promise.all([guest.synced(), fay.synced()])
    const comments = new GuestComments(guest.doc, 'notes', ticketWriter(token)!)

    const { threads } = await comments.add({ kind: 'comment', anchor, quote: 'bus lanes', body: 'Which streets?' })
    await comments.add({ kind: 'reply', thread: threads[0]!.id, body: 'Main Street first.' })
    await eventually(() => readEvents(fay.doc).length === 2, 'the facilitator has both events')
    const seen = await new GuestComments(fay.doc, 'notes', { name: 'Fatima', role: 'facilitator' }).list()
    expect(seen.threads.map(({ by, body, replies }) => ({ by, body, replies: replies.map((reply) => reply.body) }))).toEqual([
      { by: 'Ana', body: 'Which streets?', replies: ['Main Street first.'] },
    ])
    expect(guest.closes).not.toContain(CLOSE.commentRefused.code)
  })

  it('tell of every change, refuse what the thread rule refuses, and once closed refuse to add, saying why', async () => {
    const doc = new Y.Doc()
    const comments = new GuestComments(doc, 'notes', ana)
    let changes = 0
    const stop = comments.onChange(() => {
      changes += 1
    })
    const added = await comments.add({ kind: 'comment', anchor, quote: 'bus lanes', body: 'Which streets?' })
    expect(added.you).toEqual({ ...ana, mayComment: true })
    expect(changes).toBe(1)
    const ben = new GuestComments(doc, 'notes', { name: 'Ben', role: 'member' })
    await expect(ben.add({ kind: 'resolve', thread: added.threads[0]!.id })).rejects.toMatchObject({ code: 'ACCESS_REFUSED', reason: 'thread' })

    comments.close('This workshop ended at 16:30.')
    expect(changes).toBe(2)
    expect((await comments.list()).you.mayComment).toBe(false)
    await expect(comments.add({ kind: 'reply', thread: added.threads[0]!.id, body: 'Late.' })).rejects.toThrow('This workshop ended at 16:30.')
    expect(readEvents(doc)).toHaveLength(1)
    stop()
    doc.getMap('events').set('x', 'not an event')
    expect(changes).toBe(2)
    doc.destroy()
  })
})
