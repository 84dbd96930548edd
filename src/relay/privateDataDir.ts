import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs'

/**
 * Creates the relay's data directory readable by its owner only (0700), or tightens an existing one
 * that earlier versions left open to others, if this user owns it: it holds every network's documents
 * and the key invites are signed with.
 */
export function makePrivateDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  tighten(dir, 0o700)
}

/**
 * Creates an empty file for the owner only (0600), or tightens an existing one. SQLite gives a
 * database's -wal and -shm files the database's own mode, so this done to relay.sqlite covers them.
 */
export function makePrivateFile(path: string): void {
  closeSync(openSync(path, 'a', 0o600))
  tighten(path, 0o600)
}

function tighten(path: string, mode: number): void {
  const info = statSync(path)
  if (process.platform !== 'win32' && info.uid === process.getuid?.() && (info.mode & 0o077) !== 0) chmodSync(path, mode)
}
