import type { Logger } from 'pino'
import { Compactor, type Writes } from './compactor.js'
import type { Compacted, DocumentStore, HeldBackRow, PendingUpdate, RoomChange, StoredDocument } from './documentStore.js'
import type { RelayStore } from './store.js'

/**
 * The documents of a relay that runs alone, in its SQLite database (RelayStore). An append is written
 * in one transaction on the event loop and made durable by one fdatasync off it. While the
 * compaction worker writes (the database has one writer at a time, and the event loop must not wait
 * for its lock), appends wait in memory.
 */
export class SqliteDocuments implements DocumentStore, Writes {
  private readonly compactor: Compactor
  /** Resolves when the compaction worker has written; null while nothing holds the writes. */
  private held: { released: Promise<void>; release: () => void } | null = null
  private appending: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly store: RelayStore,
    dataDir: string,
    log: Logger,
  ) {
    this.compactor = new Compactor(dataDir, this, log)
  }

  load(room: string): Promise<StoredDocument> {
    return Promise.resolve(this.store.load(room))
  }

  append(pending: readonly PendingUpdate[], heldBack: readonly HeldBackRow[]): Promise<RoomChange[]> {
    const appended = (async () => {
      while (this.held) await this.held.released
      const changes = this.store.append(pending, heldBack)
      await this.store.sync()
      return changes
    })()
    this.appending = appended.catch(() => {})
    return appended
  }

  compact(room: string): Promise<Compacted | null> {
    return this.compactor.compact(room)
  }

  changesAfter(network: string, seq: number): Promise<RoomChange[]> {
    return Promise.resolve(this.store.changesAfter(network, seq))
  }

  latestChange(network: string): Promise<number> {
    return Promise.resolve(this.store.latestChange(network))
  }

  storedBytes(room: string): Promise<number> {
    return Promise.resolve(this.store.storedBytes(room))
  }

  hasDocument(room: string): Promise<boolean> {
    return Promise.resolve(this.store.hasDocument(room))
  }

  check(): Promise<void> {
    this.store.check()
    return Promise.resolve()
  }

  /** Waits for the last append and the compaction worker; the relay closes the database itself (its workshops and blobs share it). */
  async close(): Promise<void> {
    await this.appending
    await this.compactor.close()
  }

  hold(): void {
    let release = () => {}
    const released = new Promise<void>((resolve) => (release = resolve))
    this.held = { released, release }
  }

  release(): void {
    const held = this.held
    this.held = null
    held?.release()
  }
}
