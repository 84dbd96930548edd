import { afterEach, describe, expect, it } from 'vitest'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { DocumentSession } from '../../../src/main/services/documentSession.js'
import { META_MAP } from '../../../src/shared/model/document.js'
import { MAX_EDITORS } from '../../../src/shared/model/meta.js'
import { encodeAwareness } from '../../../src/shared/protocol/awarenessFrames.js'
import { MESSAGE } from '../../../src/shared/protocol/messages.js'
import { encodeSyncStep1, encodeSyncStep2, encodeUpdate } from '../../../src/shared/protocol/syncFrames.js'

/** The back end's side of an open document, and what it sent the renderer. */
function session(editor: string | null = null) {
  const doc = new Y.Doc({ guid: '0123456789abcdef' })
  doc.getText('t').insert(0, 'kept')
  const awareness = new Awareness(doc)
  awareness.setLocalState(null)
  const sent: Uint8Array[] = []
  const documentSession = new DocumentSession(doc, awareness, (message) => sent.push(message), editor)
  started.push(() => {
    documentSession.close()
    awareness.destroy()
  })
  return { doc, awareness, sent, session: documentSession }
}
const started: (() => void)[] = []
afterEach(() => {
  for (const stop of started.splice(0)) stop()
})

/** An update of a renderer's doc whose deleted ranges are cut short: Yjs would apply its structs and then throw. */
function cutUpdate(): Uint8Array {
  const renderer = new Y.Doc()
  renderer.getText('t').insert(0, 'hello')
  renderer.getText('t').delete(0, 1)
  const update = Y.encodeStateAsUpdate(renderer)
  return update.subarray(0, update.length - 1)
}

describe('a document session', () => {
  it('opens with its whole content in one step 2, answers a step 1, and applies a step 2 and an update', () => {
    const { doc, sent, session: documentSession } = session()
    documentSession.start()
    expect(sent).toEqual([encodeSyncStep2(Y.encodeStateAsUpdate(doc))])
    const renderer = new Y.Doc()
    documentSession.receive(encodeSyncStep1(renderer))
    Y.applyUpdate(renderer, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(renderer)))
    expect(sent.at(-1)).toEqual(encodeSyncStep2(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(new Y.Doc()))))
    renderer.getText('t').insert(4, ' and more')
    documentSession.receive(encodeUpdate(Y.encodeStateAsUpdate(renderer, Y.encodeStateVector(doc))))
    expect(doc.getText('t').toString()).toBe('kept and more')
  })

  it('opens with everyone’s presence after the content, when someone has one', () => {
    const { doc, awareness, sent, session: documentSession } = session()
    awareness.setLocalState({ user: { name: 'Ana' } })
    // What the session passed on as it changed: the opening comes after it.
    sent.splice(0)
    documentSession.start()
    expect(sent).toEqual([encodeSyncStep2(Y.encodeStateAsUpdate(doc)), encodeAwareness(awareness)])
  })

  const refused = (detail: string) => ({ code: 'BAD_REQUEST', message: `A message for document 0123456789abcdef could not be read: ${detail}.` })
  it.each([
    ['an empty message', new Uint8Array(0), 'Unexpected end of array'],
    ['a sync message cut short', Uint8Array.from([MESSAGE.sync, 2, 50, 1, 2]), 'Unexpected end of array'],
    ['an unknown sync step', Uint8Array.from([MESSAGE.sync, 3, 0]), 'sync step 3'],
    ['bytes after a sync message', Uint8Array.from([...encodeUpdate(new Uint8Array([0, 0])), 7]), 'bytes after the end of the message'],
    ['a query for awareness', Uint8Array.from([MESSAGE.queryAwareness]), `message type ${MESSAGE.queryAwareness}`],
    ['an update cut short', encodeUpdate(cutUpdate()), 'Unexpected end of array'],
  ])('refuses %s with BAD_REQUEST, and changes nothing', (_name, message, detail) => {
    const { doc, session: documentSession } = session()
    const before = Y.encodeStateAsUpdate(doc)
    expect(() => documentSession.receive(message)).toThrow(expect.objectContaining(refused(detail)))
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before)
  })

  it('applies an edit by someone new to a document whose editors are full, and names them nowhere', () => {
    const { doc, session: documentSession } = session('Zoe')
    const full = Array.from({ length: MAX_EDITORS }, (_, index) => `Editor ${index + 1}`)
    doc.getMap(META_MAP).set('editors', full)
    const renderer = new Y.Doc()
    Y.applyUpdate(renderer, Y.encodeStateAsUpdate(doc))
    renderer.getText('t').insert(4, ' by Zoe')
    documentSession.receive(encodeUpdate(Y.encodeStateAsUpdate(renderer, Y.encodeStateVector(doc))))
    expect(doc.getText('t').toString()).toBe('kept by Zoe')
    expect(doc.getMap(META_MAP).get('editors')).toEqual(full)
  })

  it('withdraws the presence its renderer announced when it closes, and only that', () => {
    const { awareness, session: documentSession } = session()
    const [renderer, someoneElse] = [new Awareness(new Y.Doc()), new Awareness(new Y.Doc())]
    started.push(() => {
      renderer.destroy()
      someoneElse.destroy()
    })
    renderer.setLocalState({ user: { name: 'Ana' } })
    someoneElse.setLocalState({ user: { name: 'Ben' } })
    documentSession.receive(encodeAwareness(renderer))
    // Someone else's presence comes from elsewhere: the relay connection.
    applyAwarenessUpdate(awareness, encodeAwarenessUpdate(someoneElse, [someoneElse.clientID]), 'relay')
    expect([...awareness.getStates().keys()].sort()).toEqual([renderer.clientID, someoneElse.clientID].sort())
    documentSession.close()
    expect([...awareness.getStates().keys()]).toEqual([someoneElse.clientID])
  })
})
