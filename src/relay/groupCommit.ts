import type { Logger } from 'pino'
import * as Y from 'yjs'
import type { Connection } from './connection.js'
import type { RelayMetrics } from './metrics.js'
import type { Room } from './room.js'
import type { RelayStore } from './store.js'

export interface Received {
  room: Room
  /** null for an update message that brought nothing to store. */
  update: Uint8Array | null
  connection: Connection
  /** How many update messages this connection had sent, this one included. */
  count: number
}

/**
 * Stores every update received in one turn of the event loop in one SQLite transaction, so that a
 * busy workshop costs one fsync per turn rather than one per keystroke. Only then are the senders told
 * that their updates are stored, and rooms that have gathered many updates are compacted.
 */
export class GroupCommit {
  private pending: Received[] = []
  private scheduled = false

  constructor(
    private readonly store: RelayStore,
    private readonly metrics: RelayMetrics,
    private readonly log: Logger,
    private readonly compactEvery: number,
    private readonly onStorageFailure: (rooms: Set<Room>) => void,
  ) {}

  add(received: Received): void {
    this.pending.push(received)
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => this.flush())
    }
  }

  /** Stores what is pending now; also called before a room is unloaded and on shutdown. */
  flush(): void {
    this.scheduled = false
    const batch = this.pending
    this.pending = []
    if (batch.length === 0) return
    const updates = batch.filter((received): received is Received & { update: Uint8Array } => received.update !== null)
    try {
      this.store.append(updates.map(({ room, update }) => ({ room: room.name, update })))
    } catch (error) {
      this.log.error({ err: error }, 'could not store updates; closing the connections that sent them')
      this.onStorageFailure(new Set(batch.map((received) => received.room)))
      return
    }
    this.metrics.stored(updates.length, updates.reduce((bytes, { update }) => bytes + update.byteLength, 0))
    const acknowledged = new Map<Connection, number>()
    for (const { connection, count } of batch) acknowledged.set(connection, Math.max(count, acknowledged.get(connection) ?? 0))
    for (const [connection, count] of acknowledged) connection.stored(count)
    for (const { room } of updates) room.updatesSinceSnapshot += 1
    for (const room of new Set(updates.map(({ room }) => room))) if (room.updatesSinceSnapshot >= this.compactEvery) this.compact(room)
  }

  compact(room: Room): void {
    try {
      this.store.compact(room.name, Y.encodeStateAsUpdate(room.doc))
      room.updatesSinceSnapshot = 0
    } catch (error) {
      // The updates stay stored; the next compaction tries again.
      this.log.error({ err: error, room: room.name }, 'could not compact a document')
    }
  }
}
