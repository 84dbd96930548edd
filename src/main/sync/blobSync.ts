import type * as Y from 'yjs'
import { isCasebookError } from '../../shared/errors.js'
import { isBlobHash } from '../../shared/model/blobHash.js'
import { imageBlobs, observeImageBlobs } from '../../shared/model/imageBlobs.js'
import type { BlobStore } from '../library/blobStore.js'
import type { BlobsOnRelay } from './BlobsOnRelay.js'
import { fetchBlob, relayHasBlob, sendBlob } from './blobRoutes.js'
import type { RelayAccess } from './documentConnection.js'

/** How many images of one network are fetched or sent at once. */
export const BLOB_CONCURRENCY = 4
/** How long an image that failed, or that the relay does not hold yet, waits to be tried again: doubling up to the most. */
const RETRY_FIRST_MS = 1000
const RETRY_MOST_MS = 60_000

export interface BlobSyncEvents {
  /** An image is now in the library. */
  onArrived(hash: string): void
  /** An image could not be fetched or sent (it is tried again later); one the relay sent altered among them. */
  onError(hash: string, error: unknown): void
  /** The images' part of the progress changed. */
  onProgress(): void
}

/**
 * The images of one network's documents, beside the documents (docs/IMAGES.md, "Sync and garbage
 * collection"). Sync tells it the images each document it handled references (`want`); once no
 * document is left to sync, a pass checks each, BLOB_CONCURRENCY at a time:
 * - missing here: fetched from the relay and stored, which refuses bytes that are not the ones the
 *   hash names (BlobStore.add);
 * - here, but not known to be on the relay: asked about (HEAD), and sent if the relay lacks it. A
 *   viewer sends nothing.
 * What the relay is known to hold is kept (BlobsOnRelay), so a restart asks only about the others.
 * An image that failed, or that the relay does not hold yet (its sender's pass may not have run),
 * is tried again later; one the relay refused for what it is, when a document wants it again. Offline, the pass stops, and what it had left waits for the relay.
 */
export class BlobSync {
  /** Images to check at the next pass. */
  private readonly wanted = new Set<string>()
  /** Images that failed, or that the relay did not hold, tried again once the retry timer fires. */
  private readonly later = new Set<string>()
  private paused = true
  private stopped = false
  private pass: Promise<void> | null = null
  private controller = new AbortController()
  private retryTimer: NodeJS.Timeout | null = null
  private retryDelay = RETRY_FIRST_MS
  /** Images tried once: a retry does not count in the progress again. */
  private readonly tried = new Set<string>()
  /** Images to fetch or send since the progress was last reset, and those of them done (or failed). */
  private readonly counted = new Set<string>()
  private readonly finished = new Set<string>()

  constructor(
    private readonly blobs: BlobStore,
    private readonly access: RelayAccess,
    private readonly record: BlobsOnRelay,
    private readonly events: BlobSyncEvents,
    /** Whether documents are still to sync: they come first, so that the images they reference are known. */
    private readonly documentsBusy: () => boolean,
  ) {}

  /** The images a document references. */
  want(hashes: Iterable<string>): void {
    if (this.stopped) return
    for (const hash of hashes) if (isBlobHash(hash)) this.wanted.add(hash)
    this.kick()
  }

  /**
   * The images of a document held open (a live connection's, a workshop's), now and as they are
   * added here or brought by a sync. Returns the function that stops following it.
   */
  follow(doc: Y.Doc): () => void {
    this.want(imageBlobs(doc))
    return observeImageBlobs(doc, (hashes) => this.want(hashes))
  }

  /** The relay is reachable (the network's feed is up), or not: a pass under way stops, its images wait. */
  online(online: boolean): void {
    this.paused = !online
    if (online) this.kick()
    else this.controller.abort(new Error('offline'))
  }

  /** Starts a pass over the wanted images, unless one runs, the relay is out of reach, or documents are still to sync. */
  kick(): void {
    if (this.stopped || this.paused || this.pass || this.wanted.size === 0 || this.documentsBusy()) return
    this.controller = new AbortController()
    const signal = this.controller.signal
    this.pass = this.run(signal).finally(() => {
      this.pass = null
      this.kick()
    })
  }

  /** Of the images to fetch or send since none was, how many are done (or failed, to be tried again). */
  get progress(): { done: number; total: number } {
    return { done: this.finished.size, total: this.counted.size }
  }

  /** Starts counting afresh; images under way stay counted. */
  resetProgress(): void {
    for (const hash of this.finished) this.counted.delete(hash)
    this.finished.clear()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.retryTimer) clearTimeout(this.retryTimer)
    this.retryTimer = null
    this.controller.abort(new Error('stopped'))
    await this.pass
    await this.record.close()
  }

  private async run(signal: AbortSignal): Promise<void> {
    const failedBefore = this.later.size
    const worker = async () => {
      for (let hash = first(this.wanted); hash && !signal.aborted; hash = first(this.wanted)) {
        this.wanted.delete(hash)
        await this.settle(hash, signal)
      }
    }
    await Promise.all(Array.from({ length: BLOB_CONCURRENCY }, worker))
    if (this.later.size === failedBefore) this.retryDelay = RETRY_FIRST_MS
    this.retryLater()
  }

  private async settle(hash: string, signal: AbortSignal): Promise<void> {
    try {
      if (await this.blobs.has(hash)) await this.send(hash, signal)
      else await this.fetch(hash, signal)
    } catch (error) {
      // Offline or stopping: it waits for the next pass, with nothing to report.
      if (signal.aborted) return void this.wanted.add(hash)
      // Refused for what it is (not for a while): tried again only when a document wants it again, so
      // that an image pasted and undone before it was sent is not refused once a minute for ever.
      if (!isLasting(error)) this.later.add(hash)
      this.done(hash)
      this.events.onError(hash, error)
    }
  }

  private async send(hash: string, signal: AbortSignal): Promise<void> {
    if (this.access.role === 'viewer' || this.record.has(hash)) return
    this.count(hash)
    if (!(await relayHasBlob(this.access, hash, signal))) {
      const bytes = await this.blobs.get(hash)
      // Removed meanwhile (no document references it any more): nothing to send.
      if (bytes) await sendBlob(this.access, hash, bytes, signal)
    }
    this.record.add(hash)
    this.done(hash)
  }

  private async fetch(hash: string, signal: AbortSignal): Promise<void> {
    this.count(hash)
    const bytes = await fetchBlob(this.access, hash, signal)
    if (bytes) {
      // Refuses (throws) bytes that are not the ones the hash names: nothing is stored.
      await this.blobs.add(hash, bytes)
      this.record.add(hash)
      this.events.onArrived(hash)
    } else this.later.add(hash)
    this.done(hash)
  }

  private count(hash: string): void {
    if (this.tried.has(hash)) return
    this.tried.add(hash)
    this.counted.add(hash)
    this.events.onProgress()
  }

  private done(hash: string): void {
    if (!this.counted.has(hash) || this.finished.has(hash)) return
    this.finished.add(hash)
    this.events.onProgress()
  }

  private retryLater(): void {
    if (this.later.size === 0 || this.retryTimer || this.stopped) return
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      for (const hash of this.later) this.wanted.add(hash)
      this.later.clear()
      this.kick()
    }, this.retryDelay)
    this.retryDelay = Math.min(this.retryDelay * 2, RETRY_MOST_MS)
  }
}

/** A refusal the relay will give again until something changes: a 4xx other than a timeout or too many requests. */
function isLasting(error: unknown): boolean {
  const status = isCasebookError(error) ? error.params?.['status'] : undefined
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429
}

function first(set: Set<string>): string | undefined {
  return set.values().next().value
}
