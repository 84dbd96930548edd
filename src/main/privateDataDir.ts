import { constants } from 'node:fs'
import { chmod, type FileHandle, lstat, mkdir, open, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'

/** A data directory holds documents and invite tokens: its folders and files are for their owner only. */
export const PRIVATE_DIR = 0o700
export const PRIVATE_FILE = 0o600

/** What earlier versions may have left open to others: the settings (the browser shell's and the desktop app's, with invite tokens) and the sync cursors. */
const SETTINGS_FILES = ['settings.json', 'app-settings.json']
const SYNC_DIR = 'sync'

/**
 * Creates the data directory (and any missing parent) readable by its owner only, or tightens an
 * existing one that earlier versions left open to others, and the settings and sync cursors in it,
 * if this user owns them. A symbolic link among those is left alone, and not followed. (Windows has
 * no such modes; its per-user folders are private already.)
 */
export async function makePrivateDataDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR })
  if (process.platform === 'win32') return
  const info = await stat(dir)
  if (isLooseAndOurs(info)) await chmod(dir, PRIVATE_DIR)
  for (const name of SETTINGS_FILES) await tighten(join(dir, name))
  const sync = join(dir, SYNC_DIR)
  if (!(await lstat(sync).catch(() => null))?.isDirectory()) return
  await tighten(sync)
  for (const name of await readdir(sync)) await tighten(join(sync, name))
}

/** Tightens a file or folder through a handle opened without following a symbolic link. */
async function tighten(path: string): Promise<void> {
  let handle: FileHandle
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch (error) {
    // Not there, a symbolic link (ELOOP), or not even readable to us.
    if (['ENOENT', 'ELOOP', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '')) return
    throw error
  }
  try {
    const info = await handle.stat()
    if (isLooseAndOurs(info) && (info.isFile() || info.isDirectory())) await handle.chmod(info.isDirectory() ? PRIVATE_DIR : PRIVATE_FILE)
  } finally {
    await handle.close()
  }
}

function isLooseAndOurs(info: { uid: number; mode: number }): boolean {
  return info.uid === process.getuid?.() && (info.mode & 0o077) !== 0
}
