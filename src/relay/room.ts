import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { AnnouncedClients, type AwarenessChanges } from '../shared/protocol/announcedClients.js'
import { presenceEntries } from '../shared/protocol/awarenessFrames.js'
import type { Connection } from './connection.js'
import { HeldBack, type HeldOwner } from './heldBack.js'
import type { Unloadable } from './memoryCeiling.js'
import { NewContent } from './newContent.js'
import { RoomBroadcast } from './RoomBroadcast.js'
import type { Presences } from './presenceHolding.js'
import { scanCost } from './scanCost.js'
import { SLICE_ITEMS, slicesInTurns } from './slicesInTurns.js'
import type { StoredDocument } from './documentStore.js'

/** Why held-back structs were discarded: their scan past the budget, Yjs could not integrate them, past the cap, or they do not read. */
export type HeldBackDiscard = 'scan' | 'failed' | 'cap' | 'unreadable'

export interface RoomOptions {
  /** The most steps of Yjs's conflict scan (see scanCost) a retry of held-back structs may take: --max-update-scan. */
  maxUpdateScan: number
  /** Stores what the room applied itself (held-back structs it retried), and its held-back update as it is then. */
  store: (room: Room, updates: Uint8Array[]) => void
  /** The most bytes the room holds back of one sender's updates (see HeldBack): --max-message-bytes. */
  maxHeldBytes: number
  /** Told each time held-back structs or deletions were discarded, and why. */
  discarded: (room: Room, reason: HeldBackDiscard) => void
  /** Told if the stored state does not read, or could not be read. */
  loadFailed: (room: Room, error: Error) => void
  /** Told once the stored state is loaded, and of each update applied from then on, and each presence change, by whom (the origin). */
  loaded: (room: Room) => void
  applied: (room: Room, update: Uint8Array, origin: unknown) => void
  presenceChanged: (room: Room, clients: number[], origin: unknown) => void
}

/**
 * One loaded document and the connections editing it. Every update applied to the doc, whoever sent
 * it, is broadcast to the other connections; awareness (presence) likewise (both gathered a moment
 * when they come fast: RoomBroadcast), and a connection's presence is removed when it leaves.
 */
export class Room implements Unloadable {
  readonly doc = new Y.Doc()
  readonly awareness = new awarenessProtocol.Awareness(this.doc)
  /** Each connection, with its awareness client ids. */
  readonly connections = new Map<Connection, Presences>()
  /**
   * The invite (token id) holding each awareness client id with a state; only it may change that
   * presence. It is released when the state is withdrawn, times out, or leaves with its connection.
   */
  readonly owners = new Map<number, string>()
  /** Updates stored since the last snapshot. */
  updatesSinceSnapshot: number
  /** Bytes stored for the document (its snapshot and the updates since), counting updates on their way to the store; its held-back update apart. */
  storedBytes: number
  /** What Yjs holds back of the updates applied, out of the doc. */
  readonly heldBack: HeldBack
  /** When a client last joined or changed the document, for unloading the least recently used first. */
  lastActive = performance.now()
  private readonly broadcast = new RoomBroadcast((message, except) => {
    for (const connection of this.connections.keys()) if (connection !== except) connection.send(message)
  })

  /** What waits for the stored state to be loaded; null once it is. */
  private waiting: (() => void)[] | null = []
  private destroyed = false
  /** Whether a retry of held-back structs is scheduled. */
  private retrying = false

  /**
   * Once the stored state is read (frames that arrive meanwhile wait, in order, see `whenLoaded`),
   * loads it a slice a turn of the event loop (a large document takes seconds), then retries its
   * held-back update, then calls what waits for it; `loadFailed` if the stored state does not read.
   */
  constructor(
    readonly name: string,
    stored: Promise<StoredDocument>,
    private readonly options: RoomOptions,
  ) {
    this.heldBack = new HeldBack(this.doc, options.maxHeldBytes, (reason) => options.discarded(this, reason))
    this.updatesSinceSnapshot = 0
    this.storedBytes = 0
    this.awareness.setLocalState(null)
    this.awareness.on('update', (changes: AwarenessChanges, origin: unknown) => {
      this.hold(changes, origin)
      this.release(changes.removed)
      const clients = [...changes.added, ...changes.updated, ...changes.removed]
      this.broadcast.addPresence(presenceEntries(this.awareness, clients))
      options.presenceChanged(this, clients, origin)
    })
    stored.then(
      (read) => {
        if (!this.destroyed) this.load(read)
      },
      (error: Error) => {
        if (!this.destroyed) options.loadFailed(this, error)
      },
    )
  }

  private load(stored: StoredDocument): void {
    const { options } = this
    // Held from the start, so that whatever the room stores of it while it loads keeps it.
    if (stored.heldBack) this.heldBack.load(stored.heldBack)
    this.updatesSinceSnapshot = stored.updates.length
    this.storedBytes = stored.updates.reduce((bytes, update) => bytes + update.byteLength, stored.snapshot?.byteLength ?? 0)
    const parts = (stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates).values()
    let slices: Iterator<Uint8Array | null, void> | null = null
    // A turn applies one slice, or reads a slice's worth of a stored update.
    const loadNext = () => {
      if (this.destroyed) return
      try {
        let slice = slices?.next()
        while (!slice || slice.done) {
          slices = nextSlices(parts)
          if (!slices) {
            // The stored held-back update, and what older relays stored whole, held back: a group a turn.
            if (this.retryNext()) break
            return this.loaded()
          }
          slice = slices.next()
        }
        if (slice?.value) {
          Y.applyUpdate(this.doc, slice.value)
          // Stored by older relays, which stored an update that left something held back whole.
          this.setAside(null)
        }
      } catch (error) {
        return options.loadFailed(this, error as Error)
      }
      setImmediate(loadNext)
    }
    loadNext()
  }

  /** Whether its stored state is still being applied: nothing is sent to its connections until it is. */
  get loading(): boolean {
    return this.waiting !== null
  }

  /** Calls `then` once the stored state is loaded: now, if it is. */
  whenLoaded(then: () => void): void {
    if (this.waiting) this.waiting.push(then)
    else then()
  }

  private loaded(): void {
    // Updates applied from now on are broadcast: the stored state is not.
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      this.lastActive = performance.now()
      this.broadcast.addUpdate(update, origin)
      this.options.applied(this, update, origin)
    })
    const waiting = this.waiting ?? []
    this.waiting = null
    for (const then of waiting) then()
    this.options.loaded(this)
  }

  /** Moves out of the doc what Yjs held back of the update just applied, held for its sender (see HeldBack): call it after each. */
  setAside(owner: HeldOwner): void {
    this.heldBack.take(owner)
  }

  /**
   * Retries, from the next turn on, a group of held-back structs a turn, while the doc holds something
   * one waits for: call it after each update stored. A retry has a scan budget of its own, charged to
   * nobody, and its own turn, so that no turn takes more than one budget's scan.
   */
  retryHeldBack(): void {
    if (this.retrying || this.loading || !this.heldBack.reached()) return
    this.retrying = true
    setImmediate(() => {
      this.retrying = false
      if (!this.destroyed && this.retryNext()) this.retryHeldBack()
    })
  }

  /** Retries one group of held-back structs the doc now holds something for; returns whether there was one. */
  private retryNext(): boolean {
    const held = this.heldBack.next()
    if (!held) return false
    this.retry(held)
    return true
  }

  /**
   * Applies a group of held-back structs as Yjs would retry it, the room as its origin (so that it is
   * broadcast to every connection), and sets aside what is still missing; unless its conflict scan
   * would pass the budget, or Yjs fails to integrate it: then it is discarded, charged to nobody (its
   * sender's client still holds it, and sends it again at its next sync, charged to it then). What
   * integrated is stored. It never throws: it runs in no sender's handler.
   */
  private retry({ owner, update: held }: { owner: HeldOwner; update: Uint8Array }): void {
    const content = new NewContent(this.doc, this)
    let discarded: HeldBackDiscard | null = null
    try {
      if (scanCost(this.doc, held, this.options.maxUpdateScan).over) discarded = 'scan'
      else content.apply(held)
    } catch {
      discarded = 'failed'
    } finally {
      content.stop()
      this.setAside(owner)
    }
    if (discarded) this.options.discarded(this, discarded)
    // Retried and held back again as it was, it changed nothing to store.
    if (content.fresh.length === 0 && !discarded) return
    for (const update of content.fresh) this.storedBytes += update.byteLength
    this.options.store(this, content.fresh)
  }

  join(connection: Connection): void {
    this.lastActive = performance.now()
    this.connections.set(connection, { held: new AnnouncedClients(), announced: new Set() })
  }

  /**
   * Removes a connection and the presence it holds, and forgets the clocks of the ids it set that
   * nobody holds now: y-protocols keeps a withdrawn id's clock for good, and a connection that kept
   * setting new ids would otherwise grow the room without end.
   */
  leave(connection: Connection): void {
    const presences = this.connections.get(connection)
    if (!presences) return
    this.connections.delete(connection)
    awarenessProtocol.removeAwarenessStates(this.awareness, [...presences.held], null)
    for (const client of presences.announced) if (!this.awareness.states.has(client)) this.awareness.meta.delete(client)
  }

  /**
   * Records who holds the presence a connection just set. A client id its invite already holds on
   * another connection (a page that reconnected) moves to this one, so that the old connection's
   * leaving does not withdraw it.
   */
  private hold(changes: AwarenessChanges, origin: unknown): void {
    for (const [connection, { held, announced }] of this.connections) {
      const byConnection = connection === origin
      for (const client of held.record(changes, byConnection)) this.owners.set(client, connection.tokenId)
      if (byConnection) for (const client of [...changes.added, ...changes.updated]) announced.add(client)
    }
  }

  /** Presences withdrawn, timed out or gone with their connection belong to nobody: anyone may take the id. */
  private release(removed: number[]): void {
    for (const client of removed) {
      for (const { held } of this.connections.values()) held.delete(client)
      this.owners.delete(client)
    }
  }

  destroy(): void {
    this.destroyed = true
    // After the awareness, whose destroy withdraws the room's own state: nothing is gathered after.
    this.awareness.destroy()
    this.broadcast.stop()
    this.doc.destroy()
  }
}

/** The slices of the next stored update, or null when none is left. */
function nextSlices(parts: Iterator<Uint8Array>): Iterator<Uint8Array | null, void> | null {
  const part = parts.next()
  return part.done ? null : slicesInTurns(part.value, SLICE_ITEMS)
}
