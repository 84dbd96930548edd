import type { CommentsView } from '../../shared/ipc/contract.js'
import type { CommentInput } from '../../shared/model/newCommentEvent.js'

/**
 * Where the margin reads and adds a document's comments: the app's back end (apiComments.ts), or a
 * guest page's own copy of the comments room (../guest/guestComments.ts).
 */
export interface CommentsSource {
  /** The threads now, and who the user is in them. */
  list(): Promise<CommentsView>
  /** Adds an event written as the user; answers the threads with it, or rejects with why not (a CasebookError). */
  add(input: CommentInput): Promise<CommentsView>
  /** Calls `listener` whenever the threads may have changed (another device's comment arrived); returns a stop. */
  onChange(listener: () => void): () => void
}
