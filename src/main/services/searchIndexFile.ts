import { readFile } from 'node:fs/promises'
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch'
import * as z from 'zod'

/** The search index's file, in the library's folder beside its index.json. */
export const SEARCH_INDEX_FILE = 'search.json'

/**
 * The version of what the file holds. Bump it when how terms are made (searchTerms, processTerm)
 * changes too: the functions cannot be compared, and an index made by others is rebuilt.
 */
const FORMAT = 1

const fileSchema = z.object({
  format: z.literal(FORMAT),
  fields: z.array(z.string()),
  /** Each indexed document's stamp (see Library.stamp) when it was read. */
  stamps: z.record(z.string(), z.string()),
  /** minisearch's own JSON (toJSON), which loadJS checks. */
  index: z.unknown(),
})

export interface StoredSearchIndex<T> {
  index: MiniSearch<T>
  stamps: Map<string, string>
}

/**
 * Reads the search index at `path`, or null if it is missing or cannot be used: not JSON, cut short,
 * of another format, or made with other fields. It is a cache of the documents, so it is then rebuilt.
 */
export async function readSearchIndex<T>(path: string, options: Options<T>): Promise<StoredSearchIndex<T> | null> {
  const text = await readFile(path, 'utf8').catch(() => null)
  if (text === null) return null
  try {
    const file = fileSchema.parse(JSON.parse(text))
    if (file.fields.join('\n') !== options.fields.join('\n')) return null
    return { index: MiniSearch.loadJS(file.index as AsPlainObject, options), stamps: new Map(Object.entries(file.stamps)) }
  } catch {
    return null
  }
}

export function serializeSearchIndex<T>(index: MiniSearch<T>, fields: string[], stamps: Map<string, string>): string {
  return JSON.stringify({ format: FORMAT, fields, stamps: Object.fromEntries(stamps), index })
}
