import type { FileHandle } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { newDocumentContent, newDocumentState } from '../../../src/shared/model/documentBody.js'
import { Library } from '../../../src/main/library/library.js'
import { appendParagraph } from '../../helpers/documents.js'
import { useTempDir } from '../../helpers/tempDir.js'

/**
 * The library's crash safety rests on the order of its fsyncs and renames, which a SIGKILL test
 * cannot check (the page cache survives a killed process). These tests record every open, sync,
 * datasync, truncate and rename the library makes, with real files underneath.
 */
const events: string[] = []
const paths = new WeakMap<object, string>()
const label = (path: string) => `${basename(dirname(path))}/${basename(path).replace(/^\.cb[0-9a-f]+\.tmp$/, 'TEMP')}`

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>()
  const probe = await actual.open(import.meta.filename, 'r')
  const prototype = Object.getPrototypeOf(probe) as FileHandle
  await probe.close()
  for (const method of ['sync', 'datasync', 'truncate'] as const) {
    const original = prototype[method] as (...args: unknown[]) => Promise<void>
    ;(prototype as unknown as Record<string, unknown>)[method] = async function (this: FileHandle, ...args: unknown[]) {
      await original.apply(this, args)
      events.push(`${method} ${paths.get(this) ?? '?'}`)
    }
  }
  return {
    ...actual,
    open: async (path: string, ...rest: unknown[]) => {
      const handle = await (actual.open as (...args: unknown[]) => Promise<FileHandle>)(path, ...rest)
      paths.set(handle, label(path))
      return handle
    },
    rename: async (from: string, to: string) => {
      await actual.rename(from, to)
      events.push(`rename ${label(from)} -> ${label(to)}`)
    },
  }
})

/** Asserts that `expected` occur in `events` in this order (other events may come between). */
function expectInOrder(expected: string[]): void {
  let position = 0
  for (const event of events) if (event === expected[position]) position += 1
  expect(events.length > 0 && position === expected.length, `expected in order:\n${expected.join('\n')}\n\ngot:\n${events.join('\n')}`).toBe(true)
}

describe('the order of durable writes', () => {
  const temp = useTempDir()
  afterEach(() => {
    events.length = 0
  })

  it('creates a document in staging, fsyncs it whole, then renames it in and fsyncs documents/', async () => {
    const library = await Library.open(temp.path)
    events.length = 0
    const id = await library.create(newDocumentContent({ kind: 'case-study', title: 'Order' }))
    await library.close()
    expectInOrder([`sync ${id}/snapshot`, `sync staging/${id}`, `rename staging/${id} -> documents/${id}`, 'sync library/documents'])
  })

  it('makes the log of a new document at its first save: fsynced beside, renamed in, the folder fsynced, before the append is durable', async () => {
    const library = await Library.open(temp.path)
    const id = await library.create(newDocumentContent({ kind: 'case-study', title: 'Order' }))
    events.length = 0
    const handle = await library.open(id)
    appendParagraph(handle.doc, 'first')
    await handle.flushed().then(() => events.push('flushed'))
    expectInOrder([`sync ${id}/TEMP`, `rename ${id}/TEMP -> ${id}/log`, `sync documents/${id}`, `datasync ${id}/log`, 'flushed'])
    await handle.close()
    await library.close()
  })

  it('stores a batch with each document fsynced whole in staging, renamed in, ONE fsync of documents/, then ONE index write', async () => {
    const library = await Library.open(temp.path)
    events.length = 0
    const documents = ['One', 'Two', 'Three'].map((title) => newDocumentState({ kind: 'case-study', title }, { type: 'doc', content: [{ type: 'paragraph' }] }))
    const results = await library.createAllFromState(documents)
    const ids = results.map((result) => (result.status === 'fulfilled' ? result.value : ''))
    expect(
      library
        .list()
        .map((document) => document.meta.title)
        .sort(),
    ).toEqual(['One', 'Three', 'Two'])
    const written = [...events]
    await library.close()
    for (const id of ids) {
      expectInOrder([`sync ${id}/snapshot`, `sync staging/${id}`, `rename staging/${id} -> documents/${id}`, 'sync library/documents'])
    }
    // Every document is in documents/, durably, before the index lists any of them.
    const lastRename = Math.max(...ids.map((id) => written.indexOf(`rename staging/${id} -> documents/${id}`)))
    const commit = written.indexOf('sync library/documents')
    expect(commit).toBeGreaterThan(lastRename)
    expect(written.filter((event) => event === 'sync library/documents')).toHaveLength(1)
    expect(written.filter((event) => event === 'rename library/TEMP -> library/index.json')).toHaveLength(1)
    expect(written.indexOf('rename library/TEMP -> library/index.json')).toBeGreaterThan(commit)
  })

  it('compacts by fsyncing the new snapshot, renaming it over the old, fsyncing the folder, then emptying the log', async () => {
    // Compacted when closed, whatever the log holds.
    const library = await Library.open(temp.path, { compaction: { minBytes: 1 << 30, snapshotRatio: 8, onCloseBytes: 0 } })
    const id = await library.create(newDocumentContent({ kind: 'case-study', title: 'Order' }))
    const handle = await library.open(id)
    for (let n = 0; n < 100; n += 1) appendParagraph(handle.doc, `line ${n}`)
    await handle.flushed()
    events.length = 0
    await handle.close()
    expectInOrder([`sync ${id}/TEMP`, `rename ${id}/TEMP -> ${id}/snapshot`, `sync documents/${id}`, `truncate ${id}/log`, `datasync ${id}/log`])
    await library.close()
  })

  it('reports an append durable only after the fdatasync of its log', async () => {
    const library = await Library.open(temp.path)
    const id = await library.create(newDocumentContent({ kind: 'case-study', title: 'Order' }))
    const handle = await library.open(id)
    events.length = 0
    appendParagraph(handle.doc, 'durable')
    await handle.flushed().then(() => events.push('flushed'))
    expectInOrder([`datasync ${id}/log`, 'flushed'])
    await library.close()
  })
})
