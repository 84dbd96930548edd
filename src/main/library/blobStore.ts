import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, stat, unlink, utimes } from 'node:fs/promises'
import { join } from 'node:path'
import { CasebookError } from '../../shared/errors.js'
import { isBlobHash } from '../../shared/model/blobHash.js'
import { checkImage } from '../../shared/model/checkImage.js'
import type { StoredImage } from '../../shared/ipc/contract.js'
import { isTemporaryName, writeFileAtomic } from '../atomicFile.js'
import { PRIVATE_DIR } from '../privateDataDir.js'

/**
 * The library's images, in `<library>/blobs/<sha256>`: each file named by the SHA-256 of its bytes,
 * written atomically and only once, and never changed. Documents reference them by that hash
 * (docs/IMAGES.md); sync and garbage collection decide which to fetch, upload and remove.
 */
export class BlobStore {
  private constructor(readonly dir: string) {}

  /** Creates the folder if missing and clears what a crash left half written. */
  static async open(dir: string): Promise<BlobStore> {
    await mkdir(dir, { recursive: true, mode: PRIVATE_DIR })
    for (const name of await readdir(dir)) if (isTemporaryName(name)) await unlink(join(dir, name))
    return new BlobStore(dir)
  }

  /** Stores an image that the user added: checked by its content (checkImage), named by its hash. */
  async put(bytes: Uint8Array): Promise<StoredImage> {
    const image = checkImage(bytes)
    const hash = sha256(bytes)
    await this.write(hash, bytes)
    return { hash, ...image }
  }

  /** Stores an image that arrived under `hash`, refused unless its bytes are the ones the hash names. */
  async add(hash: string, bytes: Uint8Array): Promise<StoredImage> {
    if (!isBlobHash(hash) || sha256(bytes) !== hash) {
      throw new CasebookError('INVALID_IMAGE', 'An image arrived damaged or altered (its bytes do not match its name), so it was refused.', {
        reason: 'hashMismatch',
      })
    }
    const image = checkImage(bytes)
    await this.write(hash, bytes)
    return { hash, ...image }
  }

  /** The image's bytes, or null when this device does not have it (yet). */
  async get(hash: string): Promise<Uint8Array | null> {
    if (!isBlobHash(hash)) return null
    return readFile(this.path(hash)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null
      throw error
    })
  }

  async has(hash: string): Promise<boolean> {
    if (!isBlobHash(hash)) return false
    return stat(this.path(hash)).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false
        throw error
      },
    )
  }

  /** Every stored blob's hash. */
  async list(): Promise<string[]> {
    return (await readdir(this.dir)).filter(isBlobHash)
  }

  async remove(hash: string): Promise<void> {
    if (isBlobHash(hash)) await unlink(this.path(hash)).catch(() => {})
  }

  path(hash: string): string {
    return join(this.dir, hash)
  }

  /** Writes the blob, or, when it is here already, marks it as just stored: garbage collection spares a blob stored again (blobGarbage.ts). */
  private async write(hash: string, bytes: Uint8Array): Promise<void> {
    if (await this.has(hash)) {
      const now = new Date()
      return utimes(this.path(hash), now, now)
    }
    await writeFileAtomic(this.path(hash), bytes, { exclusive: true }).catch((error: NodeJS.ErrnoException) => {
      // Stored meanwhile by another put of the same image: the same bytes.
      if (error.code !== 'EEXIST') throw error
    })
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
