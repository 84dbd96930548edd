import { randomBytes } from 'node:crypto'
import { link, open, rename, unlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { PRIVATE_FILE } from '../privateDataDir.js'

export interface AtomicWriteOptions {
  /** The new file's permission bits, whatever the umask. */
  mode?: number
  /** Fail with EEXIST rather than replace something already at `path`. */
  exclusive?: boolean
}

/**
 * Replaces `path` with `data` so that after a crash the file holds either the old or the new content,
 * never a mix: write a temporary file beside it, fsync, rename over, fsync the folder. An exclusive
 * write links the temporary file in instead, which fails if the name was taken meanwhile.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, { mode, exclusive = false }: AtomicWriteOptions = {}): Promise<void> {
  // Not derived from the file's name, so that a name near the length limit still has room.
  const temporary = join(dirname(path), `.cb${randomBytes(6).toString('hex')}.tmp`)
  try {
    await writeDurably(temporary, data, mode)
    if (exclusive) await link(temporary, path)
    else await rename(temporary, path)
  } catch (error) {
    await unlink(temporary).catch(() => {})
    throw error
  }
  if (exclusive) await unlink(temporary)
  await fsyncDir(dirname(path))
}

/** Creates `path` (which must not exist), readable by its owner only unless `mode` says otherwise, and fsyncs it; the caller makes its name durable. */
export async function writeDurably(path: string, data: Uint8Array | string, mode?: number): Promise<void> {
  const file = await open(path, 'wx', PRIVATE_FILE)
  try {
    if (mode !== undefined) await file.chmod(mode)
    await file.writeFile(data)
    await file.sync()
  } finally {
    await file.close()
  }
}

/** Makes the creation, removal or renaming of entries in a folder durable. */
export async function fsyncDir(path: string): Promise<void> {
  const dir = await open(path, 'r')
  try {
    await dir.sync()
  } finally {
    await dir.close()
  }
}

export function isTemporaryName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp')
}
