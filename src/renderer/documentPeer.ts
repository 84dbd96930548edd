import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { CasebookApi, DocumentRow } from '../shared/ipc/contract.js'
import type { AwarenessChanges } from '../shared/protocol/announcedClients.js'
import { encodeAwareness, readAwarenessFrame } from '../shared/protocol/awarenessFrames.js'
import { MESSAGE } from '../shared/protocol/messages.js'
import { encodeSyncStep1, encodeSyncStep2, encodeUpdate, readSyncFrame } from '../shared/protocol/syncFrames.js'

/** Longest remote updates wait when no frame comes (a hidden window). */
const FLUSH_FALLBACK_MS = 100

/**
 * The renderer's copy of an open document: a Y.Doc and its presence (Awareness), kept in step with
 * the back end's over the contract's document channel, as a y-websocket client is with its server.
 * The editor binds to `doc` and `awareness`; typing changes the local doc at once, and the change
 * follows in the background.
 */
export class DocumentPeer {
  readonly doc: Y.Doc
  readonly awareness: awarenessProtocol.Awareness
  private readonly stopListening: () => void
  private synced = false
  private destroyed = false
  private readonly pending: Uint8Array[] = []
  /** Whether an update was applied since the last frame began. */
  private frameBusy = false
  private cancelFrame = () => {}
  private readonly syncWaiters: (() => void)[] = []

  private constructor(
    private readonly api: CasebookApi,
    readonly id: string,
  ) {
    this.doc = new Y.Doc({ guid: id })
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    this.stopListening = api.onDocumentMessage((documentId, message) => {
      if (documentId === id) this.receive(message)
    })
    this.doc.on('update', this.onUpdate)
    this.awareness.on('update', this.onAwareness)
  }

  /** Opens the document and resolves once the renderer's copy holds the back end's content. */
  static async open(api: CasebookApi, id: string): Promise<{ peer: DocumentPeer; row: DocumentRow }> {
    const peer = new DocumentPeer(api, id)
    try {
      const row = await api.request('documents.open', { id })
      api.sendDocumentMessage(id, encodeSyncStep1(peer.doc))
      await peer.whenSynced()
      return { peer, row }
    } catch (error) {
      peer.destroy()
      throw error
    }
  }

  whenSynced(): Promise<void> {
    return this.synced ? Promise.resolve() : new Promise((resolve) => this.syncWaiters.push(resolve))
  }

  async close(): Promise<void> {
    this.destroy()
    await this.api.request('documents.close', { id: this.id })
  }

  private destroy(): void {
    this.destroyed = true
    this.cancelFrame()
    this.stopListening()
    this.doc.off('update', this.onUpdate)
    this.awareness.off('update', this.onAwareness)
    awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], 'closed')
    this.awareness.destroy()
    this.doc.destroy()
  }

  /** A message from the back end, which is trusted: its updates are applied without being decoded first. */
  private receive(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message)
    const type = decoding.readVarUint(decoder)
    if (type === MESSAGE.sync) {
      const frame = readSyncFrame(decoder)
      if (frame.step === 'update') this.queue(frame.update)
      else if (frame.step === 'step1') this.api.sendDocumentMessage(this.id, encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, frame.stateVector)))
      else {
        Y.applyUpdate(this.doc, frame.update, this)
        this.synced = true
        for (const resolve of this.syncWaiters.splice(0)) resolve()
      }
    } else if (type === MESSAGE.awareness) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, readAwarenessFrame(decoder), this)
    }
  }

  /**
   * Other people's updates are applied at most once per frame: the first at once, and those that
   * arrive before the next frame together, merged, in it. In a workshop a dozen streams of keystrokes
   * arrive, and the editor redraws once for all of them instead of once each; a lone keystroke is not
   * delayed. The timer covers a hidden window, where frames do not come.
   */
  private queue(update: Uint8Array): void {
    if (this.frameBusy) {
      this.pending.push(update)
      return
    }
    if (!this.destroyed) Y.applyUpdate(this.doc, update, this)
    this.frameBusy = true
    const frame = requestAnimationFrame(() => this.endFrame())
    const timer = setTimeout(() => this.endFrame(), FLUSH_FALLBACK_MS)
    this.cancelFrame = () => {
      cancelAnimationFrame(frame)
      clearTimeout(timer)
    }
  }

  private endFrame(): void {
    this.cancelFrame()
    this.frameBusy = false
    const updates = this.pending.splice(0)
    if (updates.length > 0) this.queue(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates))
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin !== this) this.api.sendDocumentMessage(this.id, encodeUpdate(update))
  }

  /** Only this renderer's own presence goes out; the back end already has everyone else's. */
  private readonly onAwareness = ({ added, updated, removed }: AwarenessChanges, origin: unknown) => {
    if (origin === this) return
    const changed = [...added, ...updated, ...removed].filter((client) => client === this.doc.clientID)
    if (changed.length > 0) this.api.sendDocumentMessage(this.id, encodeAwareness(this.awareness, changed))
  }
}
