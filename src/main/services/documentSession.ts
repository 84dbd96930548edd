import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { CasebookError } from '../../shared/errors.js'
import { readMeta, writeMeta } from '../../shared/model/document.js'
import { MAX_EDITORS } from '../../shared/model/meta.js'
import { AnnouncedClients, type AwarenessChanges } from '../../shared/protocol/announcedClients.js'
import { applyDecoded } from '../../shared/protocol/applyDecoded.js'
import { encodeAwareness, readAwarenessFrame } from '../../shared/protocol/awarenessFrames.js'
import { MalformedFrame, decoded } from '../../shared/protocol/malformedFrame.js'
import { MESSAGE } from '../../shared/protocol/messages.js'
import { encodeSyncStep2, encodeUpdate, readSyncFrame } from '../../shared/protocol/syncFrames.js'

/** How stale a document's updatedAt may be while someone is editing it. */
const TOUCH_INTERVAL_MS = 60_000

/**
 * One renderer's view of an open document: the renderer's Y.Doc is a peer of the back end's, and the
 * two exchange y-protocols sync and awareness messages (the y-websocket format) over the contract's
 * document channel. Presence goes into the document's shared Awareness, which the relay connection
 * carries on, so the renderer's cursor reaches everyone.
 */
export class DocumentSession {
  /** The awareness client ids this renderer announced, withdrawn when it closes the document. */
  private readonly announced = new AnnouncedClients()

  constructor(
    private readonly doc: Y.Doc,
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly send: (message: Uint8Array) => void,
    /** The profile's name of whoever edits through this renderer; null before they gave one. */
    private readonly editor: string | null,
  ) {
    doc.on('update', this.onUpdate)
    awareness.on('update', this.onAwareness)
  }

  /**
   * The first messages: the document's whole content as one sync step 2, and everyone's presence. The
   * renderer's copy starts empty, so that one encoded state syncs it: it need not ask with a step 1 and
   * wait for the answer, nor be asked for what it has (nothing).
   */
  start(): void {
    this.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc)))
    if (this.awareness.getStates().size > 0) this.send(encodeAwareness(this.awareness))
  }

  /** A message from the renderer. One that does not decode is refused whole, with BAD_REQUEST. */
  receive(message: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(message)
      const type = decoded(() => decoding.readVarUint(decoder))
      if (type === MESSAGE.sync) {
        const frame = readSyncFrame(decoder)
        if (frame.step === 'step1') this.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, frame.stateVector)))
        // The renderer's answer to the first sync step is empty when it had nothing new.
        else if (applyDecoded(this.doc, frame.update, this)) this.touch()
      } else if (type === MESSAGE.awareness) {
        awarenessProtocol.applyAwarenessUpdate(this.awareness, readAwarenessFrame(decoder), this)
      } else {
        throw new MalformedFrame(`message type ${type}`)
      }
    } catch (error) {
      throw new CasebookError('BAD_REQUEST', `A message for document ${this.doc.guid} could not be read: ${(error as Error).message}.`, {
        reason: 'notUnderstood',
      })
    }
  }

  /**
   * A renderer's updates are edits of the body (meta changes come as requests): the document's
   * updatedAt follows them, so the library sorts by the last edit. At most once a minute, because
   * each bump is an entry in the CRDT's history that every device syncs. The editor's name joins the
   * document's editors on their first edit. The list is one value in the meta map, so of two names
   * added at once on two devices one is lost; each is added again at its editor's next edit.
   */
  private touch(now = Date.now()): void {
    const meta = readMeta(this.doc)
    const editors = meta.editors ?? []
    if (this.editor !== null && !editors.includes(this.editor) && editors.length < MAX_EDITORS)
      writeMeta(this.doc, { editors: [...editors, this.editor] }, new Date(now))
    else if (now - Date.parse(meta.updatedAt) >= TOUCH_INTERVAL_MS) writeMeta(this.doc, {}, new Date(now))
  }

  close(): void {
    this.doc.off('update', this.onUpdate)
    this.awareness.off('update', this.onAwareness)
    awarenessProtocol.removeAwarenessStates(this.awareness, [...this.announced], 'closed')
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin !== this) this.send(encodeUpdate(update))
  }

  private readonly onAwareness = (changes: AwarenessChanges, origin: unknown) => {
    this.announced.record(changes, origin === this)
    if (origin !== this) this.send(encodeAwareness(this.awareness, [...changes.added, ...changes.updated, ...changes.removed]))
  }
}
