import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { Library } from '../../../src/main/library/library.js'
import { SearchIndex } from '../../../src/main/services/searchIndex.js'
import { newDocumentContent } from '../../../src/shared/model/document.js'
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
  const indexPath = () => join(temp.path, 'library', 'search.json')

  /** Opens the library and its search index, as a launch does, noting which documents the index reads. */
  async function launch(delayMs?: number) {
    const library = await Library.open(temp.path)
    const read: string[] = []
    const open = library.open.bind(library)
    library.open = (id) => {
      read.push(id)
      return open(id)
    }
    const index = new SearchIndex(library, indexPath(), delayMs)
    let closed = false
    const quit = async () => {
      if (closed) return
      closed = true
      await index.close()
      await library.close()
    }
    closing.push(quit)
    const ids = async (query: string) => (await index.search(query)).ids.sort()
    return { library, index, read, ids, quit }
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
    expect(await second.index.search('transmilenio')).toEqual({ ids: [ids.Bogotá], indexed: 3, total: 3 })
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

  const damages: [string, (text: string) => string][] = [
    ['cut short', (text) => text.slice(0, Math.floor(text.length / 2))],
    ['garbage', () => '\u0000\u00ff not JSON at all {{{'],
    ['of an older format', (text) => JSON.stringify({ ...JSON.parse(text), format: 0 })],
    ['made with other fields', (text) => JSON.stringify({ ...JSON.parse(text), fields: ['title', 'body'] })],
    ['holding an index minisearch cannot load', (text) => JSON.stringify({ ...JSON.parse(text), index: { documentCount: 'x' } })],
  ]
  for (const [what, damage] of damages) {
    it(`is rebuilt whole when its file is ${what}, and the library is untouched`, async () => {
      const ids = await createLibrary(texts)
      await (await launch()).quit()
      await writeFile(indexPath(), damage(await readFile(indexPath(), 'utf8')))

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

  it('writes nothing while a document is typed in, not even edits from a network, and a relaunch reads that document again', async () => {
    const ids = await createLibrary(texts)
    const first = await launch(60 * 60 * 1000)
    await first.index.built()
    const built = await stat(indexPath())

    const handle = await first.library.open(ids.Pune!)
    for (const word of ['A', 'footbridge', 'opened', 'in', '2024']) appendParagraph(handle.doc, word)
    // As a sync provider applies what a relay sent: another client's update, with its own origin.
    const remote = new Y.Doc()
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(handle.doc))
    appendParagraph(remote, 'A gondola too')
    Y.applyUpdate(handle.doc, Y.encodeStateAsUpdate(remote), 'network')
    await handle.close()
    // Each write replaces the file, so an unchanged inode means none happened.
    expect((await stat(indexPath())).ino).toBe(built.ino)
    expect(await readFile(indexPath(), 'utf8')).not.toContain('footbridge')

    // Closed before the delay passed: the index is left as it was, and the next launch reads that document again.
    await first.quit()
    const relaunch = await launch()
    await relaunch.index.built()
    expect(relaunch.read).toEqual([ids.Pune])
    expect(await relaunch.ids('footbridge')).toEqual([ids.Pune])
    expect(await relaunch.ids('gondola')).toEqual([ids.Pune])
  })

  it('answers while it is built, from what it holds, and says how far it is', async () => {
    const ids = await createLibrary(texts)
    const { index, ids: found } = await launch()
    const early = await index.search('transmilenio')
    expect(early.total).toBe(3)
    expect(early.indexed).toBeLessThan(3)
    await index.built()
    expect(await index.progress()).toEqual({ indexed: 3, total: 3 })
    expect(await found('transmilenio')).toEqual([ids.Bogotá])
  })

  it('writes edits, creations and trashing after a delay, without a search, and keeps them across a relaunch', async () => {
    const ids = await createLibrary(texts)
    const first = await launch(20)
    await first.index.built()
    const written = async () => (await readFile(indexPath(), 'utf8').catch(() => '')).includes('footbridge')

    const handle = await first.library.open(ids.Pune!)
    for (const word of ['A', 'footbridge', 'opened']) appendParagraph(handle.doc, word)
    await eventually(written, 'the edit was written to the index file')
    await handle.close()
    const created = await first.library.create(newDocumentContent({ kind: 'case-study', title: 'Dakar' }, { type: 'doc', content: [paragraph('Minibuses')] }))
    await first.library.trash(ids.Lagos!)
    await eventually(async () => !(await readFile(indexPath(), 'utf8')).includes(ids.Lagos!), 'the trashed document left the index file')

    await eventually(async () => (await readFile(indexPath(), 'utf8')).includes(created), 'the new document was written to the index file')
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
