import type * as Y from 'yjs'
import { META_MAP, readMeta } from '../../shared/model/document.js'
import { changedDocument } from './changedDocument.js'
import { DocumentHandle } from './documentHandle.js'
import type { DurableDocument } from './durableDocument.js'
import { findEntry } from './findEntry.js'
import type { KeyedQueue } from './keyedQueue.js'
import type { ChangeListeners } from './libraryChange.js'
import { stampOf, type LibraryIndex } from './libraryIndex.js'
import type { LibraryLayout } from './libraryLayout.js'

/** What of the library the open documents use. */
export interface OpenDocumentsContext {
  layout: LibraryLayout
  index: LibraryIndex
  damaged: ReadonlyMap<string, string>
  /** Loading, unloading, creating and moving one document run one at a time on it. */
  queue: KeyedQueue
  changes: ChangeListeners
  load(dir: string, id: string): Promise<DurableDocument>
  /** The library's close, once it has begun. */
  closed(): Promise<void> | null
  assertOpen(): void
  saveIndex(): Promise<void>
}

/** A loaded document and the number of handles open on it. */
interface Loaded {
  stored: DurableDocument
  handles: number
  stopObserving: () => void
  /** Its stamp in the index before it was loaded. */
  stamp: string
}

/**
 * The documents open in the library: each is loaded once, shared by every handle open on it, and
 * unloaded (saved, and compacted if worth it) when its last handle closes. While loaded, its meta
 * edits go to the index and its changes to the library's listeners.
 */
export class OpenDocuments {
  /** Documents loaded, or queued to load, for the handles open on them. */
  private readonly loaded = new Map<string, Promise<Loaded>>()
  /** Documents whose load has finished and whose unload has not begun. */
  private readonly live = new Set<string>()

  constructor(private readonly context: OpenDocumentsContext) {}

  /** Returns a new handle on the document, loading it unless it is loaded already. */
  async open(id: string): Promise<DocumentHandle> {
    this.check(id)
    for (;;) {
      this.context.assertOpen()
      let loading = this.loaded.get(id)
      if (!loading) {
        const started = this.context.queue.run(id, () => this.load(id))
        this.loaded.set(id, started)
        started.catch(() => {
          if (this.loaded.get(id) === started) this.loaded.delete(id)
        })
        loading = started
      }
      const record = await loading
      this.context.assertOpen()
      // Unloaded while this call waited: load it again.
      if (this.loaded.get(id) !== loading) continue
      record.handles += 1
      return new DocumentHandle(record.stored, () => this.release(id, record))
    }
  }

  /** Whether the document is loaded; a load queued after the caller's task has not started. */
  isLive(id: string): boolean {
    return this.live.has(id)
  }

  /** Unloads every document, whatever its handles; resolves with how each unload went. */
  async unloadAll(): Promise<PromiseSettledResult<void>[]> {
    const records = await Promise.allSettled(this.loaded.values())
    this.loaded.clear()
    return Promise.allSettled(records.map((record) => (record.status === 'fulfilled' ? this.unload(record.value) : undefined)))
  }

  private check(id: string): void {
    findEntry(this.context.index, this.context.damaged, id, 'documents')
  }

  private async load(id: string): Promise<Loaded> {
    const { index, layout, changes } = this.context
    // Checked again here: a trash queued before this load may have moved it.
    this.check(id)
    const stamp = index.get(id)?.stamp ?? ''
    // From now on its meta in the index may be ahead of its files: a crash must make it re-read.
    index.update(id, { stamp: '' })
    const stored = await this.context.load(layout.dir('documents', id), id)
    const meta = stored.doc.getMap(META_MAP)
    const observer = () => {
      index.update(id, { meta: readMeta(stored.doc) })
      changes.emit({ id, cause: 'meta' })
    }
    meta.observe(observer)
    // Not the doc's `update` event: listening to it makes Yjs encode every transaction.
    const onTransaction = (transaction: Y.Transaction) => {
      if (changes.any && changedDocument(transaction)) changes.emit({ id, cause: 'edit', origin: transaction.origin })
    }
    stored.doc.on('afterTransaction', onTransaction)
    this.live.add(id)
    return {
      stored,
      handles: 0,
      stamp,
      stopObserving: () => {
        meta.unobserve(observer)
        stored.doc.off('afterTransaction', onTransaction)
      },
    }
  }

  /** Resolves once this holder's edits are saved (or, if the library closed first, were saved by it). */
  private release(id: string, record: Loaded): Promise<void> {
    record.handles -= 1
    const closed = this.context.closed()
    if (closed) return closed
    if (record.handles > 0) return record.stored.flushed()
    // While it has handles it is the one in `loaded`; from now on an open loads it afresh.
    this.loaded.delete(id)
    return this.unload(record)
  }

  /** Queued, so that a new load of the same document waits until this one has let go of its files. */
  private unload(record: Loaded): Promise<void> {
    const { id } = record.stored
    const { index, layout } = this.context
    return this.context.queue.run(id, async () => {
      this.live.delete(id)
      record.stopObserving()
      await record.stored.close()
      // Only now is its meta in the index backed by its files. After a failed close the blank stamp stays.
      const entry = index.get(id)
      const stamp = entry ? stampOf(layout.dir(entry.place, id)) : ''
      if (entry) index.update(id, { stamp })
      // Files unchanged (it was only read, by search for one) leave the index as it was: saving it
      // would compare every entry for nothing, once for each document read.
      if (stamp && stamp === record.stamp) return
      if (!this.context.closed()) await this.context.saveIndex()
    })
  }
}
