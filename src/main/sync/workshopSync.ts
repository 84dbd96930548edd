import type { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { deferred } from '../../shared/deferred.js'
import { isCasebookError } from '../../shared/errors.js'
import type { JoinedWorkshop } from '../../shared/model/settings.js'
import type { SyncState } from '../../shared/model/syncState.js'
import type { Member } from '../../shared/protocol/messages.js'
import { mayWrite } from '../../shared/protocol/invite.js'
import { type WorkshopEnd, workshopEndOf } from '../../shared/protocol/workshops.js'
import type { DocumentHandle } from '../library/documentHandle.js'
import type { DocumentSummary, Library, LibraryChange } from '../library/library.js'
import { BlobSync } from './blobSync.js'
import { BlobsOnRelay, blobsOnRelayPath } from './BlobsOnRelay.js'
import { ConnectedComments } from './connectedComments.js'
import { DocumentConnection, type RelayAccess } from './documentConnection.js'
import type { JoinedSync } from './joinedSync.js'
import { adoptionProblem } from './networkBoundary.js'
import type { Standing } from './SavedRecord.js'

/** setTimeout's longest delay; a workshop lasts a day at most, so this only guards a wrong clock. */
const LONGEST_TIMER_MS = 2 ** 31 - 1

/**
 * How long past its end, by this computer's clock, a workshop still connected waits for the relay to
 * end it (4407): the relay's clock is the one that counts, and a clock running fast must not cut off
 * the last edits.
 */
const CLOCK_GRACE_MS = 60_000

export interface WorkshopSyncEvents {
  onState(documentId: string, state: SyncState): void
  onOnline(online: boolean): void
  /** The relay refused the session's token for another reason than the workshop's end. */
  onRefused(reason: string): void
  onError(documentId: string, error: unknown): void
  onKeptOut(documentId: string, reason: string): void
  /** The workshop is over for this device; told once. */
  onEnded(why: WorkshopEnd): void
  /** An image the document references arrived in the library. */
  onBlobArrived(hash: string): void
  /** An image could not be fetched or sent (BlobSync); it is tried again later. */
  onBlobError(hash: string, error: unknown): void
}

/**
 * The sync of a workshop joined with its code (docs/SYNC.md, Workshops). Its token opens only the
 * workshop's document and that document's comments, not the network's feed, so nothing announces
 * changes: both rooms stay connected while the workshop runs. The document is adopted into the
 * library when it first arrives, under the same checks as a network's (it must be a Casebook document
 * of this network); from then on the library's copy is the one connected. The relay's close codes
 * for an ended workshop or a removed guest end it (`onEnded`); so does its end time by this computer's
 * clock, while not connected, or a while after it (CLOCK_GRACE_MS) if the relay has not ended it.
 * The document's images sync as a network's do (BlobSync), with the session token, which reaches only
 * the images the document on the relay references: each pass waits until the relay holds the
 * document as it is here.
 */
export class WorkshopSync implements JoinedSync {
  readonly catalog = null
  readonly adaptations = null
  readonly progress = undefined
  /** The relay tells who is online over the feed, which a workshop's token cannot open. */
  readonly onlineMembers: Member[] = []
  private readonly id: string
  private handle: DocumentHandle | null = null
  /** The connection of the document while no editor has it open (then `live` is its connection). */
  private background: DocumentConnection | null = null
  private live: DocumentConnection | null = null
  /** The first fetch of a document not on this device yet, into a doc of its own. */
  private fetching: { doc: Y.Doc; connection: DocumentConnection; adopting: boolean } | null = null
  private comments: ConnectedComments | null = null
  private current: SyncState = 'local-only'
  private online = false
  private seenAt: string | null = null
  /** Stopped, or the workshop ended: nothing connects again. */
  private over = false
  private endedWhy: WorkshopEnd | null = null
  private readonly endsAt: number
  private endTimer: NodeJS.Timeout
  private readonly stopWatching: () => void
  /** Attaching and letting go run one at a time. */
  private steps: Promise<void> = Promise.resolve()
  private readonly arrival = deferred()
  /** The images the document references. */
  private readonly blobSync: BlobSync
  /** Where the document's sync ends: saved, or synced where the token may not write. */
  private readonly goal: SyncState
  private stopImages = () => {}

  private constructor(
    private readonly library: Library,
    private readonly access: RelayAccess,
    workshop: JoinedWorkshop,
    private readonly events: WorkshopSyncEvents,
    blobsOnRelay: BlobsOnRelay,
  ) {
    this.id = workshop.document
    this.endsAt = workshop.endsAt
    this.goal = mayWrite(access.role, this.id) ? 'saved' : 'synced'
    this.endTimer = this.timer(workshop.endsAt)
    // The relay answers only for images its copy of the document references, and takes an image only
    // once that copy does: until it holds the document as it is here, a pass would be refused.
    this.blobSync = new BlobSync(
      library.blobs,
      access,
      blobsOnRelay,
      { onArrived: (hash) => events.onBlobArrived(hash), onError: (hash, error) => events.onBlobError(hash, error), onProgress: () => {} },
      () => !this.handle || this.current !== this.goal,
    )
    this.stopWatching = library.watch((change) => this.onLibraryChange(change))
  }

  static async start(library: Library, access: RelayAccess, dataDir: string, workshop: JoinedWorkshop, events: WorkshopSyncEvents): Promise<WorkshopSync> {
    const sync = new WorkshopSync(library, access, workshop, events, await BlobsOnRelay.open(blobsOnRelayPath(dataDir, access.network)))
    sync.attach()
    return sync
  }

  get isOnline(): boolean {
    return this.online
  }

  get standing(): Standing {
    return { asOf: this.online ? new Date().toISOString() : this.seenAt, isSaved: (id) => id === this.id && this.current === 'saved' }
  }

  state(documentId: string): SyncState {
    return documentId === this.id ? this.current : 'local-only'
  }

  /** Resolves with whether the document is in the library, once it is or after `timeoutMs`. */
  async arrived(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs)
    })
    try {
      return await Promise.race([this.arrival.promise.then(() => true), late])
    } finally {
      clearTimeout(timer)
    }
  }

  /** Its comments room is always connected, and its token opens no other. */
  fetchSide(): void {}

  /** The document open in an editor takes the place of its background connection, with the editors' presence. */
  connectLive(id: string, doc: Y.Doc, awareness: Awareness): () => void {
    if (id !== this.id || this.over) return () => {}
    this.dropBackground()
    const connection = this.connect(doc, awareness)
    this.live = connection
    return () => {
      if (this.live !== connection) return
      // Let go first, so that its last state (local-only, as it is destroyed) is not reported as the document's.
      this.live = null
      connection.destroy()
      if (!this.over && this.handle) this.background = this.connect(this.handle.doc)
    }
  }

  /**
   * Lets go of the library's copy (for it to be moved to the trash); `holdAgain` takes it again
   * unless it went to the trash meanwhile.
   */
  async letGo(id: string): Promise<() => void> {
    if (id !== this.id) return () => {}
    await this.step(() => this.release())
    return () => this.attach()
  }

  async stop(): Promise<void> {
    this.over = true
    clearTimeout(this.endTimer)
    this.stopWatching()
    const { fetching, live } = this
    this.fetching = null
    this.live = null
    fetching?.connection.destroy()
    fetching?.doc.destroy()
    live?.destroy()
    await this.step(() => this.release())
    this.setOnline(false)
    await this.blobSync.stop()
  }

  private onLibraryChange(change: LibraryChange): void {
    if (change.id !== this.id) return
    if (change.cause === 'restore' || change.cause === 'adopt') this.attach()
  }

  /** Connects the library's copy, fetching it first if it is not on this device yet. */
  private attach(): void {
    void this.step(async () => {
      if (this.over || this.handle) return
      const local = this.localSummary()
      if (!local) return this.fetchNew()
      // In the trash, it waits to be restored.
      if (local.trashedAt) return
      if (local.meta.network !== this.access.network) {
        const where = local.meta.network ? `in network ${local.meta.network}` : 'private'
        return this.events.onKeptOut(
          this.id,
          `The workshop of network ${this.access.network} is on document ${this.id}, which is ${where} on this device; it was left alone.`,
        )
      }
      this.handle = await this.library.open(this.id)
      this.comments = await ConnectedComments.open(this.library, this.access, this.id, (error) => this.events.onError(this.id, error))
      this.watchClose(this.comments.connection)
      if (!this.live) this.background = this.connect(this.handle.doc)
      // The library's copy is the doc an editor has open too: its images are followed whichever connection carries it.
      this.stopImages = this.blobSync.follow(this.handle.doc)
      this.arrival.resolve()
    }).catch((error: unknown) => this.events.onError(this.id, error))
  }

  private async release(): Promise<void> {
    this.stopImages()
    this.stopImages = () => {}
    this.dropBackground()
    await this.comments?.close()
    this.comments = null
    await this.handle?.close()
    this.handle = null
  }

  /** The document's first arrival: fetched into a doc of its own, then adopted if it is one of this network's Casebook documents. */
  private fetchNew(): void {
    if (this.fetching) return
    const doc = new Y.Doc({ guid: this.id })
    const fetching = { doc, connection: this.connect(doc), adopting: false }
    this.fetching = fetching
    const adopt = async () => {
      const { state } = fetching.connection
      if (this.fetching !== fetching || fetching.adopting || (state !== 'synced' && state !== 'saved') || doc.store.clients.size === 0) return
      fetching.adopting = true
      const problem = adoptionProblem(doc, this.access.network)
      try {
        if (problem)
          this.events.onKeptOut(
            this.id,
            `Network ${this.access.network} sent document ${this.id}, which is not one of its Casebook documents (${problem}); nothing was stored.`,
          )
        else await this.library.adopt(this.id, Y.encodeStateAsUpdate(doc))
      } catch (error) {
        if (!isCasebookError(error, 'DOCUMENT_EXISTS')) this.events.onError(this.id, error)
      } finally {
        if (this.fetching === fetching) this.fetching = null
        fetching.connection.destroy()
        doc.destroy()
      }
      if (!problem) this.attach()
    }
    // Once the handshake is done, or, for a document still empty on the relay, once its first content comes.
    fetching.connection.provider.on('sync', () => void adopt())
    doc.on('update', () => void adopt())
  }

  private dropBackground(): void {
    const background = this.background
    this.background = null
    background?.destroy()
  }

  private connect(doc: Y.Doc, awareness?: Awareness): DocumentConnection {
    const connection: DocumentConnection = new DocumentConnection(this.access, doc, {
      ...(awareness ? { awareness } : {}),
      onState: (state) => {
        if (connection === (this.live ?? this.background ?? this.fetching?.connection)) this.report(state)
      },
      onEnded: (error) => {
        if (this.endedWhy) return
        if (error.code === 'WRONG_NETWORK') return this.events.onKeptOut(this.id, error.message)
        if (error.code === 'ACCESS_REFUSED') this.events.onRefused(String(error.params?.['why'] ?? error.message))
        this.events.onError(this.id, error)
      },
    })
    this.watchClose(connection)
    return connection
  }

  /** A close code that ends the workshop (workshopEndOf) is seen before the connection reports its end as an error. */
  private watchClose(connection: DocumentConnection): void {
    connection.provider.on('connection-close', (event: { code: number } | null) => {
      const why = event ? workshopEndOf(event.code) : null
      if (why) this.end(why)
    })
  }

  private timer(at: number): NodeJS.Timeout {
    return setTimeout(() => this.clockEnd(), Math.min(Math.max(0, at - Date.now()), LONGEST_TIMER_MS))
  }

  /**
   * The end time came by this computer's clock: offline (at start-up, say), nothing else can end the
   * workshop; connected, the relay ends it, and this clock only once CLOCK_GRACE_MS more have passed.
   */
  private clockEnd(): void {
    if (this.online && Date.now() < this.endsAt + CLOCK_GRACE_MS) this.endTimer = this.timer(this.endsAt + CLOCK_GRACE_MS)
    else this.end('ended')
  }

  private end(why: WorkshopEnd): void {
    if (this.endedWhy || this.over) return
    this.endedWhy = why
    this.over = true
    this.events.onEnded(why)
  }

  private report(state: SyncState): void {
    this.setOnline(state === 'synced' || state === 'saved')
    if (state === this.current) return
    this.current = state
    this.events.onState(this.id, state)
    // The relay may hold the document as it is here now: the images' pass may start.
    this.blobSync.kick()
  }

  private setOnline(online: boolean): void {
    if (online === this.online) return
    if (!online) this.seenAt = new Date().toISOString()
    this.online = online
    this.blobSync.online(online)
    this.events.onOnline(online)
  }

  private localSummary(): DocumentSummary | undefined {
    try {
      return this.library.summary(this.id)
    } catch (error) {
      if (isCasebookError(error, 'UNKNOWN_DOCUMENT')) return undefined
      throw error
    }
  }

  private step(task: () => Promise<void>): Promise<void> {
    const run = this.steps.then(task)
    this.steps = run.catch(() => {})
    return run
  }
}
