import type Database from 'better-sqlite3'

/** What storing a blob did: stored it now, found it held already, or refused it as past the network's quota. */
export type BlobPut = 'stored' | 'held' | 'quota'

/**
 * The networks' blobs (images, docs/IMAGES.md) in the relay's database (RelayStore's), so that a
 * backup of the store holds them too. Each is stored once per network, under the SHA-256 of its
 * bytes, and never removed: documents and their versions may reference it for ever.
 */
export class BlobStore {
  private readonly statements

  constructor(private readonly db: Database.Database) {
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
  size(network: string, hash: string): number | null {
    return this.statements.size.get(network, hash)?.size ?? null
  }

  read(network: string, hash: string): Buffer | null {
    return this.statements.data.get(network, hash)?.data ?? null
  }

  /** The bytes of all a network's blobs. */
  used(network: string): number {
    return this.statements.used.get(network)?.bytes ?? 0
  }

  /**
   * Stores a blob unless the network holds it already, in one transaction with the check that the
   * network's blobs stay within `quota` bytes; durable after the store's next `sync()`.
   */
  put(network: string, hash: string, data: Uint8Array, quota: number, at = Date.now()): BlobPut {
    return this.db.transaction((): BlobPut => {
      if (this.size(network, hash) !== null) return 'held'
      if (this.used(network) + data.byteLength > quota) return 'quota'
      this.statements.insert.run(network, hash, data.byteLength, at, data)
      return 'stored'
    })()
  }
}
