import type * as Y from 'yjs'
import type { CommentsView } from '../../shared/ipc/contract.js'
import { addEvent, foldThreads, readEvents } from '../../shared/model/commentThreads.js'
import { checkThreadRule, type CommentInput, type CommentWriter, EVENT_ID_BYTES, newCommentEvent } from '../../shared/model/newCommentEvent.js'
import type { CommentsSource } from '../editor/CommentsSource.js'

/**
 * A guest's comments: the page's own copy of the document's comments room, which its provider keeps
 * in step with the relay. Events are made and checked as the app's back end does
 * (newCommentEvent.ts), so the relay takes them; they are folded into threads as everywhere.
 */
export class GuestComments implements CommentsSource {
  private readonly listeners = new Set<() => void>()
  /** Why nothing more may be added (the workshop ended), in the page's language; null while it may. */
  private closedBecause: string | null = null

  constructor(
    private readonly doc: Y.Doc,
    private readonly documentId: string,
    /** Who the session token names: whom the relay lets write events. */
    readonly writer: CommentWriter,
  ) {}

  list = async (): Promise<CommentsView> => this.view()

  add = async (input: CommentInput): Promise<CommentsView> => {
    if (this.closedBecause !== null) throw new Error(this.closedBecause)
    const event = newCommentEvent(input, this.writer, crypto.getRandomValues(new Uint8Array(EVENT_ID_BYTES)), Date.now())
    checkThreadRule(event, readEvents(this.doc), this.documentId)
    addEvent(this.doc, event)
    return this.view()
  }

  onChange = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    this.doc.on('update', listener)
    return () => {
      this.listeners.delete(listener)
      this.doc.off('update', listener)
    }
  }

  /** Stops adding, saying why to whoever tries; the threads stay to read. */
  close(because: string): void {
    this.closedBecause = because
    for (const listener of this.listeners) listener()
  }

  private view(): CommentsView {
    const { name, city, role } = this.writer
    return { threads: foldThreads(readEvents(this.doc)), you: { name, ...(city ? { city } : {}), role, mayComment: this.closedBecause === null } }
  }
}
