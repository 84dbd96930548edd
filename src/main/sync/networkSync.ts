import { readFile, mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { WebsocketProvider } from 'y-websocket'
import type { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { isCasebookError } from '../../shared/errors.js'
import { isDocumentId } from '../../shared/model/documentId.js'
import type { DocumentChange, Member } from '../../shared/protocol/messages.js'
import { writeFileAtomic } from '../atomicFile.js'
import { CoalescedTask } from '../coalescedTask.js'
import type { DocumentHandle } from '../library/documentHandle.js'
import type { DocumentSummary, Library, LibraryChange } from '../library/library.js'
import { PRIVATE_DIR } from '../privateDataDir.js'
import type { SyncState } from '../../shared/model/syncState.js'
import { DocumentConnection, type RelayAccess } from './documentConnection.js'
import { FETCH_VERSION, type FetchedDocument } from '../../shared/protocol/fetchFrames.js'
import type { SyncProgress } from '../../shared/ipc/contract.js'
import { BulkFetch } from './bulkFetch.js'
import { adoptionProblem } from './networkBoundary.js'
import { NetworkFeed } from './networkFeed.js'
import { SavedRecord, savedRecordPath, type Standing } from './SavedRecord.js'
import { SyncQueue } from './syncQueue.js'
import { SIDE_ROOMS, type SideRoomOf, readSideRoom, syncSideRoom } from './sideRooms.js'
import { ADAPTATIONS_ROOM, CATALOG_ROOM, NetworkRoomCopy } from './NetworkRoomCopy.js'
import { CATALOG_DOCUMENT } from '../../shared/protocol/invite.js'
import { ADAPTATIONS_DOCUMENT, readAdaptationReferences } from '../../shared/protocol/adaptationReferences.js'
import { observeStandings } from '../../shared/model/workflow.js'
import { observeCuration } from '../../shared/model/curation.js'
import { imageBlobs } from '../../shared/model/imageBlobs.js'
import { BlobSync } from './blobSync.js'
import { BlobsOnRelay, blobsOnRelayPath } from './BlobsOnRelay.js'

/** How many documents of one network sync at once, each over its own socket. */
export const SYNC_CONCURRENCY = 8
/** How often the progress of a sync of many documents is told, at most. */
const PROGRESS_INTERVAL_MS = 250

export interface NetworkSyncEvents {
  onState(documentId: string, state: SyncState): void
  onOnline(online: boolean): void
  /** Who is online in the network changed. */
  onMembers(members: Member[]): void
  /** The relay refused this network's invite for good (expired or revoked). */
  onRefused(reason: string): void
  /**
   * A document could not be synced, in the background or over an open document's live connection. A
   * background sync is tried again when the document changes again, here or on the relay (one refused
   * as too large, only here), and at the next start; a live connection that ended is not reconnected
   * until the document is opened again.
   */
  onError(documentId: string, error: unknown): void
  /**
   * A document, or a change to one, was kept out because it does not belong to this network
   * (docs/SYNC.md); told once per document and reason.
   */
  onKeptOut(documentId: string, reason: string): void
  /** How far the documents to sync are, while more than one is (`progress`), and once they all are. */
  onProgress(): void
  /** The catalog changed these documents' standing (workflow.ts), here or by a sync. */
  onStandings(ids: string[]): void
  /** The catalog changed the network's collections, featured documents or topics (curation.ts). */
  onCuration(): void
  /** The network's adaptations room (adaptationReferences.ts) changed, here or by a sync. */
  onAdaptations(): void
  /** An image one of the network's documents references arrived in the library. */
  onBlobArrived(hash: string): void
  /** An image could not be fetched or sent (BlobSync); it is tried again later. */
  onBlobError(hash: string, error: unknown): void
}

/**
 * Keeps every document of one joined network in the local library, in both directions, without a
 * socket per document (docs/SYNC.md):
 * - one connection to the network's feed tells which documents changed on the relay;
 * - each document to sync (changed remotely, changed locally, or any local one at start, since a
 *   change made just before a crash left no other trace) is queued, and at most SYNC_CONCURRENCY
 *   sync at once: connect, exchange, wait until the relay has stored our changes, disconnect;
 * - offline (the feed is down), the queue waits; on reconnect it runs.
 * The feed's cursor is kept in `<dataDir>/sync/<network>.json`, so a restart only fetches what
 * changed since.
 */
export class NetworkSync {
  private readonly feed: NetworkFeed
  private readonly queue: SyncQueue
  /** Documents new to this device, fetched over the feed in batches when the relay can. */
  private readonly bulk: BulkFetch
  /** Every document to sync since none was: synced k of these (when more than one), told as `progress`. */
  private readonly toSync = new Set<string>()
  private syncProgress: SyncProgress | undefined
  private progressTimer: NodeJS.Timeout | null = null
  private readonly states = new Map<string, SyncState>()
  /** Change numbers announced and not yet synced, per document; the cursor stays below all of them. */
  private readonly announced = new Map<string, number>()
  private highestSeen = 0
  private savedCursor = 0
  /** Each save writes the cursor as it is when it starts, so the file never goes back to an older one. */
  private readonly cursorSaves = new CoalescedTask(() => this.writeCursor())
  private stopWatching = () => {}
  private stopObservingCatalog = () => {}
  /** Set once, at start (see start). */
  private catalogCopy: NetworkRoomCopy | null = null
  private adaptationsCopy: NetworkRoomCopy | null = null
  /** The adaptations' round waits for a document it refers to (syncAdaptations). */
  private adaptationsWait = false
  /** Documents open in an editor, each with its own connection for as long as it is open. */
  private readonly live = new Map<string, DocumentConnection>()
  private online = false
  private members: Member[] = []
  /** What was kept out, as `<id> <reason>`, so that each is told once. */
  private readonly keptOutReasons = new Set<string>()
  /**
   * Documents whose sync (in the background or over their live connection) the relay refused as too
   * large since they last changed on this device: a sync would send the same value and be refused
   * again, so neither an announcement (even of the pieces stored before the refused one) nor closing
   * the document syncs them. Their next local change does, with whatever the relay has meanwhile,
   * and so does the next start.
   */
  private readonly tooLarge = new Set<string>()
  /**
   * Side rooms (a document's version history, its comments: sideRooms.ts) to fetch from the relay at
   * their next round (the room was announced, or someone opened it); one with nothing to send or
   * fetch is not connected. One announced before its document reached this device waits for the
   * document.
   */
  private readonly sidesToFetch = new Set<string>()
  /** The images the network's documents reference, fetched and sent once the documents are synced. */
  private readonly blobSync: BlobSync

  private constructor(
    private readonly library: Library,
    private readonly access: RelayAccess,
    private readonly cursorPath: string,
    private readonly events: NetworkSyncEvents,
    /** Which documents the relay holds as they are here, and when this device last reached it. */
    private readonly record: SavedRecord,
    blobsOnRelay: BlobsOnRelay,
  ) {
    // A side room's round is queued under its room's name, and the catalog's and the adaptations' under
    // their own, beside the documents' rounds.
    this.queue = new SyncQueue(
      SYNC_CONCURRENCY,
      (id, signal) => {
        if (id === CATALOG_DOCUMENT) return this.syncRoom(id, this.catalogCopy, signal)
        if (id === ADAPTATIONS_DOCUMENT) return this.syncAdaptations(signal)
        const side = readSideRoom(id)
        return side ? this.syncSide(id, side, signal) : this.syncDocument(id, signal)
      },
      (id, error) => this.done(id, error),
    )
    this.blobSync = new BlobSync(
      library.blobs,
      access,
      blobsOnRelay,
      {
        onArrived: (hash) => events.onBlobArrived(hash),
        onError: (hash, error) => events.onBlobError(hash, error),
        onProgress: () => this.noteProgress(),
      },
      () => this.documentsLeft().size > 0,
    )
    this.bulk = new BulkFetch(
      (request, documents) => this.feed.fetch(request, documents),
      (asked, answered) => this.adoptFetched(asked, answered),
      // The last batch stored: the images' pass may start.
      () => this.blobSync.kick(),
    )
    this.feed = new NetworkFeed(access, () => this.cursor(), {
      onChanges: (changes) => this.onChanges(changes),
      onFetchable: (limits) => {
        if (limits.version === FETCH_VERSION) this.bulk.connected(limits)
      },
      onFetched: (request, documents) => this.bulk.answered(request, documents),
      onMembers: (members) => {
        this.members = members
        events.onMembers(members)
      },
      onOnline: (online) => {
        if (this.online && !online) this.record.markSeen(new Date().toISOString())
        this.online = online
        if (!online) this.members = []
        if (online) this.queue.resume()
        else this.queue.pause()
        this.blobSync.online(online)
        if (!online) this.bulk.disconnected()
        // A relay that no longer fetches in bulk (an older one put back): each waiting document syncs alone.
        else if (!this.bulk.available) for (const id of this.bulk.takeWaiting()) this.enqueue(id)
        events.onOnline(online)
      },
      onRefused: ({ reason }) => {
        this.queue.pause()
        events.onRefused(reason)
      },
    })
  }

  static async start(library: Library, access: RelayAccess, dataDir: string, events: NetworkSyncEvents): Promise<NetworkSync> {
    const cursorPath = join(dataDir, 'sync', `${access.network}.json`)
    const sync = new NetworkSync(
      library,
      access,
      cursorPath,
      events,
      await SavedRecord.open(savedRecordPath(dataDir, access.network)),
      await BlobsOnRelay.open(blobsOnRelayPath(dataDir, access.network)),
    )
    sync.savedCursor = sync.highestSeen = await readCursor(cursorPath)
    sync.catalogCopy = await NetworkRoomCopy.open(dataDir, access.network, CATALOG_ROOM, { onLocalChange: () => sync.queue.add(CATALOG_DOCUMENT) })
    // A reference added here goes out at once, or at the next connection (the queue waits while offline).
    sync.adaptationsCopy = await NetworkRoomCopy.open(dataDir, access.network, ADAPTATIONS_ROOM, {
      onLocalChange: () => sync.queue.add(ADAPTATIONS_DOCUMENT),
      onChange: () => events.onAdaptations(),
    })
    const stopStandings = observeStandings(sync.catalogCopy.doc, (ids) => events.onStandings(ids))
    const stopCuration = observeCuration(sync.catalogCopy.doc, () => events.onCuration())
    sync.stopObservingCatalog = () => {
      stopStandings()
      stopCuration()
    }
    // Fetched at every start: one that changed before this device followed the room (an older
    // Casebook, a cursor past its last change) would otherwise wait for its next change.
    sync.queue.add(CATALOG_DOCUMENT)
    sync.queue.add(ADAPTATIONS_DOCUMENT)
    sync.stopWatching = library.watch((change) => sync.onLibraryChange(change))
    for (const summary of library.list()) {
      if (summary.meta.network !== access.network) continue
      sync.enqueue(summary.id)
      // Its side rooms too, each sending only what the relay lacks, and connecting only if there is any.
      for (const side of SIDE_ROOMS) sync.queue.add(side.roomOf(summary.id))
    }
    sync.feed.start()
    return sync
  }

  get isOnline(): boolean {
    return this.online
  }

  /** As of when this device knows the network's documents (now, while connected), and whether one is saved there as it is here. */
  get standing(): Standing {
    return { asOf: this.online ? new Date().toISOString() : this.record.seenAt, isSaved: (id) => this.record.isSaved(id) }
  }

  /** Who the relay last said is online in the network; nobody while offline. */
  get onlineMembers(): Member[] {
    return this.members
  }

  /** How many of the documents to sync are synced, while more than one is to sync; undefined otherwise. */
  get progress(): SyncProgress | undefined {
    return this.syncProgress
  }

  state(documentId: string): SyncState {
    return this.states.get(documentId) ?? 'local-only'
  }

  /**
   * Connects an open document for as long as it is open, with the presence of its editors
   * (`awareness`), so that edits and cursors cross at once. Returns the function that disconnects it;
   * a background sync then confirms that everything was stored.
   */
  connectLive(id: string, doc: Y.Doc, awareness: Awareness): () => void {
    // A background sync of it, running or waiting, would send the same changes over a second socket.
    // The live connection brings what was announced of it, so the cursor need not wait for that sync.
    this.queue.cancel(id)
    this.forget(id, this.announced.get(id))
    let reporting = true
    // Images added or brought over the live connection are fetched or sent as they appear.
    const stopImages = this.blobSync.follow(doc)
    const connection = new DocumentConnection(this.access, doc, {
      awareness,
      onState: (state) => reporting && this.setState(id, state),
      // A background sync's failure is its error; a live connection's is told here.
      onEnded: (error) => {
        if (isCasebookError(error, 'WRONG_NETWORK')) return this.keepOut(id, error.message)
        if (isCasebookError(error, 'MESSAGE_TOO_LARGE')) this.tooLarge.add(id)
        this.events.onError(id, error)
      },
    })
    this.live.set(id, connection)
    return () => {
      reporting = false
      stopImages()
      this.live.delete(id)
      connection.destroy()
      this.enqueue(id)
    }
  }

  /** The network's catalog (workflow.ts), as this device holds it; a facilitator's changes to it are sent. */
  get catalog(): Y.Doc {
    if (!this.catalogCopy) throw new Error('The catalog is read before the sync has started.')
    return this.catalogCopy.doc
  }

  /**
   * The network's adaptations room (adaptationReferences.ts), as this device holds it; a reference
   * added to it is sent, whatever the role. Asked for at each use: a repair replaces the doc.
   */
  get adaptations(): Y.Doc {
    if (!this.adaptationsCopy) throw new Error('The adaptations are read before the sync has started.')
    return this.adaptationsCopy.doc
  }

  /** Fetches a document's side room (its version history, its comments) from the relay, and sends what it lacks, soon. */
  fetchSide(room: string): void {
    this.sidesToFetch.add(room)
    this.queue.add(room)
  }

  async stop(): Promise<void> {
    this.stopWatching()
    if (this.progressTimer) clearTimeout(this.progressTimer)
    this.progressTimer = null
    for (const connection of this.live.values()) connection.destroy()
    this.live.clear()
    if (this.online) this.record.markSeen(new Date().toISOString())
    this.feed.stop()
    await this.bulk.stop()
    await this.queue.stop()
    await this.blobSync.stop()
    await this.cursorSaves.settled()
    await this.record.close()
    this.stopObservingCatalog()
    await this.catalogCopy?.close()
    await this.adaptationsCopy?.close()
  }

  private onChanges(changes: DocumentChange[]): void {
    for (const { document, seq } of changes) {
      this.highestSeen = Math.max(this.highestSeen, seq)
      if (document === CATALOG_DOCUMENT || document === ADAPTATIONS_DOCUMENT) {
        this.announced.set(document, Math.max(seq, this.announced.get(document) ?? 0))
        this.queue.add(document)
        continue
      }
      const sideOf = readSideRoom(document)?.document
      if (sideOf && isDocumentId(sideOf)) {
        this.announced.set(document, Math.max(seq, this.announced.get(document) ?? 0))
        this.fetchSide(document)
        continue
      }
      // An open document's live connection brings the change itself (and every local document of the
      // network is synced again at start, should the app stop first).
      if (!isDocumentId(document) || this.live.has(document)) continue
      this.announced.set(document, Math.max(seq, this.announced.get(document) ?? 0))
      if (this.bulk.available && !this.tooLarge.has(document) && this.isNewHere(document)) this.fetchInBulk(document)
      else this.enqueue(document)
    }
    // A document the adaptations wait for may have gone out over its live connection, which ends no round.
    if (this.adaptationsWait) this.queue.add(ADAPTATIONS_DOCUMENT)
    this.saveCursor()
  }

  /** Syncs a document over a socket of its own. */
  private enqueue(id: string): void {
    this.toSync.add(id)
    this.queue.add(id)
    this.noteProgress()
  }

  private fetchInBulk(id: string): void {
    this.toSync.add(id)
    this.bulk.add(id)
    this.noteProgress()
  }

  /** Whether no document, in the library or its trash, has this id (nor a damaged one). */
  private isNewHere(id: string): boolean {
    try {
      this.library.summary(id)
      return false
    } catch (error) {
      return isCasebookError(error, 'UNKNOWN_DOCUMENT')
    }
  }

  /**
   * Stores the documents a fetch over the feed brought, as a sync of each over its own socket would
   * (the same checks: it must be a Casebook document of this network), all at once, so that the
   * library's index is saved once for many of them. Whatever the relay did not answer (too large for
   * one answer, say), or what became local meanwhile, syncs over its own socket.
   */
  private async adoptFetched(asked: string[], answered: FetchedDocument[]): Promise<void> {
    const updates = new Map(answered.map(({ document, update }) => [document, update]))
    await Promise.all(
      asked.map(async (id) => {
        const update = updates.get(id)
        if (!update || !this.isNewHere(id)) return this.enqueue(id)
        const seq = this.announced.get(id)
        try {
          await this.adoptUpdate(id, update, seq)
        } catch (error) {
          if (isCasebookError(error, 'DOCUMENT_EXISTS')) return this.enqueue(id)
          this.done(id, error)
        }
        // Announced again while it was fetched: what was fetched may predate that change.
        if (this.announced.has(id) && this.announced.get(id) !== seq) this.enqueue(id)
      }),
    )
  }

  private async adoptUpdate(id: string, update: Uint8Array, seq: number | undefined): Promise<void> {
    const doc = new Y.Doc({ guid: id })
    try {
      let problem: string | null
      try {
        Y.applyUpdate(doc, update)
        problem = doc.store.clients.size > 0 ? adoptionProblem(doc, this.access.network) : null
      } catch {
        problem = 'its content cannot be read'
      }
      if (await this.adoptNew(id, doc, problem)) {
        this.setBackgroundState(id, this.access.role === 'viewer' ? 'synced' : 'saved')
        this.blobSync.want(imageBlobs(doc))
      }
      this.forget(id, seq)
    } finally {
      doc.destroy()
    }
  }

  /**
   * Stores a document new to this device as a sync brought it (nothing, if it brought no content),
   * unless `problem` says it is not one of this network's Casebook documents: then it is kept out and
   * false is returned. Both ways in, a socket of its own and a fetch over the feed, end here.
   */
  private async adoptNew(id: string, doc: Y.Doc, problem: string | null): Promise<boolean> {
    if (problem) {
      this.keepOut(id, `Network ${this.access.network} sent document ${id}, which is not one of its Casebook documents (${problem}); nothing was stored.`)
      return false
    }
    if (doc.store.clients.size > 0) await this.library.adopt(id, Y.encodeStateAsUpdate(doc))
    return true
  }

  /**
   * Tells the progress of a sync of many documents (docs/SYNC.md, "Joining a large network"): k of
   * the n documents to sync since none was, every PROGRESS_INTERVAL_MS while any is, then n of n,
   * then nothing.
   */
  private noteProgress(): void {
    if (this.progressTimer) return
    this.progressTimer = setTimeout(() => {
      this.progressTimer = null
      const left = this.documentsLeft()
      for (const id of left) this.toSync.add(id)
      // The images come after the documents, in the same count.
      const images = this.blobSync.progress
      const total = this.toSync.size + images.total
      const unfinished = left.size + images.total - images.done
      const finished = unfinished === 0 && this.syncProgress?.synced === total
      const progress = total > 1 && !finished ? { synced: total - unfinished, total } : undefined
      if (progress) this.noteProgress()
      else {
        this.toSync.clear()
        this.blobSync.resetProgress()
      }
      if (progress?.synced === this.syncProgress?.synced && progress?.total === this.syncProgress?.total) return
      this.syncProgress = progress
      this.events.onProgress()
    }, PROGRESS_INTERVAL_MS)
  }

  /** The documents queued or being fetched. */
  private documentsLeft(): Set<string> {
    return new Set([...[...this.queue.ids()].filter(isDocumentId), ...this.bulk.ids()])
  }

  private onLibraryChange(change: LibraryChange): void {
    if (change.cause === 'history' || change.cause === 'comments' || change.cause === 'adopt') {
      // A version or comment added here goes out (a round that finds nothing to send does not
      // connect); a side room announced before its document arrived is fetched now that it is here.
      if (this.networkOf(change.id) !== this.access.network) return
      for (const side of SIDE_ROOMS) {
        const room = side.roomOf(change.id)
        if (change.cause === side.cause || this.sidesToFetch.has(room)) this.queue.add(room)
      }
      return
    }
    // Changes that a sync brought in, from this network or another, need not go back out.
    if (change.cause === 'edit' && change.origin instanceof WebsocketProvider) return
    // A meta change is also an edit, handled as such.
    if (change.cause === 'trash' || change.cause === 'meta') return
    if (this.networkOf(change.id) !== this.access.network) return
    this.record.markChanged(change.id)
    this.tooLarge.delete(change.id)
    // An open document's live connection sends the change and is the only writer of its state.
    if (this.live.has(change.id)) return
    this.setState(change.id, 'local-only')
    this.enqueue(change.id)
  }

  private networkOf(id: string): string | undefined {
    try {
      return this.library.summary(id).meta.network
    } catch {
      return undefined
    }
  }

  /**
   * One round with the relay: fetch what it has, send what it lacks, wait until that is stored. Only
   * for a document that is not on this device, or is in this network on it: an id announced by the
   * relay may be any document's (docs/SYNC.md).
   */
  private async syncDocument(id: string, signal: AbortSignal): Promise<void> {
    const seq = this.announced.get(id)
    // What was announced of it is passed over, so the feed's cursor moves on: its next local change, or
    // the next start, syncs it with whatever the relay has by then.
    if (this.tooLarge.has(id)) return this.forget(id, seq)
    const local = this.localSummary(id)
    if (local && local.meta.network !== this.access.network) {
      const where = local.meta.network ? `in network ${local.meta.network}` : 'private'
      this.keepOut(id, `Network ${this.access.network} announced document ${id}, which is ${where} on this device; it was left alone.`)
      return this.forget(id, seq)
    }
    // An open document's own connection carries its changes both ways.
    if (this.live.has(id)) return this.forget(id, seq)
    let handle: DocumentHandle | null = null
    try {
      handle = await this.library.open(id)
    } catch (error) {
      // In the trash, it stays out of sync until restored.
      if (isCasebookError(error, 'UNKNOWN_DOCUMENT') && this.library.listTrash().some((summary) => summary.id === id)) return this.forget(id, seq)
      if (!isCasebookError(error, 'UNKNOWN_DOCUMENT')) throw error
    }
    const doc = handle?.doc ?? new Y.Doc({ guid: id })
    let reporting = true
    const connection = new DocumentConnection(this.access, doc, { onState: (state) => reporting && this.setBackgroundState(id, state) })
    try {
      // A document new to this device has no changes of its own to wait for.
      await connection.settled(signal, handle ? 'saved' : 'synced')
      reporting = false
      if (!handle && !(await this.adoptNew(id, doc, doc.store.clients.size > 0 ? adoptionProblem(doc, this.access.network) : null))) return this.forget(id, seq)
      this.setBackgroundState(id, this.access.role === 'viewer' ? 'synced' : 'saved')
      this.blobSync.want(imageBlobs(doc))
      this.forget(id, seq)
    } catch (error) {
      if (!isCasebookError(error, 'WRONG_NETWORK')) throw error
      this.keepOut(id, error.message)
      this.forget(id, seq)
    } finally {
      reporting = false
      connection.destroy()
      if (handle) await handle.close()
      else doc.destroy()
    }
  }

  /**
   * The relay takes a reference only to a document it holds, and refuses the round whole otherwise
   * (the copy is then mended, and the reference left out: repairAdaptations.ts). One to a document
   * this device has still to send (made offline, say, and adapted at once) waits for that document's
   * round: run side by side, the adaptations' would mostly reach the relay first.
   */
  private async syncAdaptations(signal: AbortSignal): Promise<void> {
    const copy = this.adaptationsCopy
    const queued = new Set(this.queue.ids())
    this.adaptationsWait = copy?.unsent === true && readAdaptationReferences(copy.doc).some(({ source }) => queued.has(source))
    if (!this.adaptationsWait) await this.syncRoom(ADAPTATIONS_DOCUMENT, copy, signal)
  }

  /** One round of a network room (the catalog, the adaptations) that this device keeps a copy of. */
  private async syncRoom(room: string, copy: NetworkRoomCopy | null, signal: AbortSignal): Promise<void> {
    const seq = this.announced.get(room)
    await copy?.sync(this.access, signal)
    this.forget(room, seq)
  }

  /**
   * One round of a document's side room, for one of this network's documents on this device (a side
   * room goes where its document goes: see syncDocument). One announced before its document arrived
   * waits for it (onLibraryChange).
   */
  private async syncSide(room: string, { side, document: id }: SideRoomOf, signal: AbortSignal): Promise<void> {
    const seq = this.announced.get(room)
    const local = this.localSummary(id)
    if (local?.meta.network === this.access.network && !local.trashedAt) {
      const fetch = this.sidesToFetch.delete(room)
      try {
        await syncSideRoom(this.library, this.access, side, id, fetch, signal)
      } catch (error) {
        if (fetch) this.sidesToFetch.add(room)
        throw error
      }
    } else if (local) this.sidesToFetch.delete(room)
    // Its document is still to arrive: the announcement stands, so that after a restart the feed
    // announces it again (keepOut lets it go, should the document be kept out).
    else if (this.announced.has(id)) return
    this.forget(room, seq)
  }

  /** The document's summary, in the library or its trash; undefined if no document has this id. */
  private localSummary(id: string): DocumentSummary | undefined {
    try {
      return this.library.summary(id)
    } catch (error) {
      if (isCasebookError(error, 'UNKNOWN_DOCUMENT')) return undefined
      throw error
    }
  }

  private keepOut(id: string, reason: string): void {
    // A side room announced before it waits for no document that will not come.
    for (const side of SIDE_ROOMS) {
      const room = side.roomOf(id)
      this.sidesToFetch.delete(room)
      this.forget(room, this.announced.get(room))
    }
    const key = `${id} ${reason}`
    if (this.keptOutReasons.has(key)) return
    this.keptOutReasons.add(key)
    this.events.onKeptOut(id, reason)
  }

  private done(id: string, error?: unknown): void {
    if (this.adaptationsWait && isDocumentId(id)) this.queue.add(ADAPTATIONS_DOCUMENT)
    // The last document synced: the images' pass may start.
    this.blobSync.kick()
    if (error === undefined) return
    // Neither a side room nor a network room is a document with a state of its own to show.
    const sideOf = readSideRoom(id)?.document
    if (sideOf || id === CATALOG_DOCUMENT || id === ADAPTATIONS_DOCUMENT) {
      this.events.onError(sideOf ?? id, error)
      return
    }
    if (isCasebookError(error, 'MESSAGE_TOO_LARGE')) this.tooLarge.add(id)
    this.setBackgroundState(id, 'local-only')
    this.events.onError(id, error)
  }

  /** The document is synced up to the change number `seq` it was announced with. */
  private forget(id: string, seq: number | undefined): void {
    if (seq !== undefined && this.announced.get(id) === seq) this.announced.delete(id)
    this.saveCursor()
  }

  private cursor(): number {
    let lowest = this.highestSeen
    for (const seq of this.announced.values()) lowest = Math.min(lowest, seq - 1)
    return lowest
  }

  private saveCursor(): void {
    void this.cursorSaves.run()
  }

  private async writeCursor(): Promise<void> {
    const cursor = this.cursor()
    if (cursor === this.savedCursor) return
    this.savedCursor = cursor
    // Losing it only means fetching some documents again, so a failure is not worth reporting.
    await mkdir(dirname(this.cursorPath), { recursive: true, mode: PRIVATE_DIR })
      .then(() => writeFileAtomic(this.cursorPath, JSON.stringify({ since: cursor })))
      .catch(() => {})
  }

  /**
   * A background sync may have started before the document was opened: from then on its live
   * connection is the only writer of the document's state.
   */
  private setBackgroundState(id: string, state: SyncState): void {
    if (!this.live.has(id)) this.setState(id, state)
  }

  private setState(id: string, state: SyncState): void {
    // A viewer has nothing to send: synced, it holds what the relay holds.
    if (state === 'saved' || (state === 'synced' && this.access.role === 'viewer')) this.record.markSaved(id)
    if (this.states.get(id) === state) return
    this.states.set(id, state)
    this.events.onState(id, state)
  }
}

async function readCursor(path: string): Promise<number> {
  try {
    const { since } = JSON.parse(await readFile(path, 'utf8')) as { since?: unknown }
    return Number.isSafeInteger(since) && (since as number) >= 0 ? (since as number) : 0
  } catch {
    return 0
  }
}
