import { chmod, mkdir, stat } from 'node:fs/promises'

/** A data directory holds documents and invite tokens: its folders and files are for their owner only. */
export const PRIVATE_DIR = 0o700
export const PRIVATE_FILE = 0o600

/**
 * Creates the data directory (and any missing parent) readable by its owner only, or tightens an
 * existing one that earlier versions left open to others, if this user owns it. (Windows has no such
 * modes; its per-user folders are private already.)
 */
export async function makePrivateDataDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR })
  const info = await stat(dir)
  if (process.platform !== 'win32' && info.uid === process.getuid?.() && (info.mode & 0o077) !== 0) await chmod(dir, PRIVATE_DIR)
}
