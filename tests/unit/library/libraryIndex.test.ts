import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LibraryIndex, type IndexEntry } from '../../../src/main/library/libraryIndex.js'
import { parseMeta, type DocumentMeta } from '../../../src/shared/model/meta.js'
import { useTempDir } from '../../helpers/tempDir.js'

function entry(id: string, title: string, place: IndexEntry['place'] = 'documents'): IndexEntry {
  const meta = parseMeta({
    kind: 'case-study',
    title,
    topics: ['transit'],
    authors: ['Ada'],
    status: 'draft',
    createdAt: '2026-01-02T03:04:05.000Z',
    updatedAt: '2026-01-02T03:04:05.000Z',
  })
  return { id, place, meta, stamp: `stamp of ${id}`, ...(place === 'trash' ? { trashedAt: '2026-02-03T04:05:06.000Z' } : {}) }
}

describe('LibraryIndex (index.json)', () => {
  const temp = useTempDir()
  const path = () => join(temp.path, 'index.json')

  async function saved(entries: IndexEntry[]): Promise<string> {
    const index = await LibraryIndex.read(path())
    for (const one of entries) index.set(one)
    await index.save()
    return readFile(path(), 'utf8')
  }

  it('reads back what it saved, entry for entry', async () => {
    const entries = [entry('a1', 'Lagos BRT'), entry('b2', 'Bogotá TransMilenio', 'trash')]
    await saved(entries)
    expect((await LibraryIndex.read(path())).all()).toEqual(entries)
  })

  it('takes a file it wrote as written, without checking its entries again', async () => {
    // set() takes what the library gives it; a title this long is one the schema would refuse.
    const unchecked = { ...entry('a1', 'Lagos BRT'), meta: { ...entry('a1', 'x').meta, title: 'x'.repeat(500) } as DocumentMeta }
    await saved([unchecked])
    expect((await LibraryIndex.read(path())).all()).toEqual([unchecked])
  })

  it('checks every entry of a file changed since it was written: a valid change is read, an invalid one rebuilds the index', async () => {
    const text = await saved([entry('a1', 'Lagos BRT'), entry('b2', 'Quito')])
    await writeFile(path(), text.replace('"Quito"', '"Quito Metro"'))
    expect((await LibraryIndex.read(path())).all().map((one) => one.meta.title)).toEqual(['Lagos BRT', 'Quito Metro'])
    await writeFile(path(), text.replace('"Quito"', `"${'x'.repeat(500)}"`))
    expect((await LibraryIndex.read(path())).all()).toEqual([])
    await writeFile(path(), text.replace('"status":"draft"', '"status":"finished"'))
    expect((await LibraryIndex.read(path())).all()).toEqual([])
  })

  it('checks a file written without the digest (by an earlier Casebook), and writes it again with one at the next save', async () => {
    const text = await saved([entry('a1', 'Lagos BRT')])
    const written = JSON.parse(text) as { format: number; digest: string; entries: unknown[] }
    expect(written.digest).toMatch(/^[\w-]{43}$/)
    await writeFile(path(), JSON.stringify({ format: 1, entries: [{ ...(written.entries[0] as object), stamp: 42 }] }))
    expect((await LibraryIndex.read(path())).all()).toEqual([])

    await writeFile(path(), JSON.stringify({ format: 1, entries: written.entries }))
    const index = await LibraryIndex.read(path())
    expect(index.all()).toEqual([entry('a1', 'Lagos BRT')])
    await index.save()
    expect(await readFile(path(), 'utf8')).toBe(text)
  })
})
