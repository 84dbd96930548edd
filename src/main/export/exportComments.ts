import type * as Y from 'yjs'
import { BodyPositions } from '../../shared/model/commentAnchor.js'
import { type CommentReply, type CommentThread, foldThreads, readEvents } from '../../shared/model/commentThreads.js'
import type { Library } from '../library/library.js'

/** An open comment, as an export carries it (docxComments.ts). */
export interface ExportComment {
  by: string
  city?: string
  body: string
  /** When it was written, in milliseconds since 1970. */
  at: number
  /** The text it was about when it was written. */
  quote: string
  replies: CommentReply[]
  /**
   * Where its text is in the body exported, as ProseMirror positions; `deleted` where all of it was
   * deleted; `unknown` where content a newer Casebook wrote was left out of the body, which moves
   * what follows it from where the document's own positions say.
   */
  place: { from: number; to: number } | 'deleted' | 'unknown'
}

/** The document's open (unresolved) comment threads, oldest first, as this device holds them. */
export async function openThreads(library: Library, id: string): Promise<CommentThread[]> {
  const comments = await library.comments(id)
  try {
    return foldThreads(readEvents(comments.doc)).filter((thread) => !thread.resolved)
  } finally {
    comments.doc.destroy()
  }
}

/**
 * The threads as an export of `doc` (the document, or the version exported) carries them, placed in
 * its body as read (`leftOut`: whether anything was left out of it). A thread whose text this body
 * lacks yet (written on another device, and not arrived; or written after the version exported) is
 * not about this text: it is left out, as the app shows it apart, waiting.
 */
export function placeComments(threads: readonly CommentThread[], doc: Y.Doc, leftOut: boolean): ExportComment[] {
  const positions = new BodyPositions(doc)
  return threads.flatMap((thread): ExportComment[] => {
    const place = positions.place(thread.anchor, thread.quote)
    if (place.state === 'waiting') return []
    const { by, city, body, at, quote, replies } = thread
    return [
      {
        by,
        ...(city !== undefined ? { city } : {}),
        body,
        at,
        quote,
        replies,
        place: place.state === 'orphan' ? 'deleted' : leftOut ? 'unknown' : { from: place.from, to: place.to },
      },
    ]
  })
}
