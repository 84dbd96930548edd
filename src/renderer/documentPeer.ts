import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { CasebookError } from '../shared/errors.js'
import type { CasebookApi } from '../shared/ipc/contract.js'
import type { SyncState } from '../shared/model/syncState.js'
import type { AwarenessChanges } from '../shared/protocol/announcedClients.js'
import { encodeAwareness, readAwarenessFrame } from '../shared/protocol/awarenessFrames.js'
import { MESSAGE } from '../shared/protocol/messages.js'
import { encodeSyncStep2, encodeUpdate, readSyncFrame } from '../shared/protocol/syncFrames.js'
import { RemoteChanges } from './shared/RemoteChanges.js'

/**
 * The renderer's copy of an open document: a Y.Doc and its presence (Awareness), kept in step with
 * the back end's over the contract's document channel, as a y-websocket client is with its server.
 * The editor binds to `doc` and `awareness`; typing changes the local doc at once, and the change
 * follows in the background. A message from the back end that cannot be read or applied ends the
 * peer: it stops, and `onFailure` says why, for the editor to show.
 *
 * It also follows where the document stands with its network (`syncState`), from before it asks to
 * open it: a state the back end announces while the document opens is not missed.
 */
export class DocumentPeer {
  readonly doc: Y.Doc
  readonly awareness: awarenessProtocol.Awareness
  private readonly stopListening: () => void
  private synced = false
  private destroyed = false
  /** Other people's changes, which the back end passes on: see RemoteChanges. */
  private readonly remote: RemoteChanges
  private readonly syncWaiters: { resolve: () => void; reject: (error: CasebookError) => void }[] = []
  private failure: CasebookError | null = null
  private readonly failureListeners = new Set<(error: CasebookError) => void>()
  private sync: SyncState = 'local-only'
  /** Whether a sync-state event came: then it is newer than, or as new as, the state the open returned. */
  private heardSync = false
  private readonly syncListeners = new Set<(state: SyncState) => void>()
  private readonly stopEvents: () => void

  private constructor(
    private readonly api: CasebookApi,
    readonly id: string,
  ) {
    this.doc = new Y.Doc({ guid: id })
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    this.remote = new RemoteChanges(this.doc, this.awareness, this, (error) => this.fail(error))
    this.stopListening = api.onDocumentMessage((documentId, message) => {
      if (documentId === id) this.receive(message)
    })
    this.stopEvents = api.onEvent((event) => {
      if (event.type === 'sync-state' && event.id === id) this.setSync(event.state)
    })
    this.doc.on('update', this.onUpdate)
    this.awareness.on('update', this.onAwareness)
  }

  /**
   * Opens the document and resolves once the renderer's copy holds the back end's content, which the
   * back end sends as it opens the document (a sync step 2 of its whole state): one round trip.
   */
  static async open(api: CasebookApi, id: string): Promise<DocumentPeer> {
    const peer = new DocumentPeer(api, id)
    let opened = false
    try {
      const row = await api.request('documents.open', { id })
      opened = true
      if (!peer.heardSync) peer.sync = row.sync
      await peer.whenSynced()
      return peer
    } catch (error) {
      if (opened) await peer.close().catch(() => {})
      else peer.destroy()
      throw error
    }
  }

  /** Resolves once the renderer's copy holds the back end's content; rejects if the peer failed first. */
  whenSynced(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    return this.synced ? Promise.resolve() : new Promise((resolve, reject) => this.syncWaiters.push({ resolve, reject }))
  }

  get syncState(): SyncState {
    return this.sync
  }

  /** Calls `listener` with each new sync state until the returned function is called. */
  onSyncState(listener: (state: SyncState) => void): () => void {
    this.syncListeners.add(listener)
    return () => this.syncListeners.delete(listener)
  }

  /** Calls `listener` once, if the peer ends on a message it cannot use (at once if it already has). */
  onFailure(listener: (error: CasebookError) => void): () => void {
    if (this.failure) listener(this.failure)
    else this.failureListeners.add(listener)
    return () => this.failureListeners.delete(listener)
  }

  async close(): Promise<void> {
    this.destroy()
    await this.api.request('documents.close', { id: this.id })
  }

  private destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.remote.stop()
    this.stopListening()
    this.stopEvents()
    this.syncListeners.clear()
    this.doc.off('update', this.onUpdate)
    this.awareness.off('update', this.onAwareness)
    awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], 'closed')
    this.awareness.destroy()
    this.doc.destroy()
  }

  /**
   * A message from the back end, which is trusted: its updates are applied without being decoded
   * first. One that does not read or apply all the same (a bug, in the back end or here) ends the peer
   * instead of being thrown at whoever delivered it.
   */
  private receive(message: Uint8Array): void {
    try {
      this.read(message)
    } catch (error) {
      this.fail(error)
    }
  }

  private read(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message)
    const type = decoding.readVarUint(decoder)
    if (type === MESSAGE.sync) {
      const frame = readSyncFrame(decoder)
      if (frame.step === 'update') this.remote.addUpdate(frame.update)
      else if (frame.step === 'step1') this.api.sendDocumentMessage(this.id, encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, frame.stateVector)))
      else {
        Y.applyUpdate(this.doc, frame.update, this)
        this.synced = true
        for (const { resolve } of this.syncWaiters.splice(0)) resolve()
      }
    } else if (type === MESSAGE.awareness) {
      this.remote.addPresence(readAwarenessFrame(decoder))
    }
  }

  private fail(cause: unknown): void {
    if (this.destroyed) return
    const reason = cause instanceof Error ? cause.message : String(cause)
    this.failure = new CasebookError(
      'INTERNAL',
      `This document stopped updating: the app sent it a message it could not use (${reason}). Go back to the library and open it again.`,
      { cause, reason: 'documentStopped' },
    )
    this.destroy()
    for (const { reject } of this.syncWaiters.splice(0)) reject(this.failure)
    for (const listener of this.failureListeners) listener(this.failure)
    this.failureListeners.clear()
  }

  private setSync(state: SyncState): void {
    this.heardSync = true
    this.sync = state
    for (const listener of this.syncListeners) listener(state)
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
