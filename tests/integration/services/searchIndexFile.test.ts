import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { deserialize, serialize } from 'node:v8'
import MiniSearch from 'minisearch'
import { describe, expect, it } from 'vitest'
import { readSearchIndex, SEARCH_OPTIONS, type SearchEntry, type StoredDocument, serializeSearchIndex } from '../../../src/main/services/searchIndexFile.js'
import { frameSearchIndex, unframeSearchIndex } from '../../../src/main/services/searchIndexFrame.js'
import { useTempDir } from '../../helpers/tempDir.js'

const entries: SearchEntry[] = [
  { id: 'a', title: 'Bus rapid transit in Lagos', meta: 'Lagos · case study', body: 'Dedicated lanes cut journey times by a third.' },
  { id: 'b', title: 'TransMilenio', meta: 'Bogotá · lessons learned', body: 'Riders crowd the trunk lines at peak hours; feeder buses help.' },
  { id: 'c', title: 'Cycle lanes along the river', meta: 'Pune · case study', body: 'Protected lanes, and a footbridge over the river (河边的步行桥).' },
  { id: 'd', title: 'Cool roofs', meta: 'Ahmedabad · heat plan', body: 'White roofs lower indoor heat in informal housing.' },
]
const queries = ['lanes', 'lag', 'trnsmilenio', 'river footbridge', 'bogotá', 'heat roofs', 'case study', 'nothing here']

function built(): { index: MiniSearch<SearchEntry>; documents: Map<string, StoredDocument> } {
  const index = new MiniSearch<SearchEntry>(SEARCH_OPTIONS)
  const documents = new Map<string, StoredDocument>()
  for (const entry of entries) {
    index.add(entry)
    documents.set(entry.id, { stamp: `stamp-${entry.id}`, text: entry.body })
  }
  // A document changed and one removed since, as a session leaves the index: discarded postings
  // stay behind (minisearch's dirt) until a vacuum.
  index.discard('b')
  index.add({ ...entries[1]!, body: 'Riders fill the trunk lines; feeder buses and lanes help.' })
  index.discard('d')
  documents.delete('d')
  return { index, documents }
}

const answers = (index: MiniSearch<SearchEntry>) => queries.map((query) => index.search(query).map(({ id, score, terms }) => ({ id, score, terms })))

describe('the search index file', () => {
  const temp = useTempDir()

  it('reads back an index that answers every search as the one written, and goes on changing as it would', async () => {
    const { index, documents } = built()
    const path = join(temp.path, 'search.index')
    await writeFile(path, serializeSearchIndex(index, documents))

    const read = await readSearchIndex(path)
    expect(read).not.toBeNull()
    const texts = (stored: Map<string, StoredDocument>) => new Map([...stored].map(([id, { stamp, text }]) => [id, { stamp, text }]))
    expect(texts(read!.documents)).toEqual(documents)
    expect(read!.index.documentCount).toBe(3)
    expect([read!.index.termCount, read!.index.dirtCount]).toEqual([index.termCount, index.dirtCount])
    expect(index.dirtCount).toBeGreaterThan(0)
    expect(answers(read!.index)).toEqual(answers(index))
    expect(answers(index).flat().length).toBeGreaterThan(5)

    // Written again as read, its postings still packed, and again once changes have unpacked some.
    await writeFile(path, serializeSearchIndex(read!.index, documents))
    expect(answers((await readSearchIndex(path))!.index)).toEqual(answers(index))

    for (const copy of [index, read!.index]) {
      copy.discard('a')
      copy.add({ id: 'e', title: 'Flood maps', meta: 'Jakarta · adaptation', body: 'Lanes of water where roads were.' })
      copy.vacuum()
    }
    expect(answers(read!.index)).toEqual(answers(index))
    documents.delete('a')
    documents.set('e', { stamp: 'stamp-e', text: 'Lanes of water where roads were.' })
    await writeFile(path, serializeSearchIndex(read!.index, documents))
    const readAgain = (await readSearchIndex(path))!
    expect(texts(readAgain.documents)).toEqual(documents)
    const again = readAgain.index
    expect(answers(again)).toEqual(answers(index))
    expect([again.termCount, again.documentCount]).toEqual([index.termCount, index.documentCount])
  })

  it('is not read when it is cut short, or holds something else', async () => {
    const { index, documents } = built()
    const path = join(temp.path, 'search.index')
    const bytes = serializeSearchIndex(index, documents)
    type StoredIndex = Record<string, unknown> & {
      tree: Map<string, unknown>
      documentIds: Map<number, unknown>
      fieldLength: Map<number, unknown>
    }
    const editedFile = (
      change: (file: { documents: Map<string, Record<string, unknown>>; index: StoredIndex }, arrays: { postings: Uint32Array; texts: Uint8Array }) => void,
    ) => {
      const { head, ...arrays } = unframeSearchIndex(bytes)!
      const file = deserialize(head)
      change(file, arrays)
      return frameSearchIndex({ head: serialize(file), ...arrays })
    }
    const edited = (change: (index: StoredIndex) => void) => editedFile((file) => change(file.index))
    /** The file's header changed: the length of its V8 serialization, or the number of postings. */
    const header = (offset: number, value: number) => {
      const changed = Buffer.from(bytes)
      changed.writeUInt32LE(value, offset)
      return changed
    }
    const first = <K>(map: Map<K, unknown>) => map.keys().next().value as K
    /** Changes the first leaf of the terms' tree: per field, its id and where its postings start and end. */
    const leaf = (change: (fields: unknown[]) => unknown) =>
      edited((index) => {
        let node = index.tree
        while (!node.has('')) node = node.values().next().value as Map<string, unknown>
        node.set('', change(node.get('') as unknown[]))
      })
    const damages = [
      bytes.subarray(0, bytes.length / 2),
      Buffer.from('{"format":3}'),
      Buffer.alloc(0),
      // A node of the terms' tree inside itself: a prefix search in it would never end.
      edited((index) => index.tree.set('x', index.tree)),
      // An array of four billion holes in a few bytes, which a check of each element would walk for hours.
      edited((index) => (index.averageFieldLength = new Array(2 ** 32 - 1))),
      // The next document added would take a short id in use.
      edited((index) => (index.nextId = 0)),
      // Postings beyond the end of their array, or half a pair, or of no field.
      leaf(([field, start]) => [field, start, (start as number) + 2 ** 20]),
      leaf(([field, start, end]) => [field, start, (end as number) - 1]),
      leaf(([field, start, end]) => [field, end, start]),
      leaf(([, start, end]) => [7, start, end]),
      leaf(([, start, end]) => ['0', start, end]),
      leaf((fields) => new Map([[fields[0], new Map()]])),
      editedFile((_, arrays) => (arrays.postings = new Uint32Array(2))),
      // Lengths past the end of the file; the Casebook before's one V8 serialization, without the header.
      header(0, bytes.length),
      header(4, bytes.length),
      serialize(deserialize(unframeSearchIndex(bytes)!.head)),
      // A listed document, a short id or a field length not of their kind (each map keeps its size).
      editedFile(({ documents }) => documents.set(first(documents), { stamp: 1, start: 0, end: 0 })),
      editedFile(({ documents }) => documents.set(first(documents), { stamp: null, start: 0 })),
      editedFile(({ documents }) => documents.set(first(documents), null as never)),
      // A text's bytes outside the texts, or ending before they start; texts cut short.
      editedFile(({ documents }, { texts }) => documents.set(first(documents), { stamp: null, start: 0, end: texts.length + 1 })),
      editedFile(({ documents }) => documents.set(first(documents), { stamp: null, start: -1, end: 3 })),
      editedFile(({ documents }) => documents.set(first(documents), { stamp: null, start: 4, end: 3 })),
      editedFile(({ documents }) => documents.set(first(documents), { stamp: null, start: 0.5, end: 3 })),
      editedFile((_, arrays) => (arrays.texts = arrays.texts.subarray(0, 10))),
      edited(({ documentIds }) => documentIds.set(first(documentIds), 7)),
      edited(({ fieldLength }) => fieldLength.set(first(fieldLength), [1, 2])),
      // Numbers that would make every score NaN, and no check fail: a short id not a whole number
      // (it is less than no next id), a field length that is a hole, or infinite.
      edited(({ documentIds, fieldLength }) => {
        const shortId = first(documentIds)
        const [id, lengths] = [documentIds.get(shortId), fieldLength.get(shortId)]
        documentIds.delete(shortId)
        fieldLength.delete(shortId)
        documentIds.set(Number.NaN, id)
        fieldLength.set(Number.NaN, lengths)
      }),
      // biome-ignore lint/suspicious/noSparseArray: the hole is the damage.
      edited(({ fieldLength }) => fieldLength.set(first(fieldLength), [1, , 3])),
      edited(({ fieldLength }) => fieldLength.set(first(fieldLength), [1, Number.POSITIVE_INFINITY, 3])),
      edited((index) => (index.documentIds = [...index.documentIds] as never)),
    ]
    for (const damaged of damages) {
      await writeFile(path, damaged)
      expect(await readSearchIndex(path)).toBeNull()
    }
    await writeFile(path, bytes)
    expect((await readSearchIndex(path))?.documents.size).toBe(3)
    expect(await readFile(path)).toEqual(bytes)
  })
})
