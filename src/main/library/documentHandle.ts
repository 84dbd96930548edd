import type * as Y from 'yjs'
import { closedError, type StoredDocument } from './storedDocument.js'

/**
 * One user's hold on an open document. Several handles (an editor, background sync, a version
 * being saved) share one loaded StoredDocument; it is unloaded when the last handle closes, so no
 * holder can close it under another.
 */
export class DocumentHandle {
  private closing: Promise<void> | null = null

  constructor(
    private readonly stored: StoredDocument,
    private readonly release: () => Promise<void>,
  ) {}

  get id(): string {
    return this.stored.id
  }

  /** The document itself: every change made to it is saved. */
  get doc(): Y.Doc {
    return this.stored.doc
  }

  /** Group commits (write + fdatasync) since the document was loaded. */
  get commits(): number {
    return this.stored.commits
  }

  /** Resolves once every change made to the doc so far is on disk. */
  flushed(): Promise<void> {
    if (this.closing) return Promise.reject(closedError(this.id))
    return this.stored.flushed()
  }

  compact(): Promise<void> {
    if (this.closing) return Promise.reject(closedError(this.id))
    return this.stored.compact()
  }

  close(): Promise<void> {
    this.closing ??= this.release()
    return this.closing
  }
}
