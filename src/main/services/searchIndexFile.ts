import { readFile } from 'node:fs/promises'
import { deserialize, serialize } from 'node:v8'
import MiniSearch, { type Options } from 'minisearch'
import SearchableMap from 'minisearch/SearchableMap'
import * as z from 'zod'
import { PackedLeaf } from './packedLeaf.js'
import { PackedText } from './packedText.js'
import { frameSearchIndex, unframeSearchIndex } from './searchIndexFrame.js'
import { processTerm, queryTerms, searchTerms } from './searchTerms.js'

/** The search index's file, in the library's folder beside its index.json. */
export const SEARCH_INDEX_FILE = 'search.index'

/** What the index holds of a document. */
export interface SearchEntry {
  id: string
  title: string
  meta: string
  body: string
}

const FIELDS = ['title', 'meta', 'body']
const encoder = new TextEncoder()

export const SEARCH_OPTIONS: Options<SearchEntry> = {
  fields: FIELDS,
  tokenize: searchTerms,
  processTerm,
  searchOptions: { tokenize: queryTerms, boost: { title: 3, meta: 2 }, prefix: true, fuzzy: 0.2, combineWith: 'AND' },
}

/**
 * The version of what the file holds. Bump it when how terms are made (searchTerms, processTerm)
 * changes too: the functions cannot be compared, and an index made by others is rebuilt. And bump it
 * when minisearch is upgraded (package.json pins it): the file holds its internals (see
 * MiniSearchInternals), which searchIndexFile.test.ts checks against an index minisearch builds.
 * And when what a document's text holds changes (6: no status, which for a network's document only
 * its catalog knows).
 */
const FORMAT = 6

/** What the file keeps of each indexed document besides the index. */
export interface StoredDocument {
  /** Its stamp (see Library.stamp) when it was read; null when it was open elsewhere, so that a launch reads it again. */
  readonly stamp: string | null
  /** Its body's text, white space collapsed, from which a hit's passage is cut. */
  readonly text: string
}

/**
 * What a MiniSearch holds, as minisearch 7.2 names it. The file keeps these in V8's serialization,
 * as they are but for the terms' tree, whose leaves' postings are packed into one array beside it
 * (see PackedLeaf, searchIndexFrame.ts): at 5,000 documents the file is read in about a quarter of
 * a second, where minisearch's own JSON took 0.6–0.9 s to parse and load (loadJS), and the tree as
 * it is (format 3), 0.4 s (docs/LIBRARY.md, "The search index"). The first search of a session waits for it.
 */
interface MiniSearchInternals {
  _documentCount: number
  _nextId: number
  _documentIds: Map<number, string>
  _idToShortId: Map<string, number>
  _fieldLength: Map<number, number[]>
  _avgFieldLength: number[]
  _storedFields: Map<number, unknown>
  _dirtCount: number
  _index: { _tree: Map<string, unknown> }
}

/** As zod's z.number(): NaN or an infinity would make every score NaN, and search answer in no order. */
const isNumber = (value: unknown): value is number => Number.isFinite(value)
const isShortId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0
const isString = (value: unknown): value is string => typeof value === 'string'
/**
 * One number per field. Its length first, each then checked by index: an array of four billion holes
 * takes a few bytes of V8's serialization, and `every` would skip the holes of a shorter one.
 */
const isPerField = (value: unknown): value is number[] =>
  Array.isArray(value) && value.length === 3 && isNumber(value[0]) && isNumber(value[1]) && isNumber(value[2])
/** Whether `start` to `end` is a span of whole positions within `length`. */
const isSpan = (start: unknown, end: unknown, length: number): boolean =>
  Number.isInteger(start) && Number.isInteger(end) && (start as number) >= 0 && (start as number) <= (end as number) && (end as number) <= length
/** A document as the file lists it: its stamp, and where its text's bytes start and end in `texts`. */
interface ListedDocument {
  stamp: string | null
  start: number
  end: number
}
const isListedDocument = (value: unknown): value is ListedDocument => {
  const { stamp, start, end } = (value ?? {}) as Partial<Record<keyof ListedDocument, unknown>>
  return typeof value === 'object' && (stamp === null || isString(stamp)) && Number.isInteger(start) && Number.isInteger(end)
}

/**
 * A map whose every key and value pass the checks, checked where it lies. zod's z.map parses each
 * entry into a copy of the map: for the file's three maps of 5,000 entries, 55–130 ms of a load in a
 * fresh process (docs/LIBRARY.md), which the first search of a session waits for.
 */
function mapOf<K, V>(isKey: (key: unknown) => key is K, isValue: (value: unknown) => value is V) {
  return z.custom<Map<K, V>>((value) => {
    if (!(value instanceof Map)) return false
    for (const [key, entry] of value) if (!isKey(key) || !isValue(entry)) return false
    return true
  })
}

const internalsSchema = z.object({
  documentCount: z.number(),
  nextId: z.number(),
  documentIds: mapOf(isShortId, isString),
  fieldLength: mapOf(isShortId, isPerField),
  averageFieldLength: z.custom<number[]>(isPerField),
  /** Empty: SEARCH_OPTIONS stores no fields. */
  storedFields: z.custom<Map<number, unknown>>((value) => value instanceof Map),
  dirtCount: z.number(),
  /** The terms' radix tree, each leaf the places of its postings in the file's postings: see withPackedLeaves. */
  tree: z.instanceof(Map),
})

const fileSchema = z.object({
  format: z.literal(FORMAT),
  fields: z.tuple([z.string(), z.string(), z.string()]),
  /** Every indexed document, each once. */
  documents: mapOf(isString, isListedDocument),
  index: internalsSchema,
})

export interface StoredSearchIndex {
  index: MiniSearch<SearchEntry>
  documents: Map<string, StoredDocument>
}

/**
 * Reads the search index at `path`, or null if it is missing or cannot be used: not the index, cut
 * short, of another format, made with other fields, not of minisearch's shape (withPackedLeaves too), or
 * whose index does not hold exactly the documents it lists. It is a cache of the documents, so it is
 * then rebuilt.
 */
export async function readSearchIndex(path: string): Promise<StoredSearchIndex | null> {
  const bytes = await readFile(path).catch(() => null)
  if (bytes === null) return null
  try {
    const parts = unframeSearchIndex(bytes)
    if (!parts) return null
    const file = fileSchema.parse(deserialize(parts.head))
    if (file.fields.join('\n') !== FIELDS.join('\n')) return null
    const { index: stored } = file
    const documents = unpackedDocuments(file.documents, parts.texts)
    if (!documents || stored.documentIds.size !== documents.size || stored.fieldLength.size !== documents.size) return null
    const shortIds = [...stored.documentIds.keys()]
    // A next id not past every one in use would make the next document added take another's.
    if (shortIds.some((shortId) => shortId >= stored.nextId) || !withPackedLeaves(stored.tree, parts.postings)) return null
    const index = new MiniSearch<SearchEntry>(SEARCH_OPTIONS)
    const internals: MiniSearchInternals = {
      _documentCount: stored.documentCount,
      _nextId: stored.nextId,
      _documentIds: stored.documentIds,
      _idToShortId: new Map([...stored.documentIds].map(([shortId, id]) => [id, shortId])),
      _fieldLength: stored.fieldLength,
      _avgFieldLength: stored.averageFieldLength,
      _storedFields: stored.storedFields,
      _dirtCount: stored.dirtCount,
      _index: new SearchableMap(stored.tree as ConstructorParameters<typeof SearchableMap>[0]) as unknown as MiniSearchInternals['_index'],
    }
    Object.assign(index, internals)
    if (index.documentCount !== documents.size || ![...documents.keys()].every((id) => index.has(id))) return null
    return { index, documents }
  } catch {
    return null
  }
}

/** The listed documents, each with its text's place in `texts`, or null if one lies outside them. */
function unpackedDocuments(listed: Map<string, ListedDocument>, texts: Uint8Array): Map<string, StoredDocument> | null {
  const documents = new Map<string, StoredDocument>()
  for (const [id, { stamp, start, end }] of listed) {
    if (!isSpan(start, end, texts.length)) return null
    documents.set(id, new PackedText(stamp, texts, start, end))
  }
  return documents
}

/**
 * Whether `tree` is a radix tree of terms as minisearch builds it: maps of string keys down to the
 * leaves (key ''), and no node met twice; each leaf, as the file holds it, the places of its fields'
 * postings in `postings`, which it is then given as a PackedLeaf. V8's serialization keeps identity,
 * so a damaged file may hold a node inside itself, and a search in it would never end.
 */
function withPackedLeaves(tree: Map<unknown, unknown>, postings: Uint32Array): boolean {
  const seen = new Set<Map<unknown, unknown>>([tree])
  const nodes = [tree]
  for (let node = nodes.pop(); node; node = nodes.pop()) {
    for (const [key, child] of node) {
      if (typeof key !== 'string') return false
      if (key === '') {
        if (!isPacked(child, postings.length)) return false
        node.set('', new PackedLeaf({ postings, fields: child }))
      } else if (!(child instanceof Map) || seen.has(child)) return false
      else {
        seen.add(child)
        nodes.push(child)
      }
    }
  }
  return true
}

/** Whether `fields` is, per field, its id and the start and end of whole pairs within `length` numbers. */
function isPacked(fields: unknown, length: number): fields is number[] {
  if (!Array.isArray(fields) || fields.length % 3 !== 0) return false
  for (let i = 0; i < fields.length; i += 3) {
    const [field, start, end] = [fields[i], fields[i + 1], fields[i + 2]]
    if (!Number.isInteger(field) || !FIELDS[field] || !isSpan(start, end, length) || (end - start) % 2 !== 0) return false
  }
  return true
}

/**
 * The terms' tree as the file holds it: each leaf's postings copied, in the tree's order, into one
 * array of (short id, frequency) pairs, and the leaf replaced by where its fields' pairs lie.
 */
function packTree(tree: Map<string, unknown>): { tree: Map<string, unknown>; postings: Uint32Array } {
  type Leaf = Map<number, Map<number, number>>
  const packedOf = (leaf: Leaf) => (leaf instanceof PackedLeaf ? leaf.packedPostings() : null)
  let length = 0
  const measure = (node: Map<string, unknown>) => {
    for (const [key, child] of node) {
      if (key !== '') measure(child as Map<string, unknown>)
      else {
        const packed = packedOf(child as Leaf)
        if (packed) for (let i = 0; i < packed.fields.length; i += 3) length += packed.fields[i + 2]! - packed.fields[i + 1]!
        else for (const postings of (child as Leaf).values()) length += postings.size * 2
      }
    }
  }
  measure(tree)
  const postings = new Uint32Array(length)
  let at = 0
  const copy = (node: Map<string, unknown>): Map<string, unknown> => {
    const copied = new Map<string, unknown>()
    for (const [key, child] of node) {
      if (key !== '') {
        copied.set(key, copy(child as Map<string, unknown>))
        continue
      }
      const packed = packedOf(child as Leaf)
      const fields: number[] = []
      if (packed) {
        for (let i = 0; i < packed.fields.length; i += 3) {
          const [start, end] = [packed.fields[i + 1]!, packed.fields[i + 2]!]
          fields.push(packed.fields[i]!, at, at + end - start)
          postings.set(packed.postings.subarray(start, end), at)
          at += end - start
        }
      } else {
        for (const [field, termPostings] of child as Leaf) {
          fields.push(field, at, at + termPostings.size * 2)
          for (const [shortId, frequency] of termPostings) {
            postings[at++] = shortId
            postings[at++] = frequency
          }
        }
      }
      copied.set('', fields)
    }
    return copied
  }
  return { tree: copy(tree), postings }
}

/** The documents' texts in one array of UTF-8 bytes, and where each one's lie in it. */
function packTexts(documents: Map<string, StoredDocument>): { documents: Map<string, ListedDocument>; texts: Uint8Array } {
  const bytes = [...documents].map(
    ([id, document]) => [id, document.stamp, document instanceof PackedText ? document.packedBytes() : encoder.encode(document.text)] as const,
  )
  const texts = new Uint8Array(bytes.reduce((length, [, , text]) => length + text.length, 0))
  const listed = new Map<string, ListedDocument>()
  let at = 0
  for (const [id, stamp, text] of bytes) {
    texts.set(text, at)
    listed.set(id, { stamp, start: at, end: at + text.length })
    at += text.length
  }
  return { documents: listed, texts }
}

export function serializeSearchIndex(index: MiniSearch<SearchEntry>, documents: Map<string, StoredDocument>): Buffer {
  const internals = index as unknown as MiniSearchInternals
  const { tree, postings } = packTree(internals._index._tree)
  const { documents: listed, texts } = packTexts(documents)
  const head = serialize({
    format: FORMAT,
    fields: FIELDS,
    documents: listed,
    index: {
      documentCount: internals._documentCount,
      nextId: internals._nextId,
      documentIds: internals._documentIds,
      fieldLength: internals._fieldLength,
      averageFieldLength: internals._avgFieldLength,
      storedFields: internals._storedFields,
      dirtCount: internals._dirtCount,
      tree,
    },
  })
  return frameSearchIndex({ head, postings, texts })
}
