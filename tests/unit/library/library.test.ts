import { cp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { existsSync } from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { isCasebookError, type ErrorCode } from '../../../src/shared/errors.js'
import * as Y from 'yjs'
import { readMeta, writeMeta } from '../../../src/shared/model/document.js'
import { buildDocument, newDocumentContent, readBodyText } from '../../../src/shared/model/documentBody.js'
import { Library, type LibraryChange, type LibraryOptions, type Repair } from '../../../src/main/library/library.js'
import { stampOf } from '../../../src/main/library/libraryIndex.js'
import { appendParagraph, paragraphs } from '../../helpers/documents.js'
import { eventually } from '../../helpers/eventually.js'
import { patchFileHandle } from '../../helpers/patchFileHandle.js'
import { useTempDir } from '../../helpers/tempDir.js'
import { flipByte } from '../../helpers/flipByte.js'

async function expectCode(promise: Promise<unknown> | (() => unknown), code: ErrorCode, message?: RegExp): Promise<void> {
  const error = await (typeof promise === 'function' ? Promise.resolve().then(promise) : promise).then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(isCasebookError(error, code), `expected ${code}, got ${String(error)}`).toBe(true)
  if (message) expect((error as Error).message).toMatch(message)
}

describe('Library', () => {
  const temp = useTempDir()
  const open: Library[] = []
  const openLibrary = async (options?: LibraryOptions, dir = temp.path) => {
    const library = await Library.open(dir, options)
    open.push(library)
    return library
  }
  // Some tests close a library themselves and expect that close to fail; cleanup need not fail again.
  afterEach(async () => {
    restoreNow()
    await Promise.allSettled(open.splice(0).map((library) => library.close()))
  })
  let restorePatch: (() => void) | undefined
  const restoreAfter = (restore: () => void) => (restorePatch = restore)
  const restoreNow = () => {
    restorePatch?.()
    restorePatch = undefined
  }

  /** Makes every fdatasync wait until the returned function is called. */
  const holdDatasyncs = async () => {
    let release = () => {}
    const gate = new Promise<void>((resolve) => (release = resolve))
    restoreAfter(
      await patchFileHandle(
        'datasync',
        (original) =>
          async function (this: FileHandle) {
            await gate
            return original.call(this)
          },
      ),
    )
    return release
  }

  const caseStudy = (title: string, extra: Partial<Parameters<typeof newDocumentContent>[0]> = {}) =>
    newDocumentContent({ kind: 'case-study', title, ...extra })

  it('lists created documents with their meta, newest first, and again after a reopen', async () => {
    const library = await openLibrary()
    const a = await library.create(newDocumentContent({ kind: 'case-study', title: 'Cool roofs' }, undefined, new Date('2026-01-01T00:00:00Z')))
    const b = await library.create(newDocumentContent({ kind: 'workshop-notes', title: 'Kickoff', city: 'Accra' }, undefined, new Date('2026-03-01T00:00:00Z')))
    const expected = [
      { id: b, title: 'Kickoff', kind: 'workshop-notes', city: 'Accra' },
      { id: a, title: 'Cool roofs', kind: 'case-study', city: undefined },
    ]
    const view = (lib: Library) => lib.list().map(({ id, meta }) => ({ id, title: meta.title, kind: meta.kind, city: meta.city }))
    expect(view(library)).toEqual(expected)
    await library.close()
    expect(view(await openLibrary())).toEqual(expected)
  })

  it('keeps edits made to an open document across a reopen', async () => {
    const library = await openLibrary()
    const id = await library.create(caseStudy('Heat'))
    const stored = await library.open(id)
    for (let n = 0; n < 50; n += 1) appendParagraph(stored.doc, `line ${n}`)
    writeMeta(stored.doc, { title: 'Heat action plan', topics: ['heat'] })
    await library.close()

    const reopened = await openLibrary()
    expect(reopened.summary(id).meta).toMatchObject({ title: 'Heat action plan', topics: ['heat'] })
    const doc = (await reopened.open(id)).doc
    expect(paragraphs(doc)).toEqual(Array.from({ length: 50 }, (_, n) => `line ${n}`))
    expect(readMeta(doc).title).toBe('Heat action plan')
  })

  it('stores a new document as its snapshot alone, opens it writing nothing, makes its log at the first save, and keeps that edit', async () => {
    const library = await openLibrary()
    const id = await library.create(caseStudy('Fresh'))
    const dir = join(temp.path, 'library', 'documents', id)
    expect(await readdir(dir)).toEqual(['snapshot'])
    await library.close()

    const reopened = await openLibrary()
    expect(reopened.summary(id).meta.title).toBe('Fresh')
    const stored = await reopened.open(id)
    expect(await readdir(dir)).toEqual(['snapshot'])
    appendParagraph(stored.doc, 'first edit')
    await stored.flushed()
    expect((await readdir(dir)).sort()).toEqual(['log', 'snapshot'])
    await reopened.close()

    expect(paragraphs((await (await openLibrary()).open(id)).doc)).toContain('first edit')
  })

  it('leaves, after a clean close, an index whose stamps match the files, so the next open reads no document', async () => {
    const library = await openLibrary()
    const id = await library.create(caseStudy('Stamps'))
    const stored = await library.open(id)
    for (let n = 0; n < 5000; n += 1) appendParagraph(stored.doc, `line ${n}`)
    await library.close()
    const index = JSON.parse(await readFile(join(temp.path, 'library', 'index.json'), 'utf8')) as { entries: { id: string; stamp: string }[] }
    expect(index.entries).toEqual([expect.objectContaining({ id, stamp: stampOf(join(temp.path, 'library', 'documents', id)) })])
  })

  it('rebuilds a missing index from the document folders', async () => {
    const library = await openLibrary()
    const ids = [await library.create(caseStudy('One')), await library.create(caseStudy('Two'))]
    await library.close()
    await rm(join(temp.path, 'library', 'index.json'))
    expect(
      (await openLibrary())
        .list()
        .map((d) => d.id)
        .sort(),
    ).toEqual(ids.sort())
  })

  it('rebuilds an unreadable index', async () => {
    const library = await openLibrary()
    const id = await library.create(caseStudy('One'))
    await library.close()
    await writeFile(join(temp.path, 'library', 'index.json'), '{"format":1,"entr')
    expect((await openLibrary()).list().map((d) => d.meta.title)).toEqual(['One'])
    expect(JSON.parse(await readFile(join(temp.path, 'library', 'index.json'), 'utf8')).entries[0].id).toBe(id)
  })

  it('re-reads a document whose files changed after the index was written, as after a crash', async () => {
    const library = await openLibrary()
    const id = await library.create(caseStudy('Before'))
    const stored = await library.open(id)
    writeMeta(stored.doc, { title: 'After' })
    await stored.flushed()
    // Copy the data directory as a crash would leave it: the change is on disk, the index is not rewritten.
    const crashed = join(temp.path, '..', `${temp.path.split('/').pop()}-crashed`)
    await cp(temp.path, crashed, { recursive: true, preserveTimestamps: true })
    await rm(join(crashed, 'lock'))
    try {
      const recovered = await openLibrary({}, crashed)
      expect(recovered.summary(id).meta.title).toBe('After')
      await recovered.close()
    } finally {
      await rm(crashed, { recursive: true, force: true })
    }
  })

  it('adopts a document from elsewhere under its own id, whole, and refuses a taken id, a bad id or unreadable content', async () => {
    const library = await openLibrary()
    const elsewhere = buildDocument('0123456789abcdef', caseStudy('From another device', { city: 'Quito' }))
    appendParagraph(elsewhere, 'written there')
    const state = Y.encodeStateAsUpdate(elsewhere)
    await library.adopt('0123456789abcdef', state)
    expect(library.summary('0123456789abcdef').meta).toMatchObject({ title: 'From another device', city: 'Quito' })
    expect(paragraphs((await library.open('0123456789abcdef')).doc)).toContain('written there')

    await expectCode(library.adopt('0123456789abcdef', state), 'DOCUMENT_EXISTS')
    await expectCode(library.adopt('../../escape', state), 'INVALID_CONTENT', /is not a document id/)
    await expectCode(library.adopt('fedcba9876543210', new Uint8Array([1, 2, 3])), 'INVALID_CONTENT', /cannot be read/)
    expect(library.list().map((summary) => summary.id)).toEqual(['0123456789abcdef'])
    expect(await readdir(join(temp.path, 'library', 'documents'))).toEqual(['0123456789abcdef'])
  })

  it('tells watchers of every change, with the origin of each edit', async () => {
    const library = await openLibrary()
    const changes: LibraryChange[] = []
    const stop = library.watch((change) => changes.push(change))
    const id = await library.create(caseStudy('Watched'))
    const handle = await library.open(id)
    handle.doc.transact(() => appendParagraph(handle.doc, 'an edit'), 'the editor')
    await handle.close()
    await library.trash(id)
    await library.restore(id)
    stop()
    await library.trash(id)
    expect(changes).toEqual([
      { id, cause: 'create' },
      { id, cause: 'edit', origin: 'the editor' },
      { id, cause: 'trash' },
      { id, cause: 'restore' },
    ])
  })

  it('moves documents to the trash and back', async () => {
    const library = await openLibrary()
    const keep = await library.create(caseStudy('Keep'))
    const id = await library.create(caseStudy('Bin me'))
    const handle = await library.open(id)
    appendParagraph(handle.doc, 'still here')
    await expectCode(library.trash(id), 'DOCUMENT_IN_USE', /is open; close it first/)
    await handle.close()
    await library.trash(id)
    expect(library.list().map((d) => d.id)).toEqual([keep])
    expect(library.listTrash()).toMatchObject([{ id, meta: { title: 'Bin me' } }])
    expect(library.listTrash()[0]?.trashedAt).toMatch(/^\d{4}-/)
    await expectCode(library.open(id), 'UNKNOWN_DOCUMENT', /No document has the id/)
    await library.close()

    const reopened = await openLibrary()
    expect(reopened.listTrash().map((d) => d.id)).toEqual([id])
    await reopened.restore(id)
    expect(
      reopened
        .list()
        .map((d) => d.id)
        .sort(),
    ).toEqual([keep, id].sort())
    expect(reopened.listTrash()).toEqual([])
    expect(paragraphs((await reopened.open(id)).doc)).toEqual(['still here'])
    await expectCode(reopened.restore(id), 'UNKNOWN_DOCUMENT', /in the trash/)
  })

  describe('one document used from several places at once', () => {
    it('shares one loaded document between handles, and keeps it loaded until the last closes', async () => {
      const library = await openLibrary()
      const id = await library.create(caseStudy('Shared'))
      const [editor, sync] = await Promise.all([library.open(id), library.open(id)])
      expect(editor.doc).toBe(sync.doc)
      await sync.close()
      appendParagraph(editor.doc, 'typed after sync let go')
      await editor.flushed()
      await expectCode(sync.flushed(), 'DOCUMENT_CLOSED')
      await editor.close()
      await library.close()
      expect(paragraphs((await (await openLibrary()).open(id)).doc)).toEqual(['typed after sync let go'])
    })

    it('loads a document afresh when it is opened while its last handle is closing, losing no edit', async () => {
      const library = await openLibrary()
      const id = await library.create(caseStudy('Reopen'))
      const first = await library.open(id)
      for (let n = 0; n < 3000; n += 1) appendParagraph(first.doc, `first ${n}`)
      const closing = first.close()
      const second = await library.open(id)
      expect(second.doc).not.toBe(first.doc)
      appendParagraph(second.doc, 'second')
      await second.flushed()
      await closing
      await library.close()
      const text = paragraphs((await (await openLibrary()).open(id)).doc)
      expect(text).toHaveLength(3001)
      expect(text.at(-1)).toBe('second')
    })

    it('saves a version without closing the document for anyone else who has it open', async () => {
      const library = await openLibrary()
      const id = await library.create(caseStudy('Versioned'))
      const saving = library.saveVersion(id, { label: 'v1', author: 'Ines' })
      const editor = await library.open(id)
      await saving
      appendParagraph(editor.doc, 'after the version')
      await editor.flushed()
      await library.close()
      expect(paragraphs((await (await openLibrary()).open(id)).doc)).toEqual(['after the version'])
    })

    it('refuses to trash a document that is being opened, and opens nothing after a trash', async () => {
      const library = await openLibrary()
      const id = await library.create(caseStudy('Race'))
      const opening = library.open(id)
      await expectCode(library.trash(id), 'DOCUMENT_IN_USE')
      await (await opening).close()
      const trashing = library.trash(id)
      await expectCode(library.open(id), 'UNKNOWN_DOCUMENT')
      await trashing
    })

    it('refuses new work once the library is closed, and saved the work of handles still open', async () => {
      const library = await openLibrary()
      const id = await library.create(caseStudy('Closed'))
      const handle = await library.open(id)
      appendParagraph(handle.doc, 'saved by the close')
      await library.close()
      await handle.close()
      await expectCode(handle.flushed(), 'DOCUMENT_CLOSED')
      await expectCode(library.open(id), 'LIBRARY_INVALID', /has been closed/)
      await expectCode(library.create(caseStudy('Late')), 'LIBRARY_INVALID')
      expect(paragraphs((await (await openLibrary()).open(id)).doc)).toEqual(['saved by the close'])
    })
  })

  describe('when the disk fails', () => {
    let restore: (() => void) | undefined
    afterEach(() => restore?.())

    it('closes every other document, saves the index and only then releases the lock, and reports the failure', async () => {
      const library = await openLibrary()
      const failing = await library.create(caseStudy('Failing'))
      const slow = await library.create(caseStudy('Slow'))
      const [a, b] = [await library.open(failing), await library.open(slow)]
      const events: string[] = []
      let writes = 0
      const restoreWrite = await patchFileHandle(
        'write',
        (original) =>
          async function (this: FileHandle, ...args: Parameters<FileHandle['write']>) {
            // The first commit (a's) fails; later ones go through.
            if (writes++ === 0) throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' })
            return original.apply(this, args) as ReturnType<FileHandle['write']>
          } as FileHandle['write'],
      )
      const restoreSync = await patchFileHandle(
        'datasync',
        (original) =>
          async function (this: FileHandle) {
            await new Promise((resolve) => setTimeout(resolve, 50))
            await original.call(this)
            events.push(`synced; lock still there: ${existsSync(join(temp.path, 'lock'))}`)
          },
      )
      restore = () => {
        restoreWrite()
        restoreSync()
      }
      appendParagraph(a.doc, 'lost to the disk')
      await expectCode(a.flushed(), 'STORAGE_FAILED', /input\/output error/)
      appendParagraph(b.doc, 'saved despite the other')
      await expectCode(library.close(), 'STORAGE_FAILED')
      expect(events[0]).toBe('synced; lock still there: true')
      expect(existsSync(join(temp.path, 'lock'))).toBe(false)
      restore()
      restore = undefined
      expect(paragraphs((await (await openLibrary()).open(slow)).doc)).toEqual(['saved despite the other'])
    })

    it('lets a document whose close failed be opened again, and trashed', async () => {
      const library = await openLibrary()
      const id = await library.create(caseStudy('Retry'))
      const handle = await library.open(id)
      restore = await patchFileHandle('write', () => async () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
      })
      appendParagraph(handle.doc, 'x')
      await expectCode(handle.close(), 'STORAGE_FAILED', /the disk is full/)
      restore()
      restore = undefined
      const again = await library.open(id)
      appendParagraph(again.doc, 'after the disk came back')
      await again.close()
      await library.trash(id)
      expect(library.listTrash().map((d) => d.id)).toEqual([id])
    })
  })

  it('waits, when closing, for a version being written, and refuses one that had not started', async () => {
    const library = await openLibrary()
    const id = await library.create(caseStudy('Version at quit'))
    let reachedSync = () => {}
    const syncing = new Promise<void>((resolve) => (reachedSync = resolve))
    let releaseSync = () => {}
    const gate = new Promise<void>((resolve) => (releaseSync = resolve))
    restoreAfter(
      await patchFileHandle(
        'sync',
        (original) =>
          async function (this: FileHandle) {
            reachedSync()
            await gate
            return original.call(this)
          },
      ),
    )
    const saving = library.saveVersion(id, { label: 'Last one', author: 'Kofi' })
    await syncing
    let closed = false
    const closing = library.close().then(() => (closed = true))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(closed).toBe(false)
    expect(existsSync(join(temp.path, 'lock'))).toBe(true)
    releaseSync()
    await Promise.all([saving, closing])
    restoreNow()
    const reopened = await openLibrary()
    expect((await reopened.versions(id)).map((version) => version.label)).toEqual(['Last one'])
    const late = reopened.saveVersion(id, { label: 'Too late', author: 'Kofi' }).then(
      () => null,
      (error: unknown) => error,
    )
    await reopened.close()
    expect(isCasebookError(await late, 'LIBRARY_INVALID')).toBe(true)
  })

  it('re-reads a document whose last save failed, so the index never shows meta that is not on disk', async () => {
    const library = await openLibrary()
    const id = await library.create(caseStudy('Original'))
    const handle = await library.open(id)
    restoreAfter(
      await patchFileHandle('write', () => async () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
      }),
    )
    writeMeta(handle.doc, { title: 'Never saved' })
    await expectCode(handle.close(), 'STORAGE_FAILED')
    restoreNow()
    await library.close()
    expect((await openLibrary()).list().map((d) => d.meta.title)).toEqual(['Original'])
  })

  it('keeps a blank stamp until the close has finished, so an index saved meanwhile never vouches for unsaved meta', async () => {
    const library = await openLibrary()
    const id = await library.create(caseStudy('Original'))
    const handle = await library.open(id)
    const releaseSync = await holdDatasyncs()
    writeMeta(handle.doc, { title: 'Not on disk yet' })
    const closing = handle.close()
    const creating = library.create(caseStudy('Other'))
    await new Promise((resolve) => setTimeout(resolve, 50))
    const index = JSON.parse(await readFile(join(temp.path, 'library', 'index.json'), 'utf8')) as { entries: { id: string; stamp: string }[] }
    expect(index.entries.find((entry) => entry.id === id)?.stamp).toBe('')
    releaseSync()
    await Promise.all([closing, creating])
  })

  it('saves none of the edits made once a close has begun, not even in the closing compaction, so the index stays true', async () => {
    const library = await openLibrary({ compaction: { minBytes: 1 << 20, snapshotRatio: 8, onCloseBytes: 10 } })
    const id = await library.create(caseStudy('Before the close'))
    const handle = await library.open(id)
    const releaseSync = await holdDatasyncs()
    appendParagraph(handle.doc, 'enough to compact on close')
    // Its commit is now waiting for the disk, and the close and its compaction queue up behind it.
    await new Promise((resolve) => setTimeout(resolve, 20))
    const closing = handle.close()
    await new Promise((resolve) => setTimeout(resolve, 20))
    writeMeta(handle.doc, { title: 'During the close' })
    appendParagraph(handle.doc, 'during the close')
    releaseSync()
    await closing
    restoreNow()
    await library.close()

    const reopened = await openLibrary()
    const doc = (await reopened.open(id)).doc
    expect(readMeta(doc).title).toBe('Before the close')
    expect(paragraphs(doc)).toContain('enough to compact on close')
    expect(paragraphs(doc)).not.toContain('during the close')
    expect(reopened.summary(id).meta.title).toBe('Before the close')
  })

  it('lists and opens a document whose meta holds values this version cannot accept, and keeps them', async () => {
    const library = await openLibrary()
    const id = await library.create(caseStudy('From the future'))
    const handle = await library.open(id)
    handle.doc.getMap('meta').set('status', 'archived-by-v2')
    await library.close()
    await rm(join(temp.path, 'library', 'index.json'))

    const reopened = await openLibrary()
    expect(reopened.damaged()).toEqual([])
    expect(reopened.summary(id).meta).toMatchObject({ title: 'From the future', status: 'draft' })
    const doc = (await reopened.open(id)).doc
    writeMeta(doc, { title: 'Edited by an older Casebook' })
    expect(doc.getMap('meta').get('status')).toBe('archived-by-v2')
  })

  it('leaves no blank stamp after a clean close, even for documents open while the index was saved', async () => {
    const library = await openLibrary()
    const id = await library.create(caseStudy('Open during a save'))
    const handle = await library.open(id)
    await library.create(caseStudy('Saved meanwhile'))
    await handle.close()
    await library.close()
    const index = JSON.parse(await readFile(join(temp.path, 'library', 'index.json'), 'utf8')) as { entries: { id: string; place: string; stamp: string }[] }
    for (const entry of index.entries) expect(entry.stamp).toBe(stampOf(join(temp.path, 'library', entry.place, entry.id)))
  })

  it('writes blank stamps for open documents, so their meta is re-read after a crash', async () => {
    const library = await openLibrary()
    const id = await library.create(caseStudy('Before'))
    const handle = await library.open(id)
    writeMeta(handle.doc, { title: 'In memory only' })
    // Any later save of the index, here from creating another document, must not vouch for it.
    await library.create(caseStudy('Another'))
    const index = JSON.parse(await readFile(join(temp.path, 'library', 'index.json'), 'utf8')) as {
      entries: { id: string; stamp: string; meta: { title: string } }[]
    }
    expect(index.entries.find((entry) => entry.id === id)).toMatchObject({ stamp: '' })
    await handle.close()
    // Once closed, the doc's edits no longer touch the index.
    writeMeta(handle.doc, { title: 'Edited after close' })
    expect(library.summary(id).meta.title).toBe('In memory only')
  })

  it('saves named versions with label, author, time and full state', async () => {
    const library = await openLibrary()
    const id = await library.create(caseStudy('Versions'))
    const stored = await library.open(id)
    appendParagraph(stored.doc, 'first draft')
    const first = await library.saveVersion(id, { label: 'Draft for review', author: 'Ines' })
    appendParagraph(stored.doc, 'second draft')
    writeMeta(stored.doc, { title: 'Versions, revised' })
    const second = await library.saveVersion(id, { label: 'Final', author: 'Kofi' })
    await library.close()

    const reopened = await openLibrary()
    const versions = await reopened.versions(id)
    expect(versions.map(({ id: versionId, label, author }) => ({ versionId, label, author }))).toEqual([
      { versionId: first.id, label: 'Draft for review', author: 'Ines' },
      { versionId: second.id, label: 'Final', author: 'Kofi' },
    ])
    expect(Date.parse(versions[0]!.createdAt)).toBeLessThanOrEqual(Date.parse(versions[1]!.createdAt))
    const old = await reopened.readVersion(id, first.id)
    expect(paragraphs(old)).toEqual(['first draft'])
    expect(readMeta(old).title).toBe('Versions')
    expect(paragraphs(await reopened.readVersion(id, second.id))).toEqual(['first draft', 'second draft'])
    await expectCode(reopened.readVersion(id, 'nope'), 'UNKNOWN_VERSION')
  })

  it('refuses a version without a label and writes nothing', async () => {
    const library = await openLibrary()
    const id = await library.create(caseStudy('Versions'))
    await expectCode(library.saveVersion(id, { label: '  ', author: 'Ines' }), 'INVALID_META', /"label" must not be empty/)
    expect(await library.versions(id)).toEqual([])
    await expect(readdir(join(temp.path, 'library', 'documents', id))).resolves.not.toContain('history')
  })

  it('compacts on close without changing the content, and the compacted files reopen to the same text', async () => {
    const library = await openLibrary({ compaction: { minBytes: 1 << 30, snapshotRatio: 8, onCloseBytes: 0 } })
    const id = await library.create(caseStudy('Compaction'))
    const stored = await library.open(id)
    // Saved one by one, so that the log holds a record for each and outweighs the snapshot.
    for (let n = 0; n < 300; n += 1) {
      appendParagraph(stored.doc, `paragraph ${n}`)
      await stored.flushed()
    }
    const before = readBodyText(stored.doc)
    const dir = join(temp.path, 'library', 'documents', id)
    const logBefore = (await stat(join(dir, 'log'))).size
    await stored.close()
    expect((await stat(join(dir, 'log'))).size).toBe(8)
    expect((await stat(join(dir, 'snapshot'))).size).toBeLessThan(logBefore)
    await library.close()
    expect(readBodyText((await (await openLibrary()).open(id)).doc)).toBe(before)
  })

  it('compacts automatically once the log outgrows the snapshot, losing nothing', async () => {
    const library = await openLibrary({ compaction: { minBytes: 4096, snapshotRatio: 1, onCloseBytes: 1 << 30 } })
    const id = await library.create(caseStudy('Auto'))
    const stored = await library.open(id)
    const snapshot = join(temp.path, 'library', 'documents', id, 'snapshot')
    const firstSnapshot = await readFile(snapshot)
    let appendedBytes = 0
    stored.doc.on('update', (update: Uint8Array) => (appendedBytes += update.length))
    for (let n = 0; n < 3000; n += 1) {
      appendParagraph(stored.doc, `p${n}`)
      if (n % 100 === 0) await stored.flushed()
    }
    await stored.flushed()
    await library.close()
    expect(await readFile(snapshot)).not.toEqual(firstSnapshot)
    expect((await stat(join(temp.path, 'library', 'documents', id, 'log'))).size).toBeLessThan(appendedBytes / 2)
    expect(paragraphs((await (await openLibrary()).open(id)).doc)).toHaveLength(3000)
  })

  it('reports a compaction that fails, with nobody waiting for it, and loses no change', async () => {
    const failures: unknown[] = []
    const library = await openLibrary({
      compaction: { minBytes: 0, snapshotRatio: 0, onCloseBytes: 1 << 30 },
      onStorageFailure: (failure) => failures.push(failure),
    })
    const id = await library.create(caseStudy('Blocked'))
    const stored = await library.open(id)
    // A folder where the new snapshot must go: writing it fails, as on a disk gone wrong.
    const snapshot = join(temp.path, 'library', 'documents', id, 'snapshot')
    const saved = await readFile(snapshot)
    await rm(snapshot)
    await mkdir(join(snapshot, 'in-the-way'), { recursive: true })
    appendParagraph(stored.doc, 'kept in the log')
    await stored.flushed()
    await eventually(() => failures.length > 0, 'the failed compaction is reported')
    expect(failures).toEqual([{ documentId: id, during: 'compaction', error: expect.objectContaining({ code: expect.any(String) }) as unknown }])
    await library.close()
    await rm(snapshot, { recursive: true })
    await writeFile(snapshot, saved)
    expect(paragraphs((await (await openLibrary()).open(id)).doc)).toEqual(['kept in the log'])
  })

  it('reports and cuts a log tail with a flipped byte, keeping the earlier edits', async () => {
    const library = await openLibrary()
    const id = await library.create(caseStudy('Flip'))
    const stored = await library.open(id)
    // Saved one by one: one record each, so a damaged last record loses only the last edit.
    for (let n = 0; n < 20; n += 1) {
      appendParagraph(stored.doc, `edit ${n}`)
      await stored.flushed()
    }
    await library.close()
    const log = join(temp.path, 'library', 'documents', id, 'log')
    const bytes = await readFile(log)
    flipByte(bytes, 2)
    await writeFile(log, bytes)

    const repairs: Repair[] = []
    const reopened = await openLibrary({ onRepair: (repair) => repairs.push(repair) })
    expect(repairs).toHaveLength(1)
    expect(repairs[0]).toMatchObject({ documentId: id, reason: 'a record fails its checksum' })
    expect(repairs[0]!.droppedBytes).toBeGreaterThan(0)
    expect((await stat(log)).size).toBe(bytes.length - repairs[0]!.droppedBytes)
    expect(paragraphs((await reopened.open(id)).doc)).toEqual(Array.from({ length: 19 }, (_, n) => `edit ${n}`))
  })

  it('opens, and names a document whose snapshot is damaged, leaving its files alone', async () => {
    const library = await openLibrary()
    const good = await library.create(caseStudy('Good'))
    const bad = await library.create(caseStudy('Bad'))
    await library.close()
    const snapshot = join(temp.path, 'library', 'documents', bad, 'snapshot')
    const bytes = await readFile(snapshot)
    flipByte(bytes, 1)
    await writeFile(snapshot, bytes)

    const reopened = await openLibrary()
    expect(reopened.list().map((d) => d.id)).toEqual([good])
    expect(reopened.damaged()).toEqual([{ id: bad, problem: `Document ${bad} is damaged: its snapshot a record fails its checksum.` }])
    await expectCode(reopened.open(bad), 'DOCUMENT_DAMAGED')
    expect(await readFile(snapshot)).toEqual(bytes)
  })

  it('ignores stray files among the documents, and names a document folder with no snapshot', async () => {
    const library = await openLibrary()
    const good = await library.create(caseStudy('Good'))
    await library.close()
    await writeFile(join(temp.path, 'library', 'documents', '.DS_Store'), 'junk')
    await mkdir(join(temp.path, 'library', 'documents', 'emptyfolder'))
    const reopened = await openLibrary()
    expect(reopened.list().map((d) => d.id)).toEqual([good])
    expect(reopened.damaged()).toEqual([{ id: 'emptyfolder', problem: 'Document emptyfolder is damaged: its snapshot file is missing.' }])
  })

  it('discards a creation that a crash left in staging', async () => {
    const library = await openLibrary()
    await library.close()
    await mkdir(join(temp.path, 'library', 'staging', 'half-written'))
    await writeFile(join(temp.path, 'library', 'staging', 'half-written', 'snapshot'), 'partial')
    const reopened = await openLibrary()
    expect(reopened.list()).toEqual([])
    expect(await readdir(join(temp.path, 'library', 'staging'))).toEqual([])
  })

  it('removes the search index that an older Casebook wrote as search.json, and nothing else', async () => {
    const library = await openLibrary()
    await library.create(caseStudy('Kept'))
    await library.close()
    await writeFile(join(temp.path, 'library', 'search.json'), '{"format":2}')
    const before = (await readdir(join(temp.path, 'library'))).sort()
    const reopened = await openLibrary()
    expect(reopened.list().map((summary) => summary.meta.title)).toEqual(['Kept'])
    expect((await readdir(join(temp.path, 'library'))).sort()).toEqual(before.filter((name) => name !== 'search.json'))
  })

  it('resolves ids from a unique prefix of four or more characters', async () => {
    const library = await openLibrary()
    const id = await library.create(caseStudy('Prefix'))
    expect(library.resolveId(id)).toBe(id)
    expect(library.resolveId(id.slice(0, 4))).toBe(id)
    await expectCode(() => library.resolveId(id.slice(0, 3)), 'UNKNOWN_DOCUMENT')
    await expectCode(() => library.resolveId('zzzzzzzz'), 'UNKNOWN_DOCUMENT', /No document has the id "zzzzzzzz"/)
  })

  it('refuses a data directory that is a file, or a library of an unknown format', async () => {
    const file = join(temp.path, 'plain-file')
    await writeFile(file, 'x')
    await expectCode(Library.open(file), 'LIBRARY_INVALID', /is not a folder/)
    await mkdir(join(temp.path, 'future', 'library'), { recursive: true })
    await writeFile(join(temp.path, 'future', 'library', 'format.json'), '{"format":2}')
    await expectCode(Library.open(join(temp.path, 'future')), 'LIBRARY_INVALID', /format 2/)
    await expect(readdir(join(temp.path, 'future'))).resolves.not.toContain('lock')
  })

  it('refuses a second open of the same data directory', async () => {
    await openLibrary()
    await expectCode(Library.open(temp.path), 'LIBRARY_LOCKED', new RegExp(`pid ${process.pid}`))
  })
})
