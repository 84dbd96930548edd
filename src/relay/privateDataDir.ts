import { chmodSync, closeSync, constants, fchmodSync, fstatSync, mkdirSync, openSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** The files of the relay's data directory: the database with its -wal and -shm, and the key invites are signed with. */
const OWN_FILES = ['relay.sqlite', 'relay.sqlite-wal', 'relay.sqlite-shm', 'secret']

/**
 * Creates the relay's data directory readable by its owner only (0700), or tightens an existing one
 * that earlier versions left open to others, and its files (0600), if this user owns them: it holds
 * every network's documents and the key invites are signed with. A file that is a symbolic link is
 * left alone, and not followed.
 */
export function makePrivateDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  if (isLooseAndOurs(statSync(dir))) chmodSync(dir, 0o700)
  for (const name of OWN_FILES) tightenFile(join(dir, name), 0)
}

/**
 * Creates an empty file for the owner only (0600), or tightens an existing one. SQLite gives a
 * database's -wal and -shm files the database's own mode, so this done to relay.sqlite covers them.
 */
export function makePrivateFile(path: string): void {
  tightenFile(path, constants.O_CREAT)
}

/** Tightens a file through a descriptor opened without following a symbolic link. */
function tightenFile(path: string, create: number): void {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0) | create, 0o600)
  } catch (error) {
    // Not there, or a symbolic link (ELOOP).
    if (['ENOENT', 'ELOOP'].includes((error as NodeJS.ErrnoException).code ?? '')) return
    throw error
  }
  try {
    const info = fstatSync(fd)
    if (info.isFile() && isLooseAndOurs(info)) fchmodSync(fd, 0o600)
  } finally {
    closeSync(fd)
  }
}

function isLooseAndOurs(info: { uid: number; mode: number }): boolean {
  return process.platform !== 'win32' && info.uid === process.getuid?.() && (info.mode & 0o077) !== 0
}
