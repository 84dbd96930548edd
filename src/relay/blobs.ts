import type { BlobPut } from './blobStore.js'

/**
 * The networks' blobs (images): in SQLite beside the documents (BlobStore), or in Postgres (PgBlobs)
 * for several relay processes. Each is stored once per network under the SHA-256 of its bytes, and
 * never removed.
 */
export interface Blobs {
  /** The size of a network's blob, or null if the network holds none by that hash. */
  size(network: string, hash: string): Promise<number | null>
  read(network: string, hash: string): Promise<Buffer | null>
  /** The bytes of all a network's blobs. */
  used(network: string): Promise<number>
  /**
   * Stores a blob unless the network holds it already, in one transaction with the check that the
   * network's blobs stay within `quota` bytes; resolves once it is durable.
   */
  put(network: string, hash: string, data: Uint8Array, quota: number): Promise<BlobPut>
}
