import { randomBytes } from 'node:crypto'
import { readFileSync, unlinkSync } from 'node:fs'
import { link, mkdir, readFile, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises'
import { hostname, uptime } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { CasebookError } from '../shared/errors.js'
import { PRIVATE_DIR, PRIVATE_FILE } from './privateDataDir.js'

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

const ATTEMPTS = 200
/** A lock recorded this long before the computer started is from before a reboot (with room for clock drift). */
const REBOOT_SLACK_MS = 60_000

/**
 * One process owns a data directory at a time. The lock is a file naming its owner, created
 * atomically (hard-linked from a complete temporary file, so it is never seen half-written). A lock
 * whose owner no longer runs is stale and is taken over. Takeovers are serialised through the
 * `lock.takeover` folder, which names its owner too, so that two processes never both remove a lock
 * and both win; a takeover folder whose owner died is moved aside, never judged by its age.
 */
export async function acquireLock(dir: string): Promise<DataDirLock> {
  const path = join(dir, 'lock')
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), boot: bootId(), start: processStart(process.pid) }
  const content = JSON.stringify(me)
  await removeAbandonedTemporaries(dir)
  const temporary = join(dir, `.lock.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await writeFile(temporary, content, { mode: PRIVATE_FILE })
    for (let attempt = 0; ; attempt += 1) {
      try {
        await link(temporary, path)
        // A takeover folder left by a crash would stand in the way of a later takeover.
        await moveAsideIfAbandoned(dir, join(dir, 'lock.takeover'))
        break
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      const held = await readFile(path, 'utf8').catch(() => '')
      const owner = parseOwner(held)
      if (owner && isRunning(owner)) throw lockedBy(owner, dir, path)
      if (attempt === ATTEMPTS)
        throw new CasebookError('LIBRARY_LOCKED', `Could not take over the stale lock file ${path}; remove it by hand.`, {
          reason: 'stale',
          params: { path },
        })
      await takeOver(dir, path, held, content)
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

/**
 * Removes the stale lock `held`, unless another process is doing so or has replaced it meanwhile.
 * The takeover folder appears whole, owner file and all, by renaming a folder prepared beside it.
 */
async function takeOver(dir: string, path: string, held: string, me: string): Promise<void> {
  const mutex = join(dir, 'lock.takeover')
  const claim = await preparedFolder(dir, me)
  try {
    await rename(claim, mutex)
  } catch (error) {
    await rm(claim, { recursive: true, force: true })
    if (!['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error
    await moveAsideIfAbandoned(dir, mutex)
    await sleep(10)
    return
  }
  try {
    if ((await readFile(path, 'utf8').catch(() => null)) === held) await unlink(path)
  } finally {
    await moveAsideIfOwnedBy(dir, mutex, (owner) => owner === me)
  }
}

/**
 * A takeover folder whose owner no longer runs would block every takeover: move it out of the way.
 * One without an owner file was not made by this protocol, which creates it whole, and goes too.
 */
function moveAsideIfAbandoned(dir: string, mutex: string): Promise<void> {
  return moveAsideIfOwnedBy(dir, mutex, (text) => {
    const owner = text === null ? null : parseOwner(text)
    return owner === null || !isRunning(owner)
  })
}

/**
 * Renames the takeover folder to a name of its own if `judge` accepts its owner, then removes it. Should
 * the folder have changed hands between the check and the rename, it is put back.
 */
async function moveAsideIfOwnedBy(dir: string, mutex: string, judge: (owner: string | null) => boolean): Promise<void> {
  if (
    !(await stat(mutex).then(
      () => true,
      () => false,
    ))
  )
    return
  const owner = await readFile(join(mutex, 'owner'), 'utf8').catch(() => null)
  if (!judge(owner)) return
  const aside = join(dir, `.takeover.${randomBytes(6).toString('hex')}.tmp`)
  if (
    !(await rename(mutex, aside).then(
      () => true,
      () => false,
    ))
  )
    return
  if ((await readFile(join(aside, 'owner'), 'utf8').catch(() => null)) !== owner) {
    await rename(aside, mutex).catch(() => {})
    return
  }
  await rm(aside, { recursive: true, force: true })
}

async function preparedFolder(dir: string, owner: string): Promise<string> {
  const folder = join(dir, `.takeover.${randomBytes(6).toString('hex')}.tmp`)
  await mkdir(folder, PRIVATE_DIR)
  await writeFile(join(folder, 'owner'), owner, { mode: PRIVATE_FILE })
  return folder
}

function lockedBy(owner: LockOwner, dir: string, path: string): CasebookError {
  const where = owner.host === hostname() ? 'no Casebook is running' : 'that computer is not using it'
  return new CasebookError(
    'LIBRARY_LOCKED',
    `The library in ${dir} is in use by another Casebook process (pid ${owner.pid} on ${owner.host}, since ${owner.since}). Close that one first; if ${where}, delete ${path}.`,
    { reason: 'inUse', params: { dir, path } },
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
  if (Date.parse(owner.since) < Date.now() - uptime() * 1000 - REBOOT_SLACK_MS) return false
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

/** Temporary lock files and takeover folders older than a minute belong to processes that died while taking the lock. */
async function removeAbandonedTemporaries(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (!/^\.(?:lock|takeover)\..*\.tmp$/.test(name)) continue
    const info = await stat(join(dir, name)).catch(() => null)
    if (info && Date.now() - info.mtimeMs > 60_000) await rm(join(dir, name), { recursive: true, force: true })
  }
}
