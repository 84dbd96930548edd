import type pg from 'pg'
import type { BlobPut } from '../blobStore.js'
import type { Blobs } from '../blobs.js'
import { createTables } from './createTables.js'
import { inTransaction } from './inTransaction.js'

/**
 * The networks' blobs (images, docs/IMAGES.md) in Postgres, for several relay processes: BlobStore's
 * table and rules. Each is stored once per network, under the SHA-256 of its bytes, and never removed.
 * Postgres keeps large bytes apart from the row (TOAST), so sizes and totals are read without them.
 */
export class PgBlobs implements Blobs {
  private constructor(private readonly pool: pg.Pool) {}

  static async open(pool: pg.Pool): Promise<PgBlobs> {
    await createTables(
      pool,
      `
      create table if not exists blobs (
        network text not null, hash text not null, size integer not null, stored_at bigint not null, data bytea not null,
        primary key (network, hash)
      )
    `,
    )
    return new PgBlobs(pool)
  }

  async size(network: string, hash: string): Promise<number | null> {
    return sizeOf(this.pool, network, hash)
  }

  async read(network: string, hash: string): Promise<Buffer | null> {
    return (await this.pool.query<{ data: Buffer }>('select data from blobs where network = $1 and hash = $2', [network, hash])).rows[0]?.data ?? null
  }

  async used(network: string): Promise<number> {
    return usedBy(this.pool, network)
  }

  /**
   * Stores a blob unless the network holds it already, in one transaction with the check that the
   * network's blobs stay within `quota` bytes; resolves once committed. Puts to one network take turns
   * (an advisory lock held until the commit), so that relays storing at once cannot together pass its quota.
   */
  put(network: string, hash: string, data: Uint8Array, quota: number, at = Date.now()): Promise<BlobPut> {
    return inTransaction(this.pool, async (client): Promise<BlobPut> => {
      await client.query("select pg_advisory_xact_lock(hashtext('casebook blobs'), hashtext($1))", [network])
      if ((await sizeOf(client, network, hash)) !== null) return 'held'
      if ((await usedBy(client, network)) + data.byteLength > quota) return 'quota'
      await client.query('insert into blobs (network, hash, size, stored_at, data) values ($1, $2, $3, $4, $5)', [network, hash, data.byteLength, at, data])
      return 'stored'
    })
  }
}

async function sizeOf(db: pg.Pool | pg.PoolClient, network: string, hash: string): Promise<number | null> {
  return (await db.query<{ size: number }>('select size from blobs where network = $1 and hash = $2', [network, hash])).rows[0]?.size ?? null
}

/** Summed in Postgres as a bigint, which comes back as a string. */
async function usedBy(db: pg.Pool | pg.PoolClient, network: string): Promise<number> {
  return Number((await db.query<{ bytes: string }>('select coalesce(sum(size), 0) as bytes from blobs where network = $1', [network])).rows[0]?.bytes ?? 0)
}
