/**
 * Something that happened to a document: an edit (with the origin of its Yjs transaction, so that a
 * syncing peer can tell its own changes apart; an edit of the meta is also reported as `meta`), a
 * create, adopt, trash or restore; `history`: versions were added to its history, here or by a sync;
 * `comments`: comments were added, here or by a sync;
 * or `checked`: the check of the index against the folders, which a
 * library opened with `checkInBackground` runs once it is open, found the document changed, new,
 * moved or gone.
 */
export type LibraryChange =
  | { id: string; cause: 'edit'; origin: unknown }
  | { id: string; cause: 'meta' | 'create' | 'adopt' | 'trash' | 'restore' | 'history' | 'comments' | 'checked' }

/** Whoever watches the library's changes. */
export class ChangeListeners {
  private readonly listeners = new Set<(change: LibraryChange) => void>()

  /** Calls `listener` with every change; returns the function that stops it. */
  add(listener: (change: LibraryChange) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  get any(): boolean {
    return this.listeners.size > 0
  }

  emit(change: LibraryChange): void {
    for (const listener of this.listeners) listener(change)
  }
}
