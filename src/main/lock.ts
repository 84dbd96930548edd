import { randomBytes } from 'node:crypto'
import { unlinkSync } from 'node:fs'
import { link, readFile, unlink, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { CasebookError } from '../shared/errors.js'

interface LockOwner {
  pid: number
  host: string
  since: string
}

export interface DataDirLock {
  release(): Promise<void>
}

/**
 * One process owns a data directory at a time. The lock is a file naming its owner, created
 * atomically (hard-linked from a complete temporary file, so it is never seen half-written). A lock
 * whose owner is a process on this machine that no longer runs is stale and is taken over.
 */
export async function acquireLock(dir: string): Promise<DataDirLock> {
  const path = join(dir, 'lock')
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() }
  const content = JSON.stringify(me)
  const temporary = join(dir, `.lock.${randomBytes(6).toString('hex')}.tmp`)
  await writeFile(temporary, content)
  try {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await link(temporary, path)
        break
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        if (attempt === 3) throw new CasebookError('LIBRARY_LOCKED', `Could not take over the stale lock file ${path}; remove it by hand.`)
      }
      const held = await readFile(path, 'utf8').catch(() => '')
      const owner = parseOwner(held)
      if (owner && isRunningHere(owner)) {
        throw new CasebookError(
          'LIBRARY_LOCKED',
          `The library in ${dir} is in use by another Casebook process (pid ${owner.pid} on ${owner.host}, since ${owner.since}). Close that one first.`,
        )
      }
      // Remove the stale lock only if it is still the one we judged stale.
      if ((await readFile(path, 'utf8').catch(() => '')) === held) await unlink(path).catch(() => {})
    }
  } finally {
    await unlink(temporary).catch(() => {})
  }

  const releaseSync = () => {
    try {
      unlinkSync(path)
    } catch {
      // Already gone: nothing to release.
    }
  }
  process.once('exit', releaseSync)
  return {
    async release() {
      process.off('exit', releaseSync)
      if ((await readFile(path, 'utf8').catch(() => '')) === content) await unlink(path)
    },
  }
}

function parseOwner(text: string): LockOwner | null {
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? { pid: owner.pid, host: owner.host, since: String(owner.since) } : null
  } catch {
    return null
  }
}

/** A lock from another machine (a shared folder) cannot be checked, so it is respected. */
function isRunningHere(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true
  try {
    process.kill(owner.pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
