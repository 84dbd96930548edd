import { setImmediate as nextTurn } from 'node:timers/promises'
import MiniSearch, { type Options } from 'minisearch'
import { isCasebookError } from '../../shared/errors.js'
import { readBodyText } from '../../shared/model/document.js'
import { writeFileAtomic } from '../atomicFile.js'
import { CoalescedTask } from '../coalescedTask.js'
import type { DocumentHandle } from '../library/documentHandle.js'
import type { Library, LibraryChange } from '../library/library.js'
import { readSearchIndex, serializeSearchIndex } from './searchIndexFile.js'
import { processTerm, queryTerms, searchTerms } from './searchTerms.js'

interface Entry {
  id: string
  title: string
  meta: string
  body: string
}

const FIELDS = ['title', 'meta', 'body']

const OPTIONS: Options<Entry> = {
  fields: FIELDS,
  tokenize: searchTerms,
  processTerm,
  searchOptions: { tokenize: queryTerms, boost: { title: 3, meta: 2 }, prefix: true, fuzzy: 0.2, combineWith: 'AND' },
}

/** How long after a change the index is brought up to date and written: one write per interval at most. */
export const SEARCH_INDEX_DELAY_MS = 2000

export interface SearchResults {
  /** The documents (not in the trash) matching the query, best first, among those indexed. */
  ids: string[]
  /** How many of the library's `total` documents are indexed: fewer while the index is rebuilt. */
  indexed: number
  total: number
}

/**
 * Full-text search over the library's documents (title, the other meta fields, and the body),
 * offline, with minisearch, in alphabetic scripts and in Chinese alike (see searchTerms). The index
 * is kept in a file (`path`, beside the library's index) with each document's stamp, so that a
 * launch reads again only the documents whose files changed since it was written. Those, and the
 * whole library when the file is missing or cannot be used, are indexed in the background, one at a
 * time, and search answers meanwhile from what is indexed so far. Changes are indexed, and the file
 * written, at most once every `delayMs`; a search once the index is built reads first what changed.
 */
export class SearchIndex {
  private index = new MiniSearch<Entry>(OPTIONS)
  /** Each indexed document's stamp when it was read; a document read while loaded has none. */
  private stamps = new Map<string, string>()
  /** Documents to read again: changed since they were indexed, or never indexed. */
  private readonly stale = new Set<string>()
  /** Whether the index differs from its file. */
  private dirty = false
  private closing = false
  private building = true
  /** The first update: it indexes the documents stale at launch. */
  private readonly build: Promise<void>
  private timer: NodeJS.Timeout | null = null
  private readonly updates = new CoalescedTask(() => this.update())
  private readonly loaded: Promise<void>
  private readonly stopWatching: () => void

  constructor(
    private readonly library: Library,
    private readonly path: string,
    private readonly delayMs = SEARCH_INDEX_DELAY_MS,
  ) {
    this.stopWatching = library.watch((change) => this.onChange(change))
    this.loaded = this.load()
    this.build = this.runUpdate().finally(() => (this.building = false))
  }

  async search(query: string): Promise<SearchResults> {
    await this.loaded
    if (!this.building) {
      for (const id of [...this.stale]) {
        this.stale.delete(id)
        await this.reindex(id)
      }
    }
    const ids = this.index.search(query).map((result) => String(result.id))
    return { ids, ...this.count() }
  }

  /** Resolves once the documents stale at launch are indexed (or the index closed). */
  built(): Promise<void> {
    return this.build
  }

  /** How many of the library's documents are indexed; after the file is read, so that none counts before. */
  async progress(): Promise<{ indexed: number; total: number }> {
    await this.loaded
    return this.count()
  }

  /** Stops indexing and writes what is indexed; the documents not read yet are read at the next launch. */
  async close(): Promise<void> {
    this.stopWatching()
    this.closing = true
    if (this.timer) clearTimeout(this.timer)
    await this.runUpdate()
  }

  private async load(): Promise<void> {
    const stored = await readSearchIndex(this.path, OPTIONS)
    if (stored) ({ index: this.index, stamps: this.stamps } = stored)
    else this.dirty = true
    const listed = new Set<string>()
    for (const { id } of this.library.list()) {
      listed.add(id)
      if (this.stamps.get(id) !== this.library.stamp(id)) this.stale.add(id)
    }
    for (const id of [...this.stamps.keys()]) if (!listed.has(id)) this.drop(id)
  }

  private onChange(change: LibraryChange): void {
    if (change.cause === 'trash') {
      this.stale.delete(change.id)
      this.drop(change.id)
    } else {
      this.stale.add(change.id)
    }
    this.timer ??= setTimeout(() => {
      this.timer = null
      void this.runUpdate()
    }, this.delayMs)
  }

  /** A failed run leaves its documents stale and the index dirty: the next change tries again. */
  private runUpdate(): Promise<void> {
    return this.updates.run().catch(() => {})
  }

  /** Indexes the stale documents, letting other work run between two, then writes the file if it changed. */
  private async update(): Promise<void> {
    await this.loaded
    for (const id of this.stale) {
      if (this.closing) break
      this.stale.delete(id)
      await this.reindex(id)
      await nextTurn()
    }
    if (!this.dirty) return
    this.dirty = false
    // Documents still stale lose their stamps, so that the next launch reads them again.
    const stamps = new Map([...this.stamps].filter(([id]) => !this.stale.has(id)))
    await writeFileAtomic(this.path, serializeSearchIndex(this.index, FIELDS, stamps)).catch((error: unknown) => {
      this.dirty = true
      throw error
    })
  }

  private count(): { indexed: number; total: number } {
    const total = this.library.list().length
    return { indexed: Math.max(0, total - this.stale.size), total }
  }

  private drop(id: string): void {
    if (this.index.has(id)) this.index.discard(id)
    this.stamps.delete(id)
    this.dirty = true
  }

  private async reindex(id: string): Promise<void> {
    let handle: DocumentHandle
    try {
      handle = await this.library.open(id)
    } catch (error) {
      // Trashed, or damaged, since it changed: it is not searchable.
      if (!isCasebookError(error)) throw error
      this.drop(id)
      return
    }
    let entry: Entry
    try {
      const { meta } = this.library.summary(id)
      const metaText = [meta.city, meta.country, meta.network, meta.kind, meta.status, ...meta.topics, ...meta.authors].filter(Boolean).join(' ')
      entry = { id, title: meta.title, meta: metaText, body: readBodyText(handle.doc) }
    } finally {
      await handle.close()
    }
    // Without a wait from here on, so that two reads of one document cannot both add it.
    if (this.index.has(id)) this.index.discard(id)
    this.index.add(entry)
    // Read once its files are saved; blank if it is still open elsewhere, which a launch reads again.
    const stamp = this.library.stamp(id)
    if (stamp) this.stamps.set(id, stamp)
    else this.stamps.delete(id)
    this.dirty = true
  }
}
