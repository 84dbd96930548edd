import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { CasebookError } from '../../shared/errors.js'
import { readMeta, writeMeta } from '../../shared/model/document.js'
import { MESSAGE, encodeAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from '../../shared/protocol/messages.js'

/** How stale a document's updatedAt may be while someone is editing it. */
export const TOUCH_INTERVAL_MS = 60_000

interface AwarenessChanges {
  added: number[]
  updated: number[]
  removed: number[]
}

/**
 * One renderer's view of an open document: the renderer's Y.Doc is a peer of the back end's, and the
 * two exchange y-protocols sync and awareness messages (the y-websocket format) over the contract's
 * document channel. Presence goes into the document's shared Awareness, which the relay connection
 * carries on, so the renderer's cursor reaches everyone.
 */
export class DocumentSession {
  /** The awareness client ids this renderer announced, withdrawn when it closes the document. */
  private readonly announced = new Set<number>()

  constructor(
    private readonly doc: Y.Doc,
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly send: (message: Uint8Array) => void,
  ) {
    doc.on('update', this.onUpdate)
    awareness.on('update', this.onAwareness)
  }

  /** The first messages: the back end's state vector, and everyone's presence. */
  start(): void {
    this.send(encodeSyncStep1(this.doc))
    const clients = [...this.awareness.getStates().keys()]
    if (clients.length > 0) this.send(encodeAwareness(this.awareness, clients))
  }

  /** A message from the renderer. One that does not decode is refused whole, with BAD_REQUEST. */
  receive(message: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(message)
      const type = decoding.readVarUint(decoder)
      if (type === MESSAGE.sync) {
        const step = decoding.readVarUint(decoder)
        const payload = decoding.readVarUint8Array(decoder)
        expectEnd(decoder)
        if (step === syncProtocol.messageYjsSyncStep1) {
          this.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, payload)))
        } else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
          // Decoded in full first: Yjs only logs an update it cannot apply, and would apply part of it.
          const { structs, ds } = Y.decodeUpdate(payload)
          Y.applyUpdate(this.doc, payload, this)
          // The renderer's answer to the first sync step is empty when it had nothing new.
          if (structs.length > 0 || ds.clients.size > 0) this.touch()
        } else {
          throw new Error(`sync step ${step}`)
        }
      } else if (type === MESSAGE.awareness) {
        const update = decoding.readVarUint8Array(decoder)
        expectEnd(decoder)
        awarenessProtocol.applyAwarenessUpdate(this.awareness, update, this)
      } else {
        throw new Error(`message type ${type}`)
      }
    } catch (error) {
      throw new CasebookError('BAD_REQUEST', `A message for document ${this.doc.guid} could not be read: ${(error as Error).message}.`)
    }
  }

  /**
   * A renderer's updates are edits of the body (meta changes come as requests): the document's
   * updatedAt follows them, so the library sorts by the last edit. At most once a minute, because
   * each bump is an entry in the CRDT's history that every device syncs.
   */
  private touch(now = Date.now()): void {
    if (now - Date.parse(readMeta(this.doc).updatedAt) >= TOUCH_INTERVAL_MS) writeMeta(this.doc, {}, new Date(now))
  }

  close(): void {
    this.doc.off('update', this.onUpdate)
    this.awareness.off('update', this.onAwareness)
    awarenessProtocol.removeAwarenessStates(this.awareness, [...this.announced], 'closed')
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin !== this) this.send(encodeUpdate(update))
  }

  private readonly onAwareness = ({ added, updated, removed }: AwarenessChanges, origin: unknown) => {
    if (origin === this) {
      for (const client of added) this.announced.add(client)
      for (const client of removed) this.announced.delete(client)
      return
    }
    this.send(encodeAwareness(this.awareness, [...added, ...updated, ...removed]))
  }
}

function expectEnd(decoder: decoding.Decoder): void {
  if (decoding.hasContent(decoder)) throw new Error('bytes after the end of the message')
}
