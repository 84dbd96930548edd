import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises'
import { Worker } from 'node:worker_threads'
import { isCasebookError } from '../../shared/errors.js'
import type { Passage, SearchProgress } from '../../shared/ipc/contract.js'
import { CoalescedTask } from '../coalescedTask.js'
import type { DocumentHandle } from '../library/documentHandle.js'
import { deferred } from '../../shared/deferred.js'
import type { Library, LibraryChange } from '../library/library.js'
import type { SearchEntry } from './searchIndexFile.js'
import type { SearchWorkerData, SearchWorkerReply, SearchWorkerRequest } from './searchIndexWorker.js'

export interface SearchIndexOptions {
  /** How long after a change the changed documents are read again (one read per document per interval at most). */
  readDelayMs?: number
  /** How long after the last change the file is written. */
  writeDelayMs?: number
  /** How long changes may wait to be written while more keep coming (a rebuild of thousands of documents). */
  longestWriteDelayMs?: number
  /**
   * How long a close waits for the worker's last write (about 2 s at 5,000 documents) before it ends
   * the worker: one that hangs must not keep the app from quitting. The file it was writing is
   * replaced whole or not at all, and what it did not hold is read again at the next launch.
   */
  closeTimeoutMs?: number
  /** Told how far a rebuild is, at most about four times a second, and once when it ends. */
  onProgress?: (progress: SearchProgress) => void
  /** Told of what went wrong in the background (a document that could not be read, a file not written). */
  onWarning?: (message: string, error: unknown) => void
}

export interface SearchResults {
  /** The documents (not in the trash) matching the query, best first, among those indexed, each with where it matched. */
  hits: Array<{ id: string; passage: Passage | null }>
  progress: SearchProgress
}

/** A document that cannot be read this many times in a row is left out of the index until it changes. */
const ATTEMPTS = 3
const PROGRESS_INTERVAL_MS = 250

/**
 * The worker's bundle sits beside the bundle that holds this code, in dist/cli and in dist/electron
 * (scripts/build.mjs builds both). Run from the sources, as the tests do, this code starts the
 * command line's bundle of it (the tests' global setup builds it).
 */
const WORKER = import.meta.url.endsWith('.ts')
  ? new URL('../../../dist/cli/searchIndexWorker.js', import.meta.url)
  : new URL('./searchIndexWorker.js', import.meta.url)

/**
 * Full-text search over the library's documents (title, the other meta fields, and the body),
 * offline, with minisearch (see searchTerms). The index itself lives in a worker thread
 * (searchIndexWorker.ts), which loads it from its file at launch, searches it, cuts passages, and
 * writes it: none of that holds up this thread, which answers the renderer. This side reads the
 * documents, one per turn of the event loop, and sends their text: at launch those whose stamp
 * differs from the one the file holds (all of them when it is missing), and after a change, those
 * changed, `readDelayMs` after the first change. Search answers meanwhile from what is indexed.
 *
 * The worker starts loading the file when the index is made, which needs no library: made at launch,
 * before the library opens, the two load side by side. The documents are compared with the file once
 * the library is attached, as its index.json lists them, so that a search answers at once; and again
 * once the library is checked against its folders.
 */
export class SearchIndex {
  private readonly worker: Worker
  private readonly replies = new Map<number, (reply: SearchWorkerReply) => void>()
  private seq = 0
  /** Documents to read again: changed since they were indexed, or never indexed. */
  private readonly stale = new Set<string>()
  /** Listed documents the index does not hold: what progress counts as not indexed yet. */
  private readonly missing = new Set<string>()
  /** Reads failed in a row, by document. */
  private readonly failures = new Map<string, number>()
  private closing = false
  private closed: Promise<void> | null = null
  private building = true
  private readonly build: Promise<void>
  private timer: NodeJS.Timeout | null = null
  /** Documents changed since launch and not read since: a search reads them first. */
  private readonly changed = new Set<string>()
  /** The latest read started of each document: a read overtaken by a later one is dropped, so the older text cannot win. */
  private readonly reads = new Map<string, number>()
  /** The document being read, while its handle is open. */
  private reading: { id: string; done: Promise<void> } | null = null
  private readonly updates = new CoalescedTask(() => this.update())
  /** Whether the file has been loaded, and the documents compared with it as index.json lists them. */
  private readonly loaded: Promise<void>
  /** The stamp of each document the worker's index holds (see StoredDocument), once its file is loaded. */
  private stamps: Map<string, string | null> | null = null
  private stopWatching = () => {}
  private readonly readDelayMs: number
  /** Set by attach; everything that reads it waits for `loaded`, which waits for attach. */
  private library!: Library
  private attached = false
  private readonly attaching = deferred()

  constructor(
    path: string,
    private readonly options: SearchIndexOptions = {},
  ) {
    this.readDelayMs = options.readDelayMs ?? 2000
    const workerData: SearchWorkerData = { path, writeDelayMs: options.writeDelayMs ?? 5000, longestWriteDelayMs: options.longestWriteDelayMs ?? 30_000 }
    this.worker = new Worker(WORKER, { workerData })
    this.worker.on('message', (reply: SearchWorkerReply) => {
      if (reply.type === 'warning') return this.warn(reply.message, new Error(reply.problem))
      this.replies.get(reply.seq)?.(reply)
      this.replies.delete(reply.seq)
    })
    this.worker.on('error', (error) => this.warn('The search index stopped.', error))
    this.loaded = this.load()
    this.build = this.rebuild()
    // A worker stopped by a close that timed out leaves both unanswered: who awaits them is told so,
    // and if nobody does, that is no unhandled rejection.
    this.build.catch(() => {})
  }

  /** Indexes the library's documents from now on: those the file does not hold as they are, and every change. */
  attach(library: Library): this {
    this.library = library
    this.attached = true
    this.stopWatching = library.watch((change) => this.onChange(change))
    this.attaching.resolve()
    return this
  }

  async search(query: string): Promise<SearchResults> {
    await this.loaded
    // What changed since launch first, so a search never answers from an older text than the one
    // saved; while the index is built, the documents stale at launch wait for the build.
    for (const id of [...this.stale]) {
      if (this.building && !this.changed.has(id)) continue
      if (await this.read(id)) continue
      this.stale.add(id)
      this.schedule()
    }
    // A read the background update began has taken its document off the stale list, which the loop
    // then skipped: that document may be one changed since launch (just created, say), so it waits.
    await this.reading?.done
    const reply = await this.ask({ type: 'search', seq: 0, query })
    if (reply.type !== 'search') throw new Error('unexpected reply')
    if (reply.broken) {
      // The worker empties it.
      this.stamps = new Map()
      for (const { id } of this.library.list()) this.markMissing(id)
      void this.rebuild()
    }
    // The index may still hold a document that left the library since it was read.
    const hits = reply.hits.filter((hit) => this.library.isListed(hit.id))
    return { hits, progress: this.count() }
  }

  /** Resolves once the documents stale at launch are indexed (or the index closed after attach). */
  built(): Promise<void> {
    return this.build
  }

  /** Resolves once the index has let go of the document, if it is reading it (see Services' trash). */
  async letGo(id: string): Promise<void> {
    if (this.reading?.id === id) await this.reading.done
  }

  /** How many of the library's documents are indexed; after the file is read, so that none counts before. */
  async progress(): Promise<SearchProgress> {
    await this.loaded
    return this.count()
  }

  /**
   * Stops reading documents, writes what is indexed, and ends the worker; the documents not read yet
   * are read at the next launch. Closed before a library was attached (it failed to open), it writes nothing.
   */
  close(): Promise<void> {
    this.closed ??= this.shutDown()
    return this.closed
  }

  private async shutDown(): Promise<void> {
    if (!this.attached) {
      await this.worker.terminate()
      return
    }
    this.stopWatching()
    this.closing = true
    if (this.timer) clearTimeout(this.timer)
    await this.updates.settled()
    const timeoutMs = this.options.closeTimeoutMs ?? 60_000
    const problem = await Promise.race([
      this.ask({ type: 'write', seq: 0 }).then(
        (reply) => (reply.type === 'write' && reply.problem ? new Error(reply.problem) : null),
        (error: unknown) => error,
      ),
      sleep(timeoutMs, undefined, { ref: false }).then(() => new Error(`Its worker did not answer within ${timeoutMs / 1000} s, and was stopped.`)),
    ])
    if (problem) this.warn('The search index could not be written.', problem)
    await this.worker.terminate()
  }

  private async load(): Promise<void> {
    // The worker loads the file meanwhile: it answers once it has.
    await this.attaching.promise
    const reply = await this.ask({ type: 'loaded', seq: 0 })
    if (reply.type !== 'loaded') return
    this.stamps = new Map(reply.stamps)
    // With the library as its index.json lists it, so that a search need not wait for its check
    // against the folders (rebuild compares again once that is done).
    this.compareStamps({ dropUnlisted: false })
  }

  private rebuild(): Promise<void> {
    this.building = true
    return (
      this.loaded
        // The check finds what changed while Casebook was closed (a crash, a copy), as `checked`
        // changes, which onChange leaves to this. Only then are documents that are not listed dropped:
        // a library opened without its index.json lists none before.
        .then(() => this.library.whenChecked().catch(() => {}))
        .then(() => this.compareStamps({ dropUnlisted: true }))
        .then(() => this.runUpdate())
        .finally(() => {
          this.building = false
        })
    )
  }

  /**
   * Marks the listed documents that the index does not hold, or holds with another stamp, to be read;
   * but not those read since launch, or being read: they changed since, and their reads wait for the check.
   */
  private compareStamps({ dropUnlisted }: { dropUnlisted: boolean }): void {
    if (!this.stamps) return
    for (const { id } of this.library.list()) {
      if (this.reads.has(id)) continue
      if (!this.stamps.has(id)) this.markMissing(id)
      // A blank stamp (read while open elsewhere) matches nothing: read again.
      else if (this.stamps.get(id) !== this.library.stamp(id)) this.stale.add(id)
    }
    // Documents indexed but gone since (trashed by the command line, say): dropped, so they cannot be found.
    if (dropUnlisted) for (const id of this.stamps.keys()) if (!this.library.isListed(id)) this.post({ type: 'remove', id })
  }

  private onChange(change: LibraryChange): void {
    // Left to rebuild, which compares every document once the check is done; a history and comments are not searched.
    if (change.cause === 'checked' || change.cause === 'history' || change.cause === 'comments') return
    if (change.cause === 'trash') {
      this.stale.delete(change.id)
      this.missing.delete(change.id)
      this.post({ type: 'remove', id: change.id })
      this.changed.delete(change.id)
    } else {
      if (change.cause === 'edit' || change.cause === 'meta') this.stale.add(change.id)
      else this.markMissing(change.id)
      this.changed.add(change.id)
    }
    this.schedule()
  }

  private schedule(): void {
    if (this.closing) return
    this.timer ??= setTimeout(() => {
      this.timer = null
      void this.runUpdate()
    }, this.readDelayMs)
  }

  private markMissing(id: string): void {
    this.missing.add(id)
    this.stale.add(id)
  }

  /** A run's problems are logged document by document (see update): what is left here is unexpected. */
  private runUpdate(): Promise<void> {
    return this.updates.run().catch((error: unknown) => this.warn('The search index could not be brought up to date.', error))
  }

  /** Reads the stale documents, one at a time, letting other work run between two; a read that fails is tried again later. */
  private async update(): Promise<void> {
    await this.loaded
    const rebuilding = this.missing.size > 0
    let told = performance.now()
    const retry: string[] = []
    for (const id of this.stale) {
      if (this.closing) break
      if (!(await this.read(id))) retry.push(id)
      if (rebuilding && performance.now() - told >= PROGRESS_INTERVAL_MS) {
        told = performance.now()
        this.options.onProgress?.(this.count())
      }
      await nextTurn()
    }
    // Put back only now: added while the loop runs, they would be read again at once.
    for (const id of retry) this.stale.add(id)
    if (retry.length) this.schedule()
    if (rebuilding && !this.closing) this.options.onProgress?.(this.count())
  }

  private count(): SearchProgress {
    const total = this.library.count()
    return { indexed: Math.max(0, total - this.missing.size), total }
  }

  /** Reads the document into the index; false if it failed and is to be read again later. */
  private async read(id: string): Promise<boolean> {
    this.stale.delete(id)
    this.changed.delete(id)
    try {
      await this.reindex(id)
      this.failures.delete(id)
      return true
    } catch (error) {
      const attempts = (this.failures.get(id) ?? 0) + 1
      this.failures.set(id, attempts)
      this.warn(`Document ${id} could not be read for the search index.`, error)
      if (attempts < ATTEMPTS) return false
      this.missing.delete(id)
      return true
    }
  }

  private async reindex(id: string): Promise<void> {
    const done = this.reindexOnce(id)
    const reading = {
      id,
      done: done.then(
        () => {},
        () => {},
      ),
    }
    this.reading = reading
    try {
      await done
    } finally {
      if (this.reading === reading) this.reading = null
    }
  }

  private async reindexOnce(id: string): Promise<void> {
    const started = (this.reads.get(id) ?? 0) + 1
    this.reads.set(id, started)
    // TipTap and ProseMirror, which reading a body takes, load when one is first read, not at launch.
    const { readBodyText } = await import('../../shared/model/documentBody.js')
    let handle: DocumentHandle
    try {
      handle = await this.library.open(id)
    } catch (error) {
      // Trashed, or damaged, since it changed: it is not searchable.
      if (!isCasebookError(error)) throw error
      this.missing.delete(id)
      this.post({ type: 'remove', id })
      return
    }
    let entry: SearchEntry
    try {
      const { meta } = this.library.summary(id)
      const metaText = [meta.city, meta.country, meta.network, meta.kind, ...meta.topics, ...meta.authors].filter(Boolean).join(' ')
      entry = { id, title: meta.title, meta: metaText, body: readBodyText(handle.doc) }
    } finally {
      await handle.close()
    }
    if (this.reads.get(id) !== started) return
    // Read once its files are saved; blank if it is still open elsewhere, so a launch reads it again.
    this.post({ type: 'add', entry, stamp: this.library.stamp(id) || null })
    this.missing.delete(id)
  }

  private post(request: SearchWorkerRequest): void {
    if (request.type === 'add') this.stamps?.set(request.entry.id, request.stamp)
    if (request.type === 'remove') this.stamps?.delete(request.id)
    this.worker.postMessage(request)
  }

  private ask(request: Extract<SearchWorkerRequest, { seq: number }>): Promise<SearchWorkerReply> {
    const seq = ++this.seq
    return new Promise((resolve, reject) => {
      const onExit = () => reject(new Error('The search index stopped.'))
      this.worker.once('exit', onExit)
      this.replies.set(seq, (reply) => {
        this.worker.off('exit', onExit)
        resolve(reply)
      })
      this.post({ ...request, seq })
    })
  }

  private warn(message: string, error: unknown): void {
    this.options.onWarning?.(message, error)
  }
}
