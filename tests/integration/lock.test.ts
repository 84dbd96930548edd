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
})
