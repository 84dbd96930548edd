import { useCallback, useEffect, useState } from 'react'
import type * as Y from 'yjs'
import type { CasebookApi } from '../../shared/ipc/contract.js'
import type { Review } from '../../shared/model/workflow.js'

export interface ReviewState {
  /** Undefined for a document that is in no joined network's review. */
  review: Review | undefined
  /** Published, and changed since: a change after the answer counts, here or from the network. */
  editedSincePublished: boolean
  /** Asks again, after a step was taken. */
  reload: () => Promise<void>
}

/**
 * The open document's review (workflow.ts), asked of the back end when it opens, whenever its row
 * changes (a decision made on another device reaches the row) and when versions reach it; null
 * until the first answer.
 */
export function useReview(api: CasebookApi, id: string, doc: Y.Doc): ReviewState | null {
  const [found, setFound] = useState<{ review?: Review; editedSincePublished: boolean } | null>(null)
  const [changedSince, setChangedSince] = useState(false)
  const reload = useCallback(
    () =>
      api.request('documents.review', { id }).then(
        (answer) => setFound(answer),
        // What was known stays, rather than a problem: the details and the editor go on.
        () => setFound((known) => known ?? { editedSincePublished: false }),
      ),
    [api, id],
  )
  useEffect(() => {
    void reload()
    return api.onEvent((event) => {
      // The published version may reach this device after the catalog that names it.
      if (event.type === 'history-changed' && event.id === id) void reload()
      if (event.type === 'library-changed' && event.changes.documents.upserted.some((row) => row.id === id)) void reload()
    })
  }, [api, id, reload])
  // biome-ignore lint/correctness/useExhaustiveDependencies: each answer starts the watch again.
  useEffect(() => {
    setChangedSince(false)
    const changed = () => setChangedSince(true)
    doc.on('update', changed)
    return () => doc.off('update', changed)
  }, [doc, found])
  if (!found) return null
  return {
    review: found.review,
    editedSincePublished: found.review?.status === 'published' && (found.editedSincePublished || changedSince),
    reload,
  }
}
