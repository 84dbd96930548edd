import MiniSearch from 'minisearch'
import { isCasebookError } from '../../shared/errors.js'
import { readBodyText } from '../../shared/model/document.js'
import type { DocumentHandle } from '../library/documentHandle.js'
import type { Library, LibraryChange } from '../library/library.js'
import { processTerm, queryTerms, searchTerms } from './searchTerms.js'

interface Entry {
  id: string
  title: string
  meta: string
  body: string
}

/**
 * Full-text search over the library's documents (title, the other meta fields, and the body),
 * offline, with minisearch, in alphabetic scripts and in Chinese alike (see searchTerms). It is built
 * on the first search, and afterwards each document changed since the last search is read again
 * before the next one answers.
 */
export class SearchIndex {
  private readonly index = new MiniSearch<Entry>({
    fields: ['title', 'meta', 'body'],
    tokenize: searchTerms,
    processTerm,
    searchOptions: { tokenize: queryTerms, boost: { title: 3, meta: 2 }, prefix: true, fuzzy: 0.2, combineWith: 'AND' },
  })
  private built = false
  private readonly stale = new Set<string>()
  private readonly stopWatching: () => void

  constructor(private readonly library: Library) {
    this.stopWatching = library.watch((change) => this.onChange(change))
  }

  /** The ids of the documents (not in the trash) matching `query`, best first. */
  async search(query: string): Promise<string[]> {
    if (!this.built) {
      this.built = true
      for (const { id } of this.library.list()) this.stale.add(id)
    }
    for (const id of [...this.stale]) {
      this.stale.delete(id)
      await this.reindex(id)
    }
    return this.index.search(query).map((result) => String(result.id))
  }

  close(): void {
    this.stopWatching()
  }

  private onChange(change: LibraryChange): void {
    if (!this.built) return
    if (change.cause === 'trash') {
      this.stale.delete(change.id)
      if (this.index.has(change.id)) this.index.discard(change.id)
    } else {
      this.stale.add(change.id)
    }
  }

  private async reindex(id: string): Promise<void> {
    if (this.index.has(id)) this.index.discard(id)
    let handle: DocumentHandle
    try {
      handle = await this.library.open(id)
    } catch (error) {
      // Trashed, or damaged, since it changed: it is not searchable.
      if (isCasebookError(error)) return
      throw error
    }
    try {
      const { meta } = this.library.summary(id)
      const metaText = [meta.city, meta.country, meta.network, meta.kind, meta.status, ...meta.topics, ...meta.authors].filter(Boolean).join(' ')
      this.index.add({ id, title: meta.title, meta: metaText, body: readBodyText(handle.doc) })
    } finally {
      await handle.close()
    }
  }
}
