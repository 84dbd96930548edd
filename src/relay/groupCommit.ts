import type { Logger } from 'pino'
import type { Connection } from './connection.js'
import type { DocumentStore, RoomChange } from './documentStore.js'
import type { RelayMetrics } from './metrics.js'
import type { Room } from './room.js'

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
 * Stores the updates received while the store was busy in one append (one transaction, made durable
 * once: an fdatasync for SQLite, a COMMIT for Postgres), with the held-back update (see HeldBack) of
 * each room they are for as it is then. One append runs at a time; the relay goes on applying and
 * fanning out updates meanwhile, and what arrives waits for the next. Only once an append has resolved
 * are its updates counted as stored and their senders told.
 */
export class GroupCommit {
  private pending: Received[] = []
  private writing: Promise<void> | null = null

  constructor(
    private readonly store: DocumentStore,
    private readonly metrics: RelayMetrics,
    private readonly log: Logger,
    private readonly compactEvery: number,
    /** Asked to compact a room that has stored `compactEvery` updates since its snapshot. */
    private readonly compact: (room: Room) => void,
    private readonly onStorageFailure: (rooms: Set<Room>) => void,
    /** Told of the rooms whose updates have become durable, for the networks' feeds, with the mark taken as their batch was. */
    private readonly onDurable: (changes: RoomChange[], mark: number) => void,
    /** A mark of what was received so far, taken as each batch is (the relay's count of updates published). */
    private readonly mark: () => number,
  ) {}

  add(received: Received): void {
    this.pending.push(received)
    // The next turn, so that what arrives in this one shares the append.
    this.writing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.write())
  }

  /** Resolves once everything received so far is durable (or has failed). */
  async settled(): Promise<void> {
    while (this.writing) await this.writing
  }

  private async write(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending
      this.pending = []
      const mark = this.mark()
      const updates = stored(batch)
      let changes: RoomChange[]
      try {
        const heldBack = [...new Set(batch.map(({ room }) => room))].map((room) => ({ room: room.name, update: room.heldBack.update }))
        changes = await this.store.append(
          updates.map(({ room, update }) => ({ room: room.name, update })),
          heldBack,
        )
      } catch (error) {
        this.fail(batch, error)
        continue
      }
      this.metrics.stored(
        updates.length,
        updates.reduce((bytes, { update }) => bytes + update.byteLength, 0),
      )
      for (const { room } of updates) room.updatesSinceSnapshot += 1
      for (const room of new Set(updates.map(({ room }) => room))) if (room.updatesSinceSnapshot >= this.compactEvery) this.compact(room)
      const acknowledged = new Map<Connection, number>()
      for (const { connection, count } of batch) if (connection) acknowledged.set(connection, Math.max(count, acknowledged.get(connection) ?? 0))
      for (const [connection, count] of acknowledged) connection.stored(count)
      this.onDurable(changes, mark)
    }
    this.writing = null
  }

  private fail(batch: Received[], error: unknown): void {
    this.log.error({ err: error }, 'could not store updates; closing the connections that sent them')
    this.onStorageFailure(new Set(batch.map((received) => received.room)))
  }
}

function stored(batch: Received[]): { room: Room; update: Uint8Array }[] {
  return batch.flatMap(({ room, updates }) => updates.map((update) => ({ room, update })))
}
