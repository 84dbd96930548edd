import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
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

  it('takes over an unreadable lock file', async () => {
    await writeFile(lockFile(), '')
    const lock = await acquireLock(temp.path)
    expect(JSON.parse(await readFile(lockFile(), 'utf8')).pid).toBe(process.pid)
    await lock.release()
  })

  it('respects a lock held from another machine, which it cannot check', async () => {
    await writeFile(lockFile(), JSON.stringify({ pid: 1, host: 'laptop-of-someone-else', since: '2026-01-01T00:00:00Z' }))
    await expect(acquireLock(temp.path)).rejects.toThrow('in use by another Casebook process (pid 1 on laptop-of-someone-else, since 2026-01-01T00:00:00Z)')
  })
})
