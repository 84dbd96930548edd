import type { FileHandle } from 'node:fs/promises'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CasebookError } from '../../../src/shared/errors.js'
import { newDocumentState } from '../../../src/shared/model/documentBody.js'
import { Library } from '../../../src/main/library/library.js'
import { useTempDir } from '../../helpers/tempDir.js'

/**
 * A batch of new documents against a failing disk: the library's own fs calls fail where a test says,
 * with real files underneath.
 */
const faults = { renameNumber: 0, rm: false, syncDocuments: false }
const renames: string[] = []
const eio = (call: string) => Object.assign(new Error(`EIO: i/o error, ${call}`), { code: 'EIO' })

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>()
  return {
    ...actual,
    open: async (path: string, ...rest: unknown[]) => {
      const handle = await (actual.open as (...args: unknown[]) => Promise<FileHandle>)(path, ...rest)
      if (faults.syncDocuments && path.endsWith(join('library', 'documents'))) {
        handle.sync = async () => {
          throw eio('fsync')
        }
      }
      return handle
    },
    rename: async (from: string, to: string) => {
      if (from.includes(join('library', 'staging')) && renames.push(to) === faults.renameNumber) throw eio('rename')
      await actual.rename(from, to)
    },
    rm: async (...args: Parameters<typeof actual.rm>) => {
      if (faults.rm) throw eio('rm')
      await actual.rm(...args)
    },
  }
})

const documents = (count: number) =>
  Array.from({ length: count }, (_, n) => newDocumentState({ kind: 'case-study', title: `Case ${n}` }, { type: 'doc', content: [{ type: 'paragraph' }] }))

const titles = (library: Library) =>
  library
    .list()
    .map((document) => document.meta.title)
    .sort()

describe('a batch of new documents on a failing disk', () => {
  const temp = useTempDir()
  afterEach(() => {
    Object.assign(faults, { renameNumber: 0, rm: false, syncDocuments: false })
    renames.length = 0
  })

  it('reports the one that failed mid-batch, even if its staging folder cannot be removed, stores the others, and writes nothing after it returns', async () => {
    const library = await Library.open(temp.path)
    Object.assign(faults, { renameNumber: 5, rm: true })
    const results = await library.createAllFromState(documents(20))
    const renamed = renames.length
    const failed = results.flatMap((result, position) => (result.status === 'rejected' ? [{ position, reason: result.reason as unknown }] : []))
    expect(failed).toHaveLength(1)
    const [{ position, reason }] = failed as [{ position: number; reason: unknown }]
    expect(reason).toBeInstanceOf(CasebookError)
    expect((reason as CasebookError).code).toBe('STORAGE_FAILED')
    expect((reason as CasebookError).message).toBe(`Could not store the new document "Case ${position}": the disk reported an input/output error.`)
    // No lane went on writing once the batch returned: every rename it started was counted then.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(renames).toHaveLength(renamed)
    const stored = results.filter((result) => result.status === 'fulfilled').length
    expect(titles(library)).toHaveLength(stored)
    expect(titles(library)).not.toContain(`Case ${position}`)
    faults.rm = false
    await library.close()
  })

  it('reports every document of the batch failed when the fsync of documents/ fails, and none comes back on the next open', async () => {
    const library = await Library.open(temp.path)
    faults.syncDocuments = true
    const results = await library.createAllFromState(documents(6))
    expect(results.map((result) => result.status)).toEqual(Array(6).fill('rejected'))
    expect((results[0] as PromiseRejectedResult).reason.message).toBe('Could not store the new documents: the disk reported an input/output error.')
    expect(library.list()).toEqual([])
    faults.syncDocuments = false
    await library.close()
    expect(await readdir(join(temp.path, 'library', 'documents'))).toEqual([])
    const reopened = await Library.open(temp.path)
    expect(reopened.list()).toEqual([])
    await reopened.close()
  })

  it('names the one document of a single store when the fsync of documents/ fails', async () => {
    const library = await Library.open(temp.path)
    faults.syncDocuments = true
    await expect(library.createFromState(documents(1)[0] as ReturnType<typeof newDocumentState>)).rejects.toThrow(
      'Could not store the new document "Case 0": the disk reported an input/output error.',
    )
    faults.syncDocuments = false
    await library.close()
  })
})
