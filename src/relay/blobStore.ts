import type Database from 'better-sqlite3'
import type { Blobs } from './blobs.js'

/** What storing a blob did: stored it now, found it held already, or refused it as past the network's quota. */
export type BlobPut = 'stored' | 'held' | 'quota'

/**
 * The networks' blobs (images, docs/IMAGES.md) in the relay's database (RelayStore's), so that a
 * backup of the store holds them too. Each is stored once per network, under the SHA-256 of its
 * bytes, and never removed: documents and their versions may reference it for ever. Its methods
 * do their SQLite work synchronously: they answer in promises for the Blobs seam, which Postgres
 * (PgBlobs) implements too.
 */
export class BlobStore implements Blobs {
  private readonly statements

  constructor(
    private readonly db: Database.Database,
    /** Makes every transaction committed so far durable (RelayStore's `sync`), which a blob stored waits for. */
    private readonly sync: () => Promise<void>,
  ) {
    // The bytes last: reading a blob's size never walks their overflow pages.
    db.exec(`
      create table if not exists blobs (
        network text not null, hash text not null, size integer not null, stored_at integer not null, data blob not null,
        primary key (network, hash)
      );
    `)
    this.statements = {
      size: db.prepare<[string, string], { size: number }>('select size from blobs where network = ? and hash = ?'),
      data: db.prepare<[string, string], { data: Buffer }>('select data from blobs where network = ? and hash = ?'),
      used: db.prepare<[string], { bytes: number }>('select coalesce(sum(size), 0) as bytes from blobs where network = ?'),
      insert: db.prepare<[string, string, number, number, Uint8Array]>(
        'insert into blobs (network, hash, size, stored_at, data) values (?, ?, ?, ?, ?) on conflict do nothing',
      ),
    }
  }

  /** The size of a network's blob, or null if the network holds none by that hash. */
  async size(network: string, hash: string): Promise<number | null> {
    return this.sizeNow(network, hash)
  }

  async read(network: string, hash: string): Promise<Buffer | null> {
    return this.statements.data.get(network, hash)?.data ?? null
  }

  /** The bytes of all a network's blobs. */
  async used(network: string): Promise<number> {
    return this.usedNow(network)
  }

  /**
   * Stores a blob unless the network holds it already, in one transaction with the check that the
   * network's blobs stay within `quota` bytes; resolves once it is durable.
   */
  async put(network: string, hash: string, data: Uint8Array, quota: number, at = Date.now()): Promise<BlobPut> {
    const put = this.db.transaction((): BlobPut => {
      if (this.sizeNow(network, hash) !== null) return 'held'
      if (this.usedNow(network) + data.byteLength > quota) return 'quota'
      this.statements.insert.run(network, hash, data.byteLength, at, data)
      return 'stored'
    })()
    if (put === 'stored') await this.sync()
    return put
  }

  /** size's and used's work, synchronous, so that put checks them inside its transaction. */
  private sizeNow(network: string, hash: string): number | null {
    return this.statements.size.get(network, hash)?.size ?? null
  }

  private usedNow(network: string): number {
    return this.statements.used.get(network)?.bytes ?? 0
  }
}
