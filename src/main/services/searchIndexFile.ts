import { readFile } from 'node:fs/promises'
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch'
import * as z from 'zod'
import { processTerm, queryTerms, searchTerms } from './searchTerms.js'

/** The search index's file, in the library's folder beside its index.json. */
export const SEARCH_INDEX_FILE = 'search.json'

/** What the index holds of a document. */
export interface SearchEntry {
  id: string
  title: string
  meta: string
  body: string
}

const FIELDS = ['title', 'meta', 'body']

export const SEARCH_OPTIONS: Options<SearchEntry> = {
  fields: FIELDS,
  tokenize: searchTerms,
  processTerm,
  searchOptions: { tokenize: queryTerms, boost: { title: 3, meta: 2 }, prefix: true, fuzzy: 0.2, combineWith: 'AND' },
}

/**
 * The version of what the file holds. Bump it when how terms are made (searchTerms, processTerm)
 * changes too: the functions cannot be compared, and an index made by others is rebuilt.
 */
const FORMAT = 2

/** What the file keeps of each indexed document besides the index. */
export interface StoredDocument {
  /** Its stamp (see Library.stamp) when it was read; null when it was open elsewhere, so that a launch reads it again. */
  stamp: string | null
  /** Its body's text, white space collapsed, from which a hit's passage is cut. */
  text: string
}

const fileSchema = z.object({
  format: z.literal(FORMAT),
  fields: z.array(z.string()),
  /** Every indexed document, each once. */
  documents: z.record(z.string(), z.object({ stamp: z.string().nullable(), text: z.string() })),
  /** minisearch's own JSON (toJSON), which loadJS checks only in part. */
  index: z.looseObject({ documentIds: z.record(z.string(), z.unknown()), fieldLength: z.record(z.string(), z.unknown()) }),
})

export interface StoredSearchIndex {
  index: MiniSearch<SearchEntry>
  documents: Map<string, StoredDocument>
}

/**
 * Reads the search index at `path`, or null if it is missing or cannot be used: not JSON, cut short,
 * of another format, made with other fields, or whose index does not hold exactly the documents it
 * lists. It is a cache of the documents, so it is then rebuilt.
 */
export async function readSearchIndex(path: string): Promise<StoredSearchIndex | null> {
  const text = await readFile(path, 'utf8').catch(() => null)
  if (text === null) return null
  try {
    const file = fileSchema.parse(JSON.parse(text))
    if (file.fields.join('\n') !== FIELDS.join('\n')) return null
    const ids = Object.keys(file.documents)
    // loadJS takes an index whose parts disagree, and its searches then throw or find nothing.
    const sizes = [Object.keys(file.index.documentIds).length, Object.keys(file.index.fieldLength).length]
    if (sizes.some((size) => size !== ids.length)) return null
    const index = MiniSearch.loadJS(file.index as unknown as AsPlainObject, SEARCH_OPTIONS)
    if (index.documentCount !== ids.length || !ids.every((id) => index.has(id))) return null
    return { index, documents: new Map(Object.entries(file.documents)) }
  } catch {
    return null
  }
}

export function serializeSearchIndex(index: MiniSearch<SearchEntry>, documents: Map<string, StoredDocument>): string {
  return JSON.stringify({ format: FORMAT, fields: FIELDS, documents: Object.fromEntries(documents), index })
}
