import { existsSync } from 'node:fs'
import { mkdir, readFile, readdir, utimes, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { acquireLock } from '../../src/main/lock.js'
import { useTempDir } from '../helpers/tempDir.js'

describe('the data directory lock', () => {
  const temp = useTempDir()
  const lockFile = () => join(temp.path, 'lock')

  it('names its owner, and is removed on release', async () => {
    const lock = await acquireLock(temp.path)
    expect(JSON.parse(await readFile(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid })
    await lock.release()
    expect(existsSync(lockFile())).toBe(false)
  })

  it('takes over a lock whose process is gone', async () => {
    await writeFile(lockFile(), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), since: '2026-01-01T00:00:00Z' }))
    const lock = await acquireLock(temp.path)
    expect(JSON.parse(await readFile(lockFile(), 'utf8')).pid).toBe(process.pid)
    await lock.release()
  })

  it('takes over a lock whose pid now belongs to another process, or that predates a reboot', async () => {
    // This very process, but with another start time: the pid was recycled.
    await writeFile(lockFile(), JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-01-01T00:00:00Z', start: '1' }))
    let lock = await acquireLock(temp.path)
    await lock.release()
    await writeFile(lockFile(), JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-01-01T00:00:00Z', boot: 'another-boot' }))
    lock = await acquireLock(temp.path)
    expect(JSON.parse(await readFile(lockFile(), 'utf8')).since).not.toBe('2026-01-01T00:00:00Z')
    await lock.release()
  })

  it('takes over a lock recorded before the computer last started, on any platform', async () => {
    await writeFile(lockFile(), JSON.stringify({ pid: process.pid, host: hostname(), since: '2000-01-01T00:00:00Z' }))
    const lock = await acquireLock(temp.path)
    expect(JSON.parse(await readFile(lockFile(), 'utf8')).since).not.toBe('2000-01-01T00:00:00Z')
    await lock.release()
  })

  it('moves aside a takeover folder left by a process that died, and leaves none behind', async () => {
    await writeFile(lockFile(), JSON.stringify({ pid: 2 ** 22 + 9, host: hostname(), since: '2026-01-01T00:00:00Z' }))
    await mkdir(join(temp.path, 'lock.takeover'))
    await writeFile(join(temp.path, 'lock.takeover', 'owner'), JSON.stringify({ pid: 2 ** 22 + 10, host: hostname(), since: new Date().toISOString() }))
    const lock = await acquireLock(temp.path)
    expect((await readdir(temp.path)).sort()).toEqual(['lock'])
    await lock.release()
  })

  it('never breaks a takeover folder whose owner still runs, however long it takes', async () => {
    await writeFile(lockFile(), JSON.stringify({ pid: 2 ** 22 + 9, host: hostname(), since: '2026-01-01T00:00:00Z' }))
    await mkdir(join(temp.path, 'lock.takeover'))
    const paused = JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() })
    await writeFile(join(temp.path, 'lock.takeover', 'owner'), paused)
    await utimes(join(temp.path, 'lock.takeover'), new Date(2000, 0, 1), new Date(2000, 0, 1))
    await expect(acquireLock(temp.path)).rejects.toThrow(/Could not take over the stale lock file/)
    expect(await readFile(join(temp.path, 'lock.takeover', 'owner'), 'utf8')).toBe(paused)
  })

  it('leaves alone, on release, a lock file that is no longer its own', async () => {
    const lock = await acquireLock(temp.path)
    await writeFile(lockFile(), JSON.stringify({ pid: 1, host: 'elsewhere', since: 'now' }))
    await lock.release()
    expect(existsSync(lockFile())).toBe(true)
  })

  it('takes over an unreadable lock file', async () => {
    await writeFile(lockFile(), '')
    const lock = await acquireLock(temp.path)
    expect(JSON.parse(await readFile(lockFile(), 'utf8')).pid).toBe(process.pid)
    await lock.release()
  })

  it('respects a lock held from another machine, which it cannot check', async () => {
    await writeFile(lockFile(), JSON.stringify({ pid: 1, host: 'laptop-of-someone-else', since: '2026-01-01T00:00:00Z' }))
    await expect(acquireLock(temp.path)).rejects.toThrow(
      `in use by another Casebook process (pid 1 on laptop-of-someone-else, since 2026-01-01T00:00:00Z). Close that one first; if that computer is not using it, delete ${lockFile()}.`,
    )
  })
})
