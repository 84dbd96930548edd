import { randomBytes } from 'node:crypto'
import { open, rename, unlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { PRIVATE_FILE } from '../privateDataDir.js'

/**
 * Replaces `path` with `data` so that after a crash the file holds either the old or the new content,
 * never a mix: write a temporary file beside it, fsync, rename over, fsync the folder.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  // Not derived from the file's name, so that a name near the length limit still has room.
  const temporary = join(dirname(path), `.cb${randomBytes(6).toString('hex')}.tmp`)
  try {
    await writeDurably(temporary, data)
    await rename(temporary, path)
  } catch (error) {
    await unlink(temporary).catch(() => {})
    throw error
  }
  await fsyncDir(dirname(path))
}

/** Creates `path` (which must not exist), readable by its owner only, and fsyncs it; the caller makes its name durable. */
export async function writeDurably(path: string, data: Uint8Array | string): Promise<void> {
  const file = await open(path, 'wx', PRIVATE_FILE)
  try {
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
