import { chmodSync, closeSync, constants, fchmodSync, fstatSync, mkdirSync, openSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** The relay's data directory holds every network's documents and the key invites are signed with: for its owner only. */
export const PRIVATE_DIR = 0o700
export const PRIVATE_FILE = 0o600

/** The files of the relay's data directory: the database with its -wal and -shm, and the keys invites are signed with. */
const OWN_FILES = ['relay.sqlite', 'relay.sqlite-wal', 'relay.sqlite-shm', 'secret', 'secret.previous']

/**
 * Creates the relay's data directory readable by its owner only (0700), or tightens an existing one
 * that earlier versions left open to others, and its files (0600), if this user owns them: it holds
 * every network's documents and the key invites are signed with. A file that is a symbolic link is
 * left alone, and not followed.
 */
export function makePrivateDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR })
  if (isLooseAndOurs(statSync(dir))) chmodSync(dir, PRIVATE_DIR)
  for (const name of OWN_FILES) tighten(join(dir, name))
}

/**
 * Creates an empty file for the owner only (0600), or tightens an existing one. SQLite gives a
 * database's -wal and -shm files the database's own mode, so this done to relay.sqlite covers them.
 */
export function makePrivateFile(path: string): void {
  tighten(path, constants.O_CREAT)
}

/** Tightens a file through a descriptor opened without following a symbolic link. */
function tighten(path: string, create = 0): void {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0) | create, PRIVATE_FILE)
  } catch (error) {
    // Not there, or a symbolic link (ELOOP).
    if (['ENOENT', 'ELOOP'].includes((error as NodeJS.ErrnoException).code ?? '')) return
    throw error
  }
  try {
    const info = fstatSync(fd)
    if (info.isFile() && isLooseAndOurs(info)) fchmodSync(fd, PRIVATE_FILE)
  } finally {
    closeSync(fd)
  }
}

function isLooseAndOurs(info: { uid: number; mode: number }): boolean {
  return process.platform !== 'win32' && info.uid === process.getuid?.() && (info.mode & 0o077) !== 0
}
