import { readFile, truncate, writeFile, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { isCasebookError } from '../../../src/shared/errors.js'
import { MAGIC, scanFrames } from '../../../src/main/library/frames.js'
import { UpdateLog } from '../../../src/main/library/updateLog.js'
import { patchFileHandle } from '../../helpers/patchFileHandle.js'
import { useTempDir } from '../../helpers/tempDir.js'

const update = (n: number) => Buffer.from(`update number ${n}`)
const texts = (updates: Uint8Array[]) => updates.map((u) => Buffer.from(u).toString())

async function readLog(path: string): Promise<string[]> {
  const { log, updates } = await UpdateLog.open(path)
  await log.close()
  return texts(updates)
}

describe('UpdateLog', () => {
  const temp = useTempDir()
  let restore: (() => void) | undefined
  afterEach(() => {
    restore?.()
    restore = undefined
  })

  it('keeps appended updates across a reopen', async () => {
    const path = join(temp.path, 'log')
    const { log, updates } = await UpdateLog.open(path)
    expect(updates).toEqual([])
    for (let n = 0; n < 100; n += 1) log.append(update(n))
    await log.flushed()
    await log.close()

    expect(await readLog(path)).toEqual(Array.from({ length: 100 }, (_, n) => `update number ${n}`))
  })

  it('commits a burst of appends with one write and one fdatasync', async () => {
    const path = join(temp.path, 'log')
    const { log } = await UpdateLog.open(path)
    for (let n = 0; n < 1000; n += 1) log.append(update(n))
    await log.flushed()
    expect(log.commits).toBe(1)
    expect(scanFrames(await readFile(path), MAGIC.log).payloads).toHaveLength(1000)
    await log.close()
  })

  it('groups the appends made while a commit is in flight into the next commit', async () => {
    const path = join(temp.path, 'log')
    const { log } = await UpdateLog.open(path)
    // The first commit's fdatasync is held until every later burst has been appended.
    let entered: () => void = () => {}
    const inFlight = new Promise<void>((resolve) => (entered = resolve))
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    restore = await patchFileHandle(
      'datasync',
      (original) =>
        async function (this: FileHandle) {
          entered()
          await held
          return original.call(this)
        },
    )
    const durable: Promise<void>[] = []
    for (let n = 0; n < 50; n += 1) {
      for (let k = 0; k < 20; k += 1) log.append(update(n * 20 + k))
      durable.push(log.flushed())
      if (n === 0) await inFlight
      else await new Promise((resolve) => setImmediate(resolve))
    }
    release()
    await Promise.all(durable)
    // The first burst, then the 49 appended while it was in flight: two commits, not 50.
    expect(log.commits).toBe(2)
    await log.close()
    expect(await readLog(path)).toEqual(Array.from({ length: 1000 }, (_, n) => `update number ${n}`))
  })

  it('reports an append durable only after its fdatasync has returned', async () => {
    const events: string[] = []
    restore = await patchFileHandle(
      'datasync',
      (original) =>
        async function (this: FileHandle) {
          events.push('fdatasync started')
          await new Promise((resolve) => setTimeout(resolve, 50))
          await original.call(this)
          events.push('fdatasync returned')
        },
    )
    const { log } = await UpdateLog.open(join(temp.path, 'log'))
    log.append(update(1))
    await log.flushed().then(() => events.push('reported durable'))
    expect(events).toEqual(['fdatasync started', 'fdatasync returned', 'reported durable'])
    await log.close()
  })

  it('fails flushed() with a storage error when the disk write fails, and stops committing', async () => {
    const { log } = await UpdateLog.open(join(temp.path, 'log'))
    restore = await patchFileHandle('write', () => async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })
    })
    log.append(update(1))
    const error = await log.flushed().catch((caught: unknown) => caught)
    expect(isCasebookError(error, 'STORAGE_FAILED')).toBe(true)
    expect((error as Error).message).toContain('the disk is full')
    restore()
    restore = undefined
    log.append(update(2))
    await expect(log.flushed()).rejects.toThrow(/the disk is full/)
    await expect(log.close()).rejects.toThrow(/the disk is full/)
  })

  it('cuts a torn tail on open, keeps everything before it, and saves the cut bytes', async () => {
    const path = join(temp.path, 'log')
    const { log } = await UpdateLog.open(path)
    for (let n = 0; n < 10; n += 1) log.append(update(n))
    await log.close()
    const whole = await readFile(path)
    await truncate(path, whole.length - 5)

    const reopened = await UpdateLog.open(path)
    expect(texts(reopened.updates)).toEqual(Array.from({ length: 9 }, (_, n) => `update number ${n}`))
    expect(reopened.repair).toMatchObject({ file: path, reason: 'a record is cut short', droppedBytes: 8 + 'update number 9'.length - 5 })
    expect(await readFile(reopened.repair!.savedTo)).toEqual(whole.subarray(whole.length - 8 - 'update number 9'.length, whole.length - 5))
    // Appends continue after the kept records.
    reopened.log.append(update(10))
    await reopened.log.close()
    expect((await readLog(path)).slice(-2)).toEqual(['update number 8', 'update number 10'])
  })

  it('restarts a log whose header is damaged, saving the whole old file', async () => {
    const path = join(temp.path, 'log')
    await writeFile(path, 'not a casebook log at all')
    const { log, updates, repair } = await UpdateLog.open(path)
    expect(updates).toEqual([])
    expect(repair?.reason).toBe('the file does not start with its header')
    expect(await readFile(repair!.savedTo, 'utf8')).toBe('not a casebook log at all')
    expect(await readFile(path)).toEqual(MAGIC.log)
    await log.close()
  })

  it('replaces its content with a snapshot, keeping updates appended after the capture', async () => {
    const path = join(temp.path, 'log')
    const { log } = await UpdateLog.open(path)
    for (let n = 0; n < 5; n += 1) log.append(update(n))
    await log.flushed()
    log.append(update(5))
    let persisted = ''
    const compaction = log.replaceWithSnapshot(
      () => Buffer.from('state with updates 0-5'),
      async (state) => {
        log.append(update(6))
        persisted = Buffer.from(state).toString()
      },
    )
    await compaction
    await log.flushed()
    await log.close()
    expect(persisted).toBe('state with updates 0-5')
    expect(await readLog(path)).toEqual(['update number 6'])
  })
})
