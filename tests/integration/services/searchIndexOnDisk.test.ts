import { readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { deserialize, serialize } from 'node:v8'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { Library } from '../../../src/main/library/library.js'
import { SearchIndex } from '../../../src/main/services/searchIndex.js'
import { readSearchIndex, SEARCH_INDEX_FILE, type StoredDocument } from '../../../src/main/services/searchIndexFile.js'
import { frameSearchIndex, unframeSearchIndex } from '../../../src/main/services/searchIndexFrame.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { appendParagraph } from '../../helpers/documents.js'
import { eventually } from '../../helpers/eventually.js'
import { useTempDir } from '../../helpers/tempDir.js'

const paragraph = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] })

describe('the search index kept on disk', () => {
  const temp = useTempDir()
  const closing: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close()
  })
  const indexPath = () => join(temp.path, 'library', SEARCH_INDEX_FILE)
  /** The documents the index file holds, by id, each with its stamp and text; none when there is no file. */
  const stored = async () => (await readSearchIndex(indexPath()))?.documents ?? new Map<string, StoredDocument>()
  /** Whether the file holds a document whose text has `word`. */
  const storedText = async (word: string) => [...(await stored()).values()].some(({ text }) => text.includes(word))

  /** Opens the library and its search index, as a launch does, noting which documents the index reads. */
  async function launch(delays: { readDelayMs?: number; writeDelayMs?: number; longestWriteDelayMs?: number } = {}) {
    const library = await Library.open(temp.path)
    const read: string[] = []
    const warnings: string[] = []
    const open = library.open.bind(library)
    library.open = (id) => {
      read.push(id)
      return open(id)
    }
    const index = new SearchIndex(indexPath(), { ...delays, onWarning: (message) => warnings.push(message) }).attach(library)
    let closed = false
    const quit = async () => {
      if (closed) return
      closed = true
      await index.close()
      await library.close()
    }
    closing.push(quit)
    const ids = async (query: string) => (await index.search(query)).hits.map((hit) => hit.id).sort()
    return { library, index, read, ids, quit, warnings }
  }

  async function createLibrary(texts: Record<string, string>): Promise<Record<string, string>> {
    const library = await Library.open(temp.path)
    const ids: Record<string, string> = {}
    for (const [title, text] of Object.entries(texts)) {
      ids[title] = await library.create(newDocumentContent({ kind: 'case-study', title }, { type: 'doc', content: [paragraph(text)] }))
    }
    await library.close()
    return ids
  }

  const texts = { Lagos: 'Bus rapid transit in Lagos', Bogotá: 'TransMilenio carries riders', Pune: 'Cycle lanes along the river' }

  it('is written at close with each document, and a relaunch reads no document that did not change', async () => {
    const ids = await createLibrary(texts)
    const first = await launch()
    await first.index.built()
    expect([...first.read].sort()).toEqual(Object.values(ids).sort())
    await first.quit()
    expect((await stat(indexPath())).mode & 0o777).toBe(0o600)

    const second = await launch()
    expect(await second.index.search('transmilenio')).toEqual({
      hits: [{ id: ids.Bogotá, passage: { text: 'TransMilenio carries riders', marks: [[0, 12]] } }],
      progress: { indexed: 3, total: 3 },
    })
    await second.index.built()
    expect(second.read).toEqual([])
    expect(await second.ids('river')).toEqual([ids.Pune])
  })

  it('reads again, at the next launch, only the document changed while the index was closed', async () => {
    const ids = await createLibrary(texts)
    const first = await launch()
    await first.index.built()
    await first.quit()

    const library = await Library.open(temp.path)
    const handle = await library.open(ids.Pune!)
    appendParagraph(handle.doc, 'A footbridge opened in 2024')
    await handle.close()
    await library.close()

    const relaunch = await launch()
    await relaunch.index.built()
    expect(relaunch.read).toEqual([ids.Pune])
    expect(await relaunch.ids('footbridge')).toEqual([ids.Pune])
    expect(await relaunch.ids('lagos')).toEqual([ids.Lagos])
  })

  /** The file changed as its contents, deserialized, say. */
  const edited = (change: (file: Record<string, unknown> & { index: Record<string, unknown> }) => object) => (bytes: Buffer) => {
    const parts = unframeSearchIndex(bytes)!
    return frameSearchIndex({ ...parts, head: serialize(change(deserialize(parts.head))) })
  }
  const damages: [string, (bytes: Buffer) => Uint8Array | string][] = [
    ['cut short', (bytes) => bytes.subarray(0, Math.floor(bytes.length / 2))],
    ['garbage', () => '\u0000\u00ff not an index at all {{{'],
    // As the Casebook before wrote it: one V8 serialization, the postings and the texts inside it.
    [
      'of format 4',
      (bytes) => {
        const { head, postings, texts } = unframeSearchIndex(bytes)!
        const file = deserialize(head) as { documents: Map<string, { stamp: string | null; start: number; end: number }>; index: object }
        const documents = new Map(
          [...file.documents].map(([id, { stamp, start, end }]) => [id, { stamp, text: new TextDecoder().decode(texts.subarray(start, end)) }]),
        )
        return serialize({ ...file, format: 4, documents, index: { ...file.index, postings } })
      },
    ],
    ['of an older format', edited((file) => ({ ...file, format: 2 }))],
    ['made with other fields', edited((file) => ({ ...file, fields: ['title', 'body'] }))],
    ['holding an index minisearch cannot load', edited((file) => ({ ...file, index: { ...file.index, documentCount: 'x' } }))],
    ['holding an index without its field lengths', edited((file) => ({ ...file, index: { ...file.index, fieldLength: new Map() } }))],
    ['holding an index without its documents', edited((file) => ({ ...file, index: { ...file.index, documentIds: new Map() } }))],
  ]
  for (const [what, damage] of damages) {
    it(`is rebuilt whole when its file is ${what}, and the library is untouched`, async () => {
      const ids = await createLibrary(texts)
      await (await launch()).quit()
      await writeFile(indexPath(), damage(await readFile(indexPath())))

      const relaunch = await launch()
      await relaunch.index.built()
      expect([...relaunch.read].sort()).toEqual(Object.values(ids).sort())
      expect(
        relaunch.library
          .list()
          .map((summary) => summary.meta.title)
          .sort(),
      ).toEqual(Object.keys(texts).sort())
      expect(await relaunch.ids('lagos')).toEqual([ids.Lagos])
      expect(await relaunch.ids('cycle')).toEqual([ids.Pune])
      await relaunch.quit()
      // Written whole again: a third launch reads nothing.
      const third = await launch()
      await third.index.built()
      expect(third.read).toEqual([])
      expect(await third.ids('transmilenio')).toEqual([ids.Bogotá])
    })
  }

  it('writes nothing while a document is typed in, not even edits from a network, yet finds them, and writes them at close', async () => {
    const ids = await createLibrary(texts)
    await (await launch()).quit()
    const written = await stat(indexPath())
    const first = await launch({ readDelayMs: 20, writeDelayMs: 60 * 60 * 1000 })
    await first.index.built()

    const handle = await first.library.open(ids.Pune!)
    for (const word of ['A', 'footbridge', 'opened', 'in', '2024']) appendParagraph(handle.doc, word)
    // As a sync provider applies what a relay sent: another client's update, with its own origin.
    const remote = new Y.Doc()
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(handle.doc))
    appendParagraph(remote, 'A gondola too')
    Y.applyUpdate(handle.doc, Y.encodeStateAsUpdate(remote), 'network')
    await handle.close()
    await eventually(async () => (await first.ids('gondola')).length === 1, 'the edits are indexed')
    expect(await first.ids('footbridge')).toEqual([ids.Pune])
    expect(await first.index.progress()).toEqual({ indexed: 3, total: 3 })
    // Each write replaces the file, so an unchanged inode means none happened.
    expect((await stat(indexPath())).ino).toBe(written.ino)

    await first.quit()
    expect(await storedText('gondola')).toBe(true)
    const relaunch = await launch()
    await relaunch.index.built()
    expect(relaunch.read).toEqual([])
    expect(await relaunch.ids('footbridge')).toEqual([ids.Pune])
  })

  it('never finds a document that left the library while it was indexed unstamped (open elsewhere)', async () => {
    const ids = await createLibrary(texts)
    const first = await launch()
    // Open elsewhere (the editor) while the index reads it: it is indexed without a stamp.
    const held = await first.library.open(ids.Lagos!)
    await first.index.built()
    await held.close()
    await first.index.close()
    await first.library.close()
    expect((await stored()).get(ids.Lagos!)?.stamp).toBeNull()

    // Trashed by the command line while the app is closed.
    const cli = await Library.open(temp.path)
    await cli.trash(ids.Lagos!)
    await cli.close()

    const relaunch = await launch()
    expect(await relaunch.ids('lagos')).toEqual([])
    await relaunch.index.built()
    await relaunch.quit()
    expect([...(await stored()).keys()].sort()).toEqual([ids.Bogotá, ids.Pune].sort())
  })

  it('reads again, later, a document whose read failed, and says so', async () => {
    const ids = await createLibrary(texts)
    const { library, index, ids: found, warnings } = await launch({ readDelayMs: 20 })
    const open = library.open.bind(library)
    let failed = false
    library.open = (id) => {
      if (id !== ids.Pune || failed) return open(id)
      failed = true
      return Promise.reject(Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' }))
    }
    await index.built()
    expect(failed).toBe(true)
    expect(warnings).toEqual([`Document ${ids.Pune} could not be read for the search index.`])
    await eventually(async () => (await found('river')).length === 1, 'the document is read again')
    expect(await index.progress()).toEqual({ indexed: 3, total: 3 })
  })

  it('logs a file it cannot write', async () => {
    await createLibrary(texts)
    const library = await Library.open(temp.path)
    const warnings: string[] = []
    const index = new SearchIndex(join(temp.path, 'no such folder', SEARCH_INDEX_FILE), { onWarning: (message) => warnings.push(message) }).attach(library)
    await index.built()
    await index.close()
    await library.close()
    expect(warnings).toEqual(['The search index could not be written.'])
  })

  it('keeps a change made while the file loads, and a close during the build leaves the rest to the next launch', async () => {
    const ids = await createLibrary(texts)
    await (await launch()).quit()
    const first = await launch()
    const created = await first.library.create(newDocumentContent({ kind: 'case-study', title: 'Dakar' }, { type: 'doc', content: [paragraph('Minibuses')] }))
    await first.library.trash(ids.Lagos!)
    expect(await first.ids('minibuses lagos')).toEqual([])
    await first.index.built()
    expect(await first.ids('minibuses')).toEqual([created])
    expect(await first.ids('lagos')).toEqual([])
    await first.quit()

    // Closed as soon as it starts: what it did not read, the next launch reads.
    await rm(indexPath())
    const second = await launch()
    await second.quit()
    const third = await launch()
    await third.index.built()
    expect(third.read.length).toBeGreaterThan(0)
    expect(await third.ids('minibuses')).toEqual([created])
    expect(await third.ids('river')).toEqual([ids.Pune])
  })

  it('leaves index.json as it was when a document is only read', async () => {
    const ids = await createLibrary(texts)
    const library = await Library.open(temp.path)
    closing.push(() => library.close())
    const before = await stat(join(temp.path, 'library', 'index.json'))
    const handle = await library.open(ids.Pune!)
    await handle.close()
    expect((await stat(join(temp.path, 'library', 'index.json'))).ino).toBe(before.ino)
  })

  it('answers while it is built, from what it holds, and says how far it is', async () => {
    const ids = await createLibrary(texts)
    const { library, index, ids: found } = await launch()
    // The documents are read only once the first search answered.
    let release = () => {}
    const answered = new Promise<void>((resolve) => (release = resolve))
    const open = library.open.bind(library)
    library.open = async (id) => {
      await answered
      return open(id)
    }
    expect(await index.search('transmilenio')).toEqual({ hits: [], progress: { indexed: 0, total: 3 } })
    release()
    await index.built()
    expect(await index.progress()).toEqual({ indexed: 3, total: 3 })
    expect(await found('transmilenio')).toEqual([ids.Bogotá])
  })

  it('writes changes that keep coming once the longest delay is up, not only after the last of them', async () => {
    const ids = await createLibrary(texts)
    const first = await launch({ readDelayMs: 20, writeDelayMs: 60 * 60 * 1000, longestWriteDelayMs: 100 })
    await first.index.built()
    const written = () => storedText('footbridge')
    const handle = await first.library.open(ids.Pune!)
    appendParagraph(handle.doc, 'footbridge')
    // More changes every 30 ms, each of which puts off the write by an hour: only the longest delay writes it.
    const more = setInterval(() => appendParagraph(handle.doc, 'and more'), 30)
    try {
      await eventually(written, 'the edit was written to the index file while changes kept coming')
    } finally {
      clearInterval(more)
      await handle.close()
    }
  })

  it('writes edits, creations and trashing after a delay, without a search, and keeps them across a relaunch', async () => {
    const ids = await createLibrary(texts)
    const first = await launch({ readDelayMs: 20, writeDelayMs: 20 })
    await first.index.built()
    const written = () => storedText('footbridge')

    const handle = await first.library.open(ids.Pune!)
    for (const word of ['A', 'footbridge', 'opened']) appendParagraph(handle.doc, word)
    await eventually(written, 'the edit was written to the index file')
    await handle.close()
    const created = await first.library.create(newDocumentContent({ kind: 'case-study', title: 'Dakar' }, { type: 'doc', content: [paragraph('Minibuses')] }))
    await first.library.trash(ids.Lagos!)
    await eventually(async () => !(await stored()).has(ids.Lagos!), 'the trashed document left the index file')

    await eventually(async () => (await stored()).has(created), 'the new document was written to the index file')
    await first.quit()

    const relaunch = await launch()
    await relaunch.index.built()
    expect(await relaunch.ids('footbridge')).toEqual([ids.Pune])
    expect(await relaunch.ids('minibuses')).toEqual([created])
    expect(await relaunch.ids('lagos')).toEqual([])

    await relaunch.library.restore(ids.Lagos!)
    expect(await relaunch.ids('lagos')).toEqual([ids.Lagos])
  })
})
