/** One update to store, and the room it is for. */
export interface PendingUpdate {
  room: string
  update: Uint8Array
}

/** A room whose updates were written, and the change number they were given in its network. */
export interface RoomChange {
  room: string
  seq: number
}

/** A room's held-back update (see HeldBack) to store in place of the one stored, or null to delete it. */
export interface HeldBackRow {
  room: string
  update: Uint8Array | null
}

export interface StoredDocument {
  snapshot: Uint8Array | null
  updates: Uint8Array[]
  /** What Yjs held back of its updates when last stored: kept out of the updates and the snapshot. */
  heldBack: Uint8Array | null
}

/** What a compaction replaced: `updates` rows and `readBytes` (the snapshot included) by a snapshot of `snapshotBytes`. */
export interface Compacted {
  updates: number
  readBytes: number
  snapshotBytes: number
}

/**
 * Where the relay keeps documents: SQLite in one process (RelayStore), or Postgres shared by several
 * (PgDocumentStore). Only what `append` has resolved counts as stored.
 */
export interface DocumentStore {
  /** A room's snapshot, updates and held-back update, read together. */
  load(room: string): Promise<StoredDocument>
  /**
   * Writes every update (of any rooms) and the held-back rows given in one transaction, and gives each
   * room written the next change number of its network; resolves once all of it is durable. Numbers
   * of a network follow the order of the commits that took them, with no gaps.
   */
  append(pending: readonly PendingUpdate[], heldBack: readonly HeldBackRow[]): Promise<RoomChange[]>
  /**
   * Replaces a room's snapshot and the updates stored up to now with one snapshot; updates stored
   * meanwhile stay. Null when there was nothing to fold, or another process is compacting the room.
   */
  compact(room: string): Promise<Compacted | null>
  /** The rooms of a network changed after the given change number, oldest change first, each once. */
  changesAfter(network: string, seq: number): Promise<RoomChange[]>
  /** The network's latest change number; 0 if it has none. */
  latestChange(network: string): Promise<number>
  /** The bytes of a room's snapshot and updates, without reading them; 0 for a room with nothing stored. */
  storedBytes(room: string): Promise<number>
  /** Whether anything is stored for a room (a held-back update alone is not a document). */
  hasDocument(room: string): Promise<boolean>
  /** Throws unless the store answers: what /healthz asks. */
  check(): Promise<void>
  /** Waits for what is being written, then lets the store go. */
  close(): Promise<void>
}
