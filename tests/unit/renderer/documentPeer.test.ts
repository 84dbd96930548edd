import '../../helpers/animationFrames.js'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DocumentPeer } from '../../../src/renderer/documentPeer.js'
import { CasebookError } from '../../../src/shared/errors.js'
import type { BackendEvent, CasebookApi, DocumentRow } from '../../../src/shared/ipc/contract.js'
import type { SyncState } from '../../../src/shared/model/syncState.js'
import { MESSAGE } from '../../../src/shared/protocol/messages.js'
import { encodeSyncStep2, encodeUpdate, readSyncFrame } from '../../../src/shared/protocol/syncFrames.js'
import * as decoding from 'lib0/decoding'

/** A sync frame of step 7, which y-protocols does not have. */
const UNKNOWN_STEP = Uint8Array.of(MESSAGE.sync, 7, 0)

/**
 * A back end that holds `backDoc` and, as the back end does when it opens a document, sends `answer`
 * (by default, its whole content as a step 2) after answering `documents.open`; it notes each sync
 * frame the peer sends, and lets the test deliver any frame or event to the peer as the back end would.
 * Its answer to `documents.open` says the document is `sync`, and `beforeOpened` runs before it is
 * given; `beforeAnswer` runs as the content is sent.
 */
function fakeBackend(
  backDoc: Y.Doc,
  answer?: Uint8Array,
  { sync = 'local-only', beforeOpened = () => {}, beforeAnswer = () => {} }: { sync?: SyncState; beforeOpened?: () => void; beforeAnswer?: () => void } = {},
) {
  const listeners = new Set<(id: string, message: Uint8Array) => void>()
  const eventListeners = new Set<(event: BackendEvent) => void>()
  const requests: string[] = []
  const syncSteps: string[] = []
  const deliver = (message: Uint8Array) => {
    for (const listener of listeners) listener('doc-1', message)
  }
  const emit = (event: BackendEvent) => {
    for (const listener of eventListeners) listener(event)
  }
  const api: CasebookApi = {
    async request(channel) {
      requests.push(channel)
      if (channel === 'documents.open') {
        beforeOpened()
        setImmediate(() => {
          beforeAnswer()
          deliver(answer ?? encodeSyncStep2(Y.encodeStateAsUpdate(backDoc)))
        })
      }
      return { id: 'doc-1', sync } as DocumentRow as never
    },
    onEvent(listener) {
      eventListeners.add(listener)
      return () => eventListeners.delete(listener)
    },
    sendDocumentMessage(_id, message) {
      const decoder = decoding.createDecoder(message)
      if (decoding.readVarUint(decoder) === MESSAGE.sync) syncSteps.push(readSyncFrame(decoder).step)
    },
    onDocumentMessage(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  return { api, deliver, emit, requests, syncSteps, listening: () => listeners.size + eventListeners.size }
}

function docWith(text: string): Y.Doc {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return doc
}

describe('DocumentPeer, opening', () => {
  it('holds the content the back end sends as it opens the document, in one round trip: it asks for nothing', async () => {
    const backend = fakeBackend(docWith('hello'))
    const peer = await DocumentPeer.open(backend.api, 'doc-1')
    expect(peer.doc.getText('t').toString()).toBe('hello')
    expect(backend.requests).toEqual(['documents.open'])
    expect(backend.syncSteps).toEqual([])
    await peer.close()
  })
})

describe('DocumentPeer, given a frame from the back end it cannot use', () => {
  it('fails to open with a plain error naming the problem, and closes the document it opened', async () => {
    const backend = fakeBackend(docWith('hello'), UNKNOWN_STEP)
    const opening = DocumentPeer.open(backend.api, 'doc-1')
    await expect(opening).rejects.toThrow(CasebookError)
    await expect(opening).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/^This document stopped updating: .*sync step 7/) })
    expect(backend.requests).toEqual(['documents.open', 'documents.close'])
    expect(backend.listening()).toBe(0)
  })

  it('ends an open peer, tells its listener why, and applies nothing delivered after', async () => {
    const backDoc = docWith('hello')
    const backend = fakeBackend(backDoc)
    const peer = await DocumentPeer.open(backend.api, 'doc-1')
    expect(peer.doc.getText('t').toString()).toBe('hello')
    const failures: CasebookError[] = []
    peer.onFailure((error) => failures.push(error))

    const trailing = Uint8Array.of(...encodeUpdate(Y.encodeStateAsUpdate(docWith('x'))), 0)
    expect(() => backend.deliver(trailing)).not.toThrow()
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('bytes after the end of the message') })
    expect(backend.listening()).toBe(0)

    // A listener that comes late hears of it at once.
    const late: CasebookError[] = []
    peer.onFailure((error) => late.push(error))
    expect(late).toEqual(failures)

    backDoc.getText('t').insert(5, ' world')
    backend.deliver(encodeUpdate(Y.encodeStateAsUpdate(backDoc)))
    expect(peer.doc.getText('t').toString()).toBe('hello')
    await peer.close()
    expect(backend.requests).toEqual(['documents.open', 'documents.close'])
  })

  it('ends the peer on a message too short to have a type', async () => {
    const backend = fakeBackend(docWith('hello'))
    const peer = await DocumentPeer.open(backend.api, 'doc-1')
    const failures: CasebookError[] = []
    peer.onFailure((error) => failures.push(error))
    expect(() => backend.deliver(new Uint8Array())).not.toThrow()
    expect(failures.map((error) => error.code)).toEqual(['INTERNAL'])
  })
})

describe('DocumentPeer, following where the document stands with its network', () => {
  it('starts from the state the open returned, and passes on each later one of its own document until closed', async () => {
    const backend = fakeBackend(docWith('hello'), undefined, { sync: 'connecting' })
    const peer = await DocumentPeer.open(backend.api, 'doc-1')
    expect(peer.syncState).toBe('connecting')
    const heard: SyncState[] = []
    peer.onSyncState((state) => heard.push(state))
    backend.emit({ type: 'sync-state', id: 'doc-1', state: 'synced' })
    backend.emit({ type: 'sync-state', id: 'doc-2', state: 'local-only' })
    backend.emit({ type: 'sync-state', id: 'doc-1', state: 'saved' })
    expect(heard).toEqual(['synced', 'saved'])
    expect(peer.syncState).toBe('saved')
    await peer.close()
    backend.emit({ type: 'sync-state', id: 'doc-1', state: 'local-only' })
    expect(heard).toEqual(['synced', 'saved'])
    expect(backend.listening()).toBe(0)
  })

  it('keeps a state announced while the document opens, which is newer than the one the open returned', async () => {
    // The live connection was saved between the back end's answer to the open and the content it sent.
    const backend = fakeBackend(docWith('hello'), undefined, {
      sync: 'local-only',
      beforeAnswer: () => backend.emit({ type: 'sync-state', id: 'doc-1', state: 'saved' }),
    })
    const peer = await DocumentPeer.open(backend.api, 'doc-1')
    expect(peer.syncState).toBe('saved')
    await peer.close()
  })

  it('keeps a state announced before the answer to the open, which reads as of the open and so is not older', async () => {
    // Events and answers share one ordered channel: an event that came first tells the state as the
    // open was answered, or a later one.
    const backend = fakeBackend(docWith('hello'), undefined, {
      sync: 'connecting',
      beforeOpened: () => backend.emit({ type: 'sync-state', id: 'doc-1', state: 'saved' }),
    })
    const peer = await DocumentPeer.open(backend.api, 'doc-1')
    expect(peer.syncState).toBe('saved')
    await peer.close()
  })
})
