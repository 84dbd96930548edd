import '../../helpers/animationFrames.js'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DocumentPeer } from '../../../src/renderer/documentPeer.js'
import { CasebookError } from '../../../src/shared/errors.js'
import type { CasebookApi, DocumentRow } from '../../../src/shared/ipc/contract.js'
import { MESSAGE } from '../../../src/shared/protocol/messages.js'
import { encodeSyncStep2, encodeUpdate, readSyncFrame } from '../../../src/shared/protocol/syncFrames.js'
import * as decoding from 'lib0/decoding'

/** A sync frame of step 7, which y-protocols does not have. */
const UNKNOWN_STEP = Uint8Array.of(MESSAGE.sync, 7, 0)

/**
 * A back end that holds `backDoc` and answers the peer's sync step 1 with `answer` (by default, its
 * content as a step 2), and lets the test deliver any frame to the peer as the back end would.
 */
function fakeBackend(backDoc: Y.Doc, answer?: Uint8Array) {
  const listeners = new Set<(id: string, message: Uint8Array) => void>()
  const requests: string[] = []
  const deliver = (message: Uint8Array) => {
    for (const listener of listeners) listener('doc-1', message)
  }
  const api: CasebookApi = {
    async request(channel) {
      requests.push(channel)
      return { id: 'doc-1' } as DocumentRow as never
    },
    onEvent: () => () => {},
    sendDocumentMessage(_id, message) {
      const decoder = decoding.createDecoder(message)
      if (decoding.readVarUint(decoder) !== MESSAGE.sync) return
      const frame = readSyncFrame(decoder)
      if (frame.step === 'step1') setImmediate(() => deliver(answer ?? encodeSyncStep2(Y.encodeStateAsUpdate(backDoc, frame.stateVector))))
    },
    onDocumentMessage(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
  return { api, deliver, requests, listening: () => listeners.size }
}

function docWith(text: string): Y.Doc {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return doc
}

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
    const { peer } = await DocumentPeer.open(backend.api, 'doc-1')
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
    const { peer } = await DocumentPeer.open(backend.api, 'doc-1')
    const failures: CasebookError[] = []
    peer.onFailure((error) => failures.push(error))
    expect(() => backend.deliver(new Uint8Array())).not.toThrow()
    expect(failures.map((error) => error.code)).toEqual(['INTERNAL'])
  })
})
