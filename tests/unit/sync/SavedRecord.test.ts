import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readSavedFile, SavedRecord } from '../../../src/main/sync/SavedRecord.js'
import { useTempDir } from '../../helpers/tempDir.js'

describe('the record of what a network’s relay holds', () => {
  const temp = useTempDir()
  const onDisk = async (path: string) => JSON.parse(await readFile(path, 'utf8')) as unknown

  it('writes additions on close and drops at once, and a document changed while it was being written is written again without it', async () => {
    const path = join(temp.path, 'sync', 'brt.saved.json')
    const record = await SavedRecord.open(path)
    record.markSaved('a')
    record.markSaved('b')
    await record.close()
    expect(await onDisk(path)).toEqual({ seenAt: null, saved: ['a', 'b'] })

    const again = await SavedRecord.open(path)
    expect([again.isSaved('a'), again.isSaved('c')]).toEqual([true, false])
    // The drop of a starts a write; b changes while it runs, after the file's contents were taken.
    again.markChanged('a')
    again.markChanged('b')
    await again.close()
    expect(await onDisk(path)).toEqual({ seenAt: null, saved: [] })

    // c is saved and being written when it changes: the file, which did not hold it before, must not hold it after.
    const third = await SavedRecord.open(path)
    third.markSaved('c')
    const closing = third.close()
    await new Promise((resolve) => setImmediate(resolve))
    third.markChanged('c')
    await closing
    expect(await onDisk(path)).toEqual({ seenAt: null, saved: [] })
  })

  it('reads a missing, damaged or strange file as knowing nothing', async () => {
    const path = join(temp.path, 'brt.saved.json')
    expect(await readSavedFile(path)).toEqual({ seenAt: null, saved: [] })
    await writeFile(path, '{"seenAt": "not a time", "saved": ["a", 7, null]}')
    expect(await readSavedFile(path)).toEqual({ seenAt: null, saved: ['a'] })
    await writeFile(path, '{"seenAt": "2026-11-27T10:00:00.000Z", "saved": [')
    expect(await readSavedFile(path)).toEqual({ seenAt: null, saved: [] })
  })
})
