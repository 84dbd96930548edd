import { appendFile, cp, readFile, readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CasebookError } from '../../../src/shared/errors.js'
import { readMeta, writeMeta } from '../../../src/shared/model/document.js'
import { newDocumentState } from '../../../src/shared/model/documentBody.js'
import type { DocumentMeta } from '../../../src/shared/model/meta.js'
import { DEFAULT_COMPACTION, DurableDocument } from '../../../src/main/library/durableDocument.js'
import { Library } from '../../../src/main/library/library.js'
import { LibraryIndex, stampOf } from '../../../src/main/library/libraryIndex.js'
import { LibraryLayout } from '../../../src/main/library/libraryLayout.js'
import { rebuildIndex } from '../../../src/main/library/rebuildIndex.js'
import { useTempDir } from '../../helpers/tempDir.js'

const quietly = { policy: DEFAULT_COMPACTION, onRepair: () => {}, onStorageFailure: () => {} }
const body = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'A body.' }] }] }

/** A library of `count` documents, closed, whose index matches its folders. */
async function libraryOf(dataDir: string, count: number): Promise<string[]> {
  const library = await Library.open(dataDir)
  const stored = await library.createAllFromState(Array.from({ length: count }, (_, n) => newDocumentState({ kind: 'case-study', title: `Study ${n}` }, body)))
  await library.close()
  return stored.map((result) => (result.status === 'fulfilled' ? result.value : ''))
}

/** What the library's own reader returns, counting the reads and how many run at once. */
function countingReader(fail: ReadonlySet<string> = new Set()) {
  const reads: string[] = []
  let running = 0
  let most = 0
  const readMeta_ = async (dir: string, id: string): Promise<DocumentMeta> => {
    reads.push(id)
    running += 1
    most = Math.max(most, running)
    try {
      // A different wait for each, so that reads end in another order than they began.
      await new Promise((resolve) => setTimeout(resolve, Number.parseInt(id.slice(0, 2), 16) % 7))
      if (fail.has(id)) throw new CasebookError('DOCUMENT_DAMAGED', `Document ${id} is damaged.`, { reason: 'damaged' })
      const stored = await DurableDocument.load(dir, id, quietly)
      try {
        return readMeta(stored.doc)
      } finally {
        await stored.close()
      }
    } finally {
      running -= 1
    }
  }
  return { readMeta: readMeta_, reads, most: () => most }
}

describe('rebuildIndex', () => {
  const temp = useTempDir()
  const root = () => join(temp.path, 'library')

  it('reads no document of a library whose files match the index, and leaves the index file as it was', async () => {
    const ids = await libraryOf(temp.path, 40)
    const before = await stat(join(root(), 'index.json'))
    const text = await readFile(join(root(), 'index.json'), 'utf8')
    const layout = await LibraryLayout.prepare(root())
    const index = await LibraryIndex.read(layout.indexPath)
    const reader = countingReader()
    expect(await rebuildIndex(layout, index, reader.readMeta)).toEqual(new Map())
    expect(reader.reads).toEqual([])
    expect(index.all().map((entry) => entry.id)).toEqual(ids)
    await index.save()
    const after = await stat(join(root(), 'index.json'))
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs])
    expect(await readFile(join(root(), 'index.json'), 'utf8')).toBe(text)
  })

  it('re-reads every document of a copy, several at once but never more than a bound, each as its files hold it', async () => {
    const ids = await libraryOf(temp.path, 80)
    // A copy from elsewhere: new inodes and times for every file, the index copied as it was.
    const copy = join(temp.path, 'copy')
    await cp(root(), copy, { recursive: true })
    const layout = await LibraryLayout.prepare(copy)
    const index = await LibraryIndex.read(layout.indexPath)
    const metas = new Map(index.all().map((entry) => [entry.id, entry.meta]))
    const reader = countingReader()
    expect(await rebuildIndex(layout, index, reader.readMeta)).toEqual(new Map())
    const folders = await readdir(layout.folder('documents'))
    expect(reader.reads.sort()).toEqual([...folders].sort())
    expect(reader.most()).toBeGreaterThan(1)
    expect(reader.most()).toBeLessThanOrEqual(64)
    expect(index.all().map((entry) => entry.id)).toEqual(ids)
    for (const entry of index.all()) expect(entry.meta).toEqual(metas.get(entry.id))
  })

  it('re-reads only the document whose files changed, as after a crash, and names the damaged ones in folder order', async () => {
    const ids = await libraryOf(temp.path, 30)
    const folders = await readdir(join(root(), 'documents'))
    const changed = ids[7] as string
    // Its log grew after the index was written: an edit saved, then a crash before the index save.
    const stored = await DurableDocument.load(join(root(), 'documents', changed), changed, quietly)
    writeMeta(stored.doc, { title: 'Changed' })
    await stored.flushed()
    await stored.close()
    const broken = folders.filter((id, position) => position % 9 === 4 && id !== changed)
    for (const id of broken) await appendFile(join(root(), 'documents', id, 'log'), 'x')
    const layout = await LibraryLayout.prepare(root())
    const index = await LibraryIndex.read(layout.indexPath)
    const reader = countingReader(new Set(broken))
    const damaged = await rebuildIndex(layout, index, reader.readMeta)
    expect([...damaged.keys()]).toEqual(broken)
    expect(damaged.get(broken[0] as string)).toBe(`Document ${broken[0]} is damaged.`)
    expect(reader.reads.sort()).toEqual([changed, ...broken].sort())
    expect(index.get(changed)?.meta.title).toBe('Changed')
    expect(index.all().map((entry) => entry.id)).toEqual(ids.filter((id) => !broken.includes(id)))
  })

  it('enters a document found in both the documents and the trash as the one in the trash, as one by one would', async () => {
    const [id] = (await libraryOf(temp.path, 1)) as [string]
    await cp(join(root(), 'documents', id), join(root(), 'trash', id), { recursive: true })
    const layout = await LibraryLayout.prepare(root())
    const index = await LibraryIndex.read(layout.indexPath)
    const reader = countingReader()
    expect(await rebuildIndex(layout, index, reader.readMeta)).toEqual(new Map())
    expect(reader.reads).toEqual([id])
    expect(index.get(id)).toMatchObject({ place: 'trash', meta: { title: 'Study 0' }, stamp: stampOf(layout.dir('trash', id)) })
  })

  it('re-reads both copies of a trashed document also found among the documents, though the index matched the trashed one', async () => {
    const [id] = (await libraryOf(temp.path, 1)) as [string]
    const library = await Library.open(temp.path)
    await library.trash(id)
    await library.close()
    await cp(join(root(), 'trash', id), join(root(), 'documents', id), { recursive: true })
    const layout = await LibraryLayout.prepare(root())
    const index = await LibraryIndex.read(layout.indexPath)
    const reader = countingReader()
    expect(await rebuildIndex(layout, index, reader.readMeta)).toEqual(new Map())
    // The documents' copy is entered first, so the trash's no longer matches the entry when its turn comes.
    expect(reader.reads).toEqual([id, id])
    expect(index.get(id)).toMatchObject({ place: 'trash', stamp: stampOf(layout.dir('trash', id)) })
  })
})

describe('LibraryIndex', () => {
  const temp = useTempDir()
  const indexPath = () => join(temp.path, 'library', 'index.json')

  it('writes nothing when a library is opened and closed with nothing changed, even after a document was only read', async () => {
    const [id] = (await libraryOf(temp.path, 3)) as [string]
    const before = await stat(indexPath())
    const text = await readFile(indexPath(), 'utf8')
    const library = await Library.open(temp.path)
    // Loading blanks its stamp in the index; unloading it unchanged puts the same stamp back.
    await (await library.open(id)).close()
    await library.close()
    const after = await stat(indexPath())
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs])
    expect(await readFile(indexPath(), 'utf8')).toBe(text)
  })

  it('writes a change, and the same text for the same entries', async () => {
    const [id] = (await libraryOf(temp.path, 3)) as [string]
    const text = await readFile(indexPath(), 'utf8')
    const library = await Library.open(temp.path)
    await library.trash(id)
    expect(JSON.parse(await readFile(indexPath(), 'utf8')).entries.find((entry: { id: string }) => entry.id === id)).toMatchObject({ place: 'trash' })
    await library.restore(id)
    await library.close()
    // Written at the trash, then again at the restore, to the same text as before.
    expect(await readFile(indexPath(), 'utf8')).toBe(text)
    // Rebuilt from the folders, the entries come in the folders' order, each the same text.
    const reordered = (value: string) => (JSON.parse(value).entries as { id: string }[]).map((entry) => JSON.stringify(entry)).sort()
    await rm(indexPath())
    const reopened = await Library.open(temp.path)
    await reopened.close()
    expect(reordered(await readFile(indexPath(), 'utf8'))).toEqual(reordered(text))
  })
})
