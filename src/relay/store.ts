import Database from 'better-sqlite3'
import { closeSync, fdatasync, openSync } from 'node:fs'
import { join } from 'node:path'
import * as Y from 'yjs'
import { parseRoomName } from '../shared/protocol/rooms.js'
import { makePrivateDataDir, makePrivateFile } from './privateDataDir.js'
import { BlobStore } from './blobStore.js'
import type { HeldBackRow, PendingUpdate, RoomChange, StoredDocument } from './documentStore.js'
import { WorkshopStore } from './workshopStore.js'

/** A room's stored state, and the row of the last of its updates read. */
export interface StoredUpTo extends StoredDocument {
  upTo: number
}

/**
 * The relay's durable state in one SQLite database: each room's snapshot and the updates since, the
 * revoked invite tokens, the workshops (WorkshopStore) and the networks' blobs (BlobStore). The `casebook revoke` and `casebook
 * workshop start` commands write to the same database from another process.
 *
 * Durability: the database is in WAL mode with synchronous=NORMAL, so a commit only writes its pages
 * to the write-ahead log, and `sync()` then fdatasyncs the log on libuv's thread pool. Once it
 * returns, every transaction committed before it survives a power cut, as with synchronous=FULL; but
 * the event loop never waits for the disk. (FULL would fsync inside each commit, on the event loop:
 * 2–3 ms at a time here, during which no frame is fanned out.) Checkpoints sync the log and the
 * database themselves before the log is reused.
 */
export class RelayStore {
  private readonly db: Database.Database
  readonly workshops: WorkshopStore
  readonly blobs: BlobStore
  private readonly wal: number
  private readonly statements
  /** Each network's latest change number, read from the database the first time it is needed. */
  private readonly latest = new Map<string, number>()

  constructor(dataDir: string) {
    makePrivateDataDir(dataDir)
    const path = join(dataDir, 'relay.sqlite')
    makePrivateFile(path)
    this.db = new Database(path)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = NORMAL')
    // A revoke from another process waits for a moment rather than failing on a busy database.
    this.db.pragma('busy_timeout = 5000')
    this.db.exec(`
      create table if not exists snapshots (room text primary key, state blob not null);
      create table if not exists updates (id integer primary key, room text not null, data blob not null);
      create index if not exists updates_by_room on updates (room, id);
      create table if not exists revoked (token_id text primary key, revoked_at text not null);
      create table if not exists changes (room text primary key, network text not null, seq integer not null);
      create index if not exists changes_by_network on changes (network, seq);
      create table if not exists held_back (room text primary key, data blob not null);
    `)
    this.statements = {
      answers: this.db.prepare<[], { tables: number }>('select count(*) as tables from sqlite_master'),
      snapshot: this.db.prepare<[string], { state: Buffer }>('select state from snapshots where room = ?'),
      updates: this.db.prepare<[string], { id: number; data: Buffer }>('select id, data from updates where room = ? order by id'),
      hasDocument: this.db.prepare<[string, string], { found: number }>(
        'select 1 as found where exists (select 1 from snapshots where room = ?) or exists (select 1 from updates where room = ?)',
      ),
      insertUpdate: this.db.prepare<[string, Uint8Array]>('insert into updates (room, data) values (?, ?)'),
      putSnapshot: this.db.prepare<[string, Uint8Array]>(
        'insert into snapshots (room, state) values (?, ?) on conflict (room) do update set state = excluded.state',
      ),
      storedBytes: this.db.prepare<[string, string], { bytes: number }>(
        'select coalesce((select length(state) from snapshots where room = ?), 0) + coalesce((select sum(length(data)) from updates where room = ?), 0) as bytes',
      ),
      heldBack: this.db.prepare<[string], { data: Buffer }>('select data from held_back where room = ?'),
      putHeldBack: this.db.prepare<[string, Uint8Array]>(
        'insert into held_back (room, data) values (?, ?) on conflict (room) do update set data = excluded.data',
      ),
      deleteHeldBack: this.db.prepare<[string]>('delete from held_back where room = ?'),
      deleteUpdatesUpTo: this.db.prepare<[string, number]>('delete from updates where room = ? and id <= ?'),
      revoke: this.db.prepare<[string, string]>('insert into revoked (token_id, revoked_at) values (?, ?) on conflict do nothing'),
      isRevoked: this.db.prepare<[string], { found: number }>('select 1 as found from revoked where token_id = ?'),
      revokedAfter: this.db.prepare<[number], { rowid: number; token_id: string }>('select rowid, token_id from revoked where rowid > ? order by rowid'),
      latestChange: this.db.prepare<[string], { seq: number | null }>('select max(seq) as seq from changes where network = ?'),
      putChange: this.db.prepare<[string, string, number]>(
        'insert into changes (room, network, seq) values (?, ?, ?) on conflict (room) do update set seq = excluded.seq',
      ),
      changesAfter: this.db.prepare<[string, number], { room: string; seq: number }>(
        'select room, seq from changes where network = ? and seq > ? order by seq',
      ),
    }
    this.workshops = new WorkshopStore(this.db)
    this.blobs = new BlobStore(this.db, () => this.sync())
    // SQLite keeps the log file while any connection is open, and reuses it after a checkpoint.
    this.wal = openSync(`${path}-wal`, 'r+')
  }

  load(room: string): StoredDocument {
    const { snapshot, updates, heldBack } = this.loadUpTo(room)
    return { snapshot, updates, heldBack }
  }

  /** A room's snapshot, updates and held-back update, read in one transaction, and the row its last update is. */
  loadUpTo(room: string): StoredUpTo {
    return this.db.transaction(() => {
      const snapshot = this.statements.snapshot.get(room)?.state ?? null
      const rows = this.statements.updates.all(room)
      const heldBack = this.statements.heldBack.get(room)?.data ?? null
      return { snapshot, updates: rows.map((row) => row.data), heldBack, upTo: rows.at(-1)?.id ?? 0 }
    })()
  }

  /** The bytes of a room's snapshot and updates, without reading them; 0 for a room with nothing stored. */
  storedBytes(room: string): number {
    return this.statements.storedBytes.get(room, room)?.bytes ?? 0
  }

  /** Whether anything is stored for a room (a held-back update alone is not a document). */
  hasDocument(room: string): boolean {
    return this.statements.hasDocument.get(room, room) !== undefined
  }

  /**
   * Writes every update in one transaction, however many rooms and clients they came from, with the
   * held-back updates of the rooms given, and gives each room whose updates were written the next
   * change number of its network; durable after the next `sync()`.
   */
  readonly append = (pending: readonly PendingUpdate[], heldBack: readonly HeldBackRow[]): RoomChange[] => {
    const changes = new Map<string, number>()
    const taken = new Map<string, number>()
    this.db.transaction(() => {
      for (const { room, update } of pending) {
        this.statements.insertUpdate.run(room, update)
        if (changes.has(room)) continue
        const { network } = parseRoomName(room)
        const seq = (taken.get(network) ?? this.latestChange(network)) + 1
        taken.set(network, seq)
        changes.set(room, seq)
      }
      for (const { room, update } of heldBack) {
        if (update) this.statements.putHeldBack.run(room, update)
        else this.statements.deleteHeldBack.run(room)
      }
      for (const [room, seq] of changes) this.statements.putChange.run(room, parseRoomName(room).network, seq)
    })()
    for (const [network, seq] of taken) this.latest.set(network, seq)
    return [...changes].map(([room, seq]) => ({ room, seq }))
  }

  /** The rooms of a network changed after the given change number, oldest change first. */
  changesAfter(network: string, seq: number): RoomChange[] {
    return this.statements.changesAfter.all(network, seq)
  }

  /** The network's latest change number; 0 if it has none. */
  latestChange(network: string): number {
    let seq = this.latest.get(network)
    if (seq === undefined) {
      seq = this.statements.latestChange.get(network)?.seq ?? 0
      this.latest.set(network, seq)
    }
    return seq
  }

  /**
   * Replaces a room's snapshot and its updates up to row `upTo` with one snapshot that holds them all,
   * in one transaction; updates stored after that row stay. What they held back (`held`) is merged
   * into the room's held-back row, in the same transaction.
   */
  compact(room: string, state: Uint8Array, upTo: number, held: Uint8Array | null = null): void {
    this.db.transaction(() => {
      this.statements.putSnapshot.run(room, state)
      this.statements.deleteUpdatesUpTo.run(room, upTo)
      if (!held) return
      const row = this.statements.heldBack.get(room)?.data
      this.statements.putHeldBack.run(room, row ? Y.mergeUpdates([row, held]) : held)
    })()
  }

  revoke(tokenId: string): void {
    this.statements.revoke.run(tokenId, new Date().toISOString())
  }

  isRevoked(tokenId: string): boolean {
    return this.statements.isRevoked.get(tokenId) !== undefined
  }

  /** Token ids revoked after the given row, for a relay that polls for revocations made elsewhere. */
  revokedAfter(rowid: number): { rowid: number; tokenId: string }[] {
    return this.statements.revokedAfter.all(rowid).map((row) => ({ rowid: row.rowid, tokenId: row.token_id }))
  }

  /** Makes every transaction committed so far durable, off the event loop. */
  sync(): Promise<void> {
    return new Promise((resolve, reject) => fdatasync(this.wal, (error) => (error ? reject(error) : resolve())))
  }

  /** Throws unless the database answers a query: what /healthz asks. */
  check(): void {
    this.statements.answers.get()
  }

  /** Closing checkpoints the log into the database and syncs both. Wait for any `sync()` first. */
  close(): void {
    this.db.close()
    closeSync(this.wal)
  }
}
