import { randomBytes } from 'node:crypto'
import { link, open, rename, unlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { PRIVATE_FILE } from './privateDataDir.js'

/**
 * Who may read a new file: `private` (0600, whatever the umask) for the library's own files, which
 * hold documents and invite tokens; `usual` (0666 less the umask, as any program creates a file) for
 * a file the user asked to be written for them, such as an export; or exactly these permission bits.
 */
export type FileMode = 'private' | 'usual' | number

export interface AtomicWriteOptions {
  /** The new file's mode; `private` unless said. */
  mode?: FileMode
  /** Fail with EEXIST rather than replace something already at `path`. */
  exclusive?: boolean
}

/** What link() fails with on filesystems without hard links: FAT and exFAT (USB sticks), many SMB mounts. */
const NO_HARD_LINKS = ['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']

/**
 * Replaces `path` with `data` so that after a crash the file holds either the old or the new content,
 * never a mix: write a temporary file beside it, fsync, rename over, fsync the folder. An exclusive
 * write links the temporary file in instead, which fails if the name was taken meanwhile; where the
 * filesystem has no hard links, it creates `path` itself (which equally fails if the name was taken,
 * and does not follow a symbolic link there), so a crash may leave part of the new file, never of an
 * old one.
 */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array | string,
  { mode = 'private', exclusive = false }: AtomicWriteOptions = {},
): Promise<void> {
  // Not derived from the file's name, so that a name near the length limit still has room.
  const temporary = join(dirname(path), `.cb${randomBytes(6).toString('hex')}.tmp`)
  try {
    await writeDurably(temporary, data, mode)
    if (!exclusive) await rename(temporary, path)
    else {
      await link(temporary, path).catch((error: NodeJS.ErrnoException) => {
        if (!NO_HARD_LINKS.includes(error.code ?? '')) throw error
        return writeDurably(path, data, mode)
      })
    }
  } catch (error) {
    await unlink(temporary).catch(() => {})
    throw error
  }
  if (exclusive) await unlink(temporary)
  await fsyncDir(dirname(path))
}

/**
 * Creates `path` (which must not exist, not even as a symbolic link) and fsyncs it, or removes it
 * again if that fails; the caller makes its name durable.
 */
export async function writeDurably(path: string, data: Uint8Array | string, mode: FileMode = 'private'): Promise<void> {
  const file = await open(path, 'wx', mode === 'usual' ? 0o666 : PRIVATE_FILE)
  try {
    if (typeof mode === 'number') await file.chmod(mode)
    await file.writeFile(data)
    await file.sync()
  } catch (error) {
    await file.close()
    await unlink(path).catch(() => {})
    throw error
  }
  await file.close()
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
