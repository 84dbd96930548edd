import type * as Y from 'yjs'
import { closedError, type DurableDocument } from './durableDocument.js'

/**
 * One user's hold on an open document. Several handles (an editor, background sync, a version
 * being saved) share one loaded DurableDocument; it is unloaded when the last handle closes, so no
 * holder can close it under another.
 */
export class DocumentHandle {
  private closing: Promise<void> | null = null

  constructor(
    private readonly stored: DurableDocument,
    private readonly release: () => Promise<void>,
  ) {}

  get id(): string {
    return this.stored.id
  }

  /** The document itself: every change made to it is saved. */
  get doc(): Y.Doc {
    return this.stored.doc
  }

  /** Resolves once every change made to the doc so far is on disk. */
  flushed(): Promise<void> {
    if (this.closing) return Promise.reject(closedError(this.id))
    return this.stored.flushed()
  }

  close(): Promise<void> {
    this.closing ??= this.release()
    return this.closing
  }
}
