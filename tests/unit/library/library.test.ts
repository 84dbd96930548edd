import { cp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { isCasebookError, type ErrorCode } from '../../../src/shared/errors.js'
import { newDocumentContent, readBodyText, readMeta, writeMeta } from '../../../src/shared/model/document.js'
import { Library, type LibraryOptions, type Repair } from '../../../src/main/library/library.js'
import { stampOf } from '../../../src/main/library/libraryIndex.js'
import { appendParagraph, paragraphs } from '../../helpers/documents.js'
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
  afterEach(async () => {
    await Promise.all(open.splice(0).map((library) => library.close()))
  })

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

  it('leaves, after a clean close, an index whose stamps match the files, so the next open reads no document', async () => {
    const library = await openLibrary()
    const id = await library.create(caseStudy('Stamps'))
    const stored = await library.open(id)
    for (let n = 0; n < 5000; n += 1) appendParagraph(stored.doc, `line ${n}`)
    await library.close()
    const index = JSON.parse(await readFile(join(temp.path, 'library', 'index.json'), 'utf8')) as { entries: { id: string; stamp: string }[] }
    expect(index.entries).toEqual([expect.objectContaining({ id, stamp: await stampOf(join(temp.path, 'library', 'documents', id)) })])
  })

  it('rebuilds a missing index from the document folders', async () => {
    const library = await openLibrary()
    const ids = [await library.create(caseStudy('One')), await library.create(caseStudy('Two'))]
    await library.close()
    await rm(join(temp.path, 'library', 'index.json'))
    expect((await openLibrary()).list().map((d) => d.id).sort()).toEqual(ids.sort())
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
    await cp(temp.path, crashed, { recursive: true })
    await rm(join(crashed, 'lock'))
    try {
      const recovered = await openLibrary({}, crashed)
      expect(recovered.summary(id).meta.title).toBe('After')
      await recovered.close()
    } finally {
      await rm(crashed, { recursive: true, force: true })
    }
  })

  it('moves documents to the trash and back', async () => {
    const library = await openLibrary()
    const keep = await library.create(caseStudy('Keep'))
    const id = await library.create(caseStudy('Bin me'))
    appendParagraph((await library.open(id)).doc, 'still here')
    await library.trash(id)
    expect(library.list().map((d) => d.id)).toEqual([keep])
    expect(library.listTrash()).toMatchObject([{ id, meta: { title: 'Bin me' } }])
    expect(library.listTrash()[0]?.trashedAt).toMatch(/^\d{4}-/)
    await expectCode(library.open(id), 'UNKNOWN_DOCUMENT', /No document has the id/)
    await library.close()

    const reopened = await openLibrary()
    expect(reopened.listTrash().map((d) => d.id)).toEqual([id])
    await reopened.restore(id)
    expect(reopened.list().map((d) => d.id).sort()).toEqual([keep, id].sort())
    expect(reopened.listTrash()).toEqual([])
    expect(paragraphs((await reopened.open(id)).doc)).toEqual(['still here'])
    await expectCode(reopened.restore(id), 'UNKNOWN_DOCUMENT', /in the trash/)
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
    await expect(readdir(join(temp.path, 'library', 'documents', id))).resolves.not.toContain('versions')
  })

  it('compacts without changing the content, and the compacted files reopen to the same text', async () => {
    const library = await openLibrary()
    const id = await library.create(caseStudy('Compaction'))
    const stored = await library.open(id)
    for (let n = 0; n < 2000; n += 1) appendParagraph(stored.doc, `paragraph ${n}`)
    await stored.flushed()
    const before = readBodyText(stored.doc)
    const dir = join(temp.path, 'library', 'documents', id)
    const logBefore = (await stat(join(dir, 'log'))).size
    await stored.compact()
    expect(readBodyText(stored.doc)).toBe(before)
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
    const firstSnapshot = (await stat(snapshot)).mtimeMs
    let appendedBytes = 0
    stored.doc.on('update', (update: Uint8Array) => (appendedBytes += update.length))
    for (let n = 0; n < 3000; n += 1) {
      appendParagraph(stored.doc, `p${n}`)
      if (n % 100 === 0) await stored.flushed()
    }
    await stored.flushed()
    await library.close()
    expect((await stat(snapshot)).mtimeMs).toBeGreaterThan(firstSnapshot)
    expect((await stat(join(temp.path, 'library', 'documents', id, 'log'))).size).toBeLessThan(appendedBytes / 2)
    expect(paragraphs((await (await openLibrary()).open(id)).doc)).toHaveLength(3000)
  })

  it('reports and cuts a log tail with a flipped byte, keeping the earlier edits', async () => {
    const library = await openLibrary()
    const id = await library.create(caseStudy('Flip'))
    const stored = await library.open(id)
    for (let n = 0; n < 20; n += 1) appendParagraph(stored.doc, `edit ${n}`)
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
