import { randomBytes } from 'node:crypto'
import { readFileSync, unlinkSync } from 'node:fs'
import { link, mkdir, readFile, readdir, rmdir, stat, unlink, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { CasebookError } from '../shared/errors.js'

interface LockOwner {
  pid: number
  host: string
  since: string
  /** Linux's boot id: a lock from before a reboot is stale whatever its pid. */
  boot?: string | undefined
  /** The process's start time (Linux), so that a recycled pid is not taken for the owner. */
  start?: string | undefined
}

export interface DataDirLock {
  release(): Promise<void>
}

/** Whoever holds this folder is removing a stale lock; it is itself stale after this long (a crash). */
const TAKEOVER_STALE_MS = 10_000
const ATTEMPTS = 200

/**
 * One process owns a data directory at a time. The lock is a file naming its owner, created
 * atomically (hard-linked from a complete temporary file, so it is never seen half-written). A lock
 * whose owner no longer runs is stale and is taken over; takeovers are serialised through the
 * `lock.takeover` folder, so that two processes never both remove a lock and both win.
 */
export async function acquireLock(dir: string): Promise<DataDirLock> {
  const path = join(dir, 'lock')
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), boot: bootId(), start: processStart(process.pid) }
  const content = JSON.stringify(me)
  await removeAbandonedTemporaries(dir)
  const temporary = join(dir, `.lock.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await writeFile(temporary, content)
    for (let attempt = 0; ; attempt += 1) {
      try {
        await link(temporary, path)
        break
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      const held = await readFile(path, 'utf8').catch(() => '')
      const owner = parseOwner(held)
      if (owner && isRunning(owner)) throw lockedBy(owner, dir, path)
      if (attempt === ATTEMPTS) throw new CasebookError('LIBRARY_LOCKED', `Could not take over the stale lock file ${path}; remove it by hand.`)
      await takeOver(dir, path, held)
    }
  } finally {
    await unlink(temporary).catch(() => {})
  }

  const ours = () => {
    try {
      return readFileSync(path, 'utf8') === content
    } catch {
      return false
    }
  }
  const releaseSync = () => {
    if (ours()) unlinkSync(path)
  }
  process.once('exit', releaseSync)
  return {
    async release() {
      process.off('exit', releaseSync)
      releaseSync()
    },
  }
}

/** Removes the stale lock `held`, unless another process is doing so or has replaced it meanwhile. */
async function takeOver(dir: string, path: string, held: string): Promise<void> {
  const mutex = join(dir, 'lock.takeover')
  try {
    await mkdir(mutex)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    const since = await stat(mutex).then((info) => info.mtimeMs, () => Date.now())
    if (Date.now() - since > TAKEOVER_STALE_MS) await rmdir(mutex).catch(() => {})
    await sleep(10)
    return
  }
  try {
    if ((await readFile(path, 'utf8').catch(() => null)) === held) await unlink(path)
  } finally {
    await rmdir(mutex)
  }
}

function lockedBy(owner: LockOwner, dir: string, path: string): CasebookError {
  const elsewhere = owner.host === hostname() ? '' : ` If that computer is not using it, delete ${path}.`
  return new CasebookError(
    'LIBRARY_LOCKED',
    `The library in ${dir} is in use by another Casebook process (pid ${owner.pid} on ${owner.host}, since ${owner.since}). Close that one first.${elsewhere}`,
  )
}

function parseOwner(text: string): LockOwner | null {
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>
    if (typeof owner.pid !== 'number' || typeof owner.host !== 'string') return null
    return { pid: owner.pid, host: owner.host, since: String(owner.since), boot: owner.boot, start: owner.start }
  } catch {
    return null
  }
}

/** A lock from another machine (a shared folder) cannot be checked, so it counts as running. */
function isRunning(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true
  if (owner.boot && bootId() && owner.boot !== bootId()) return false
  try {
    process.kill(owner.pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
  const start = processStart(owner.pid)
  return !(owner.start && start && owner.start !== start)
}

function bootId(): string | undefined {
  return readProc('/proc/sys/kernel/random/boot_id')?.trim()
}

/** Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot. */
function processStart(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`)
  // The command name (field 2) is in parentheses and may hold spaces, so count from after it.
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}

/** Temporary lock files older than a minute belong to processes that died while taking the lock. */
async function removeAbandonedTemporaries(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (!name.startsWith('.lock.') || !name.endsWith('.tmp')) continue
    const info = await stat(join(dir, name)).catch(() => null)
    if (info && Date.now() - info.mtimeMs > 60_000) await unlink(join(dir, name)).catch(() => {})
  }
}
