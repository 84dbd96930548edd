import { writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { isCasebookError } from '../../src/shared/errors.js'
import { Library } from '../../src/main/library/library.js'
import { spawnChild, useChildren } from '../helpers/child.js'
import { useTempDir } from '../helpers/tempDir.js'

describe('two processes and one data directory', () => {
  const temp = useTempDir()
  useChildren()

  it('the second gets an error naming the first; once the first is killed, the lock it left does not block', async () => {
    const holder = spawnChild('holdLibrary.ts', [temp.path])
    await holder.waitForLine((line) => line === 'ready')

    const error = await Library.open(temp.path).catch((caught: unknown) => caught)
    expect(isCasebookError(error, 'LIBRARY_LOCKED')).toBe(true)
    expect((error as Error).message).toMatch(new RegExp(`in use by another Casebook process \\(pid ${holder.process.pid} on `))

    holder.process.kill('SIGKILL')
    await holder.exited
    const library = await Library.open(temp.path)
    await library.close()
  })

  it('lets exactly one of several processes take over a stale lock at the same moment', { timeout: 90_000 }, async () => {
    for (let round = 0; round < 3; round += 1) {
      await writeFile(join(temp.path, 'lock'), JSON.stringify({ pid: 2 ** 22 + 7, host: hostname(), since: '2026-01-01T00:00:00Z' }))
      const at = String(Date.now() + 4000)
      const racers = Array.from({ length: 6 }, () => spawnChild('takeLockAt.ts', [temp.path, at]))
      const outcomes = await Promise.all(racers.map((racer) => racer.waitForLine((line) => line === 'acquired' || line === 'locked', 30_000)))
      expect(outcomes.filter((outcome) => outcome === 'acquired')).toHaveLength(1)
      for (const racer of racers) racer.process.kill('SIGKILL')
      await Promise.all(racers.map((racer) => racer.exited))
    }
  })
})
