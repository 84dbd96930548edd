import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CasebookError } from '../shared/errors.js'
import { PRIVATE_DIR, PRIVATE_FILE } from './privateDataDir.js'

const MIN_SECRET_LENGTH = 32
/** The key's file in the data directory, and the previous key's while a rotation lasts. */
export const SECRET_FILE = 'secret'
export const PREVIOUS_SECRET_FILE = 'secret.previous'

/**
 * The key invites are signed with: CASEBOOK_RELAY_SECRET if set, else the `secret` file of the relay's
 * data directory, created on first use, readable by its owner only. (The relay's store tightens what an
 * earlier version left open to others, the secret included, as it opens: once per start.)
 */
export function loadSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): Uint8Array {
  const fromEnv = secretFrom(env['CASEBOOK_RELAY_SECRET'], 'CASEBOOK_RELAY_SECRET')
  if (fromEnv) return fromEnv
  const path = join(dataDir, SECRET_FILE)
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR })
  try {
    writeFileSync(path, randomBytes(32).toString('base64url'), { mode: PRIVATE_FILE, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  return new TextEncoder().encode(readFileSync(path, 'utf8').trim())
}

/**
 * The key invites were signed with before the current one, while a rotation lasts (docs/OPERATIONS.md):
 * CASEBOOK_RELAY_PREVIOUS_SECRET if set, else the data directory's `secret.previous` file, else none.
 * The relay takes invites signed with either, and signs with the current one only.
 */
export function loadPreviousSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): Uint8Array | null {
  const fromEnv = secretFrom(env['CASEBOOK_RELAY_PREVIOUS_SECRET'], 'CASEBOOK_RELAY_PREVIOUS_SECRET')
  if (fromEnv) return fromEnv
  const path = join(dataDir, PREVIOUS_SECRET_FILE)
  return existsSync(path) ? secretFrom(readFileSync(path, 'utf8').trim(), path) : null
}

/** A key given as text, long enough that nobody guesses it; `from` names where it was given. */
function secretFrom(text: string | undefined, from: string): Uint8Array | null {
  if (text === undefined) return null
  if (text.length < MIN_SECRET_LENGTH) throw new CasebookError('USAGE', `${from} must be at least ${MIN_SECRET_LENGTH} characters long.`)
  return new TextEncoder().encode(text)
}
