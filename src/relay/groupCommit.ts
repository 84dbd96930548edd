import type { Logger } from 'pino'
import type { Writes } from './compactor.js'
import type { Connection } from './connection.js'
import type { RelayMetrics } from './metrics.js'
import type { Room } from './room.js'
import type { RelayStore, RoomChange } from './store.js'

export interface Received {
  room: Room
  /** What an update message brought to store: nothing, or the new part of each transaction it took. */
  updates: Uint8Array[]
  /** Who to tell once they are stored: null for what the room applied itself (held-back structs it retried). */
  connection: Connection | null
  /** How many update messages this connection had sent, this one included. */
  count: number
}

/**
 * Stores every update received in one turn of the event loop in one SQLite transaction, with the
 * held-back update (see HeldBack) of each room they are for as it is then, and makes
 * them durable with one fdatasync, run off the event loop: the relay goes on fanning out updates
 * while the disk catches up. Only once that sync has returned are the updates counted as stored and
 * their senders told. One sync runs at a time; updates written meanwhile share the next one. While
 * the compaction worker writes, updates wait in memory (the database has one writer at a time, and
 * the event loop must not wait for the lock).
 */
export class GroupCommit implements Writes {
  private pending: Received[] = []
  private scheduled = false
  private held = false
  /** Written to the database, waiting for a sync. */
  private written: Received[] = []
  private writtenChanges: RoomChange[] = []
  private syncing: Promise<void> | null = null

  constructor(
    private readonly store: RelayStore,
    private readonly metrics: RelayMetrics,
    private readonly log: Logger,
    private readonly compactEvery: number,
    /** Asked to compact a room that has stored `compactEvery` updates since its snapshot. */
    private readonly compact: (room: Room) => void,
    private readonly onStorageFailure: (rooms: Set<Room>) => void,
    /** Told of the rooms whose updates have become durable, for the networks' feeds. */
    private readonly onDurable: (changes: RoomChange[]) => void,
  ) {}

  add(received: Received): void {
    this.pending.push(received)
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => this.flush())
    }
  }

  hold(): void {
    this.held = true
  }

  release(): void {
    this.held = false
    this.flush()
  }

  /** Writes what is pending now, unless writes are held; also called before a room is unloaded and on shutdown. */
  flush(): void {
    this.scheduled = false
    if (this.held) return
    const batch = this.pending
    this.pending = []
    if (batch.length === 0) return
    const updates = stored(batch)
    try {
      const heldBack = [...new Set(batch.map(({ room }) => room))].map((room) => ({ room: room.name, update: room.heldBack.update }))
      this.writtenChanges.push(
        ...this.store.append(
          updates.map(({ room, update }) => ({ room: room.name, update })),
          heldBack,
        ),
      )
    } catch (error) {
      this.fail(batch, error)
      return
    }
    for (const { room } of updates) room.updatesSinceSnapshot += 1
    for (const room of new Set(updates.map(({ room }) => room))) if (room.updatesSinceSnapshot >= this.compactEvery) this.compact(room)
    this.written.push(...batch)
    this.syncing ??= this.sync()
  }

  /** Resolves once everything written so far is durable (or has failed). */
  async settled(): Promise<void> {
    while (this.syncing) await this.syncing
  }

  private async sync(): Promise<void> {
    while (this.written.length > 0) {
      const batch = this.written
      const changes = this.writtenChanges
      this.written = []
      this.writtenChanges = []
      try {
        await this.store.sync()
      } catch (error) {
        this.fail(batch, error)
        continue
      }
      const updates = stored(batch)
      this.metrics.stored(
        updates.length,
        updates.reduce((bytes, { update }) => bytes + update.byteLength, 0),
      )
      const acknowledged = new Map<Connection, number>()
      for (const { connection, count } of batch) if (connection) acknowledged.set(connection, Math.max(count, acknowledged.get(connection) ?? 0))
      for (const [connection, count] of acknowledged) connection.stored(count)
      if (changes.length > 0) this.onDurable(changes)
    }
    this.syncing = null
  }

  private fail(batch: Received[], error: unknown): void {
    this.log.error({ err: error }, 'could not store updates; closing the connections that sent them')
    this.onStorageFailure(new Set(batch.map((received) => received.room)))
  }
}

function stored(batch: Received[]): { room: Room; update: Uint8Array }[] {
  return batch.flatMap(({ room, updates }) => updates.map((update) => ({ room, update })))
}
