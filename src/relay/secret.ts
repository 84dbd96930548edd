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
  const fromEnv = env['CASEBOOK_RELAY_SECRET']
  if (fromEnv !== undefined) {
    if (fromEnv.length < MIN_SECRET_LENGTH) {
      throw new CasebookError('USAGE', `CASEBOOK_RELAY_SECRET must be at least ${MIN_SECRET_LENGTH} characters long.`)
    }
    return new TextEncoder().encode(fromEnv)
  }
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
  const fromEnv = env['CASEBOOK_RELAY_PREVIOUS_SECRET']
  if (fromEnv !== undefined) {
    if (fromEnv.length < MIN_SECRET_LENGTH) {
      throw new CasebookError('USAGE', `CASEBOOK_RELAY_PREVIOUS_SECRET must be at least ${MIN_SECRET_LENGTH} characters long.`)
    }
    return new TextEncoder().encode(fromEnv)
  }
  const path = join(dataDir, PREVIOUS_SECRET_FILE)
  if (!existsSync(path)) return null
  const secret = readFileSync(path, 'utf8').trim()
  if (secret.length < MIN_SECRET_LENGTH) throw new CasebookError('USAGE', `${path} must hold a secret of at least ${MIN_SECRET_LENGTH} characters.`)
  return new TextEncoder().encode(secret)
}
