import { useCallback, useEffect, useState } from 'react'
import type { CommentsView } from '../../shared/ipc/contract.js'
import type { CommentInput } from '../../shared/model/newCommentEvent.js'
import type { CommentsSource } from './CommentsSource.js'

/** The document's comments as its source folds them, kept current with what this page and a sync add. */
export function useComments(source: CommentsSource) {
  const [view, setView] = useState<CommentsView | Error | null>(null)
  const load = useCallback(
    () =>
      source.list().then(
        (found) => setView(found),
        (error: Error) => setView(error),
      ),
    [source],
  )
  useEffect(() => {
    void load()
    return source.onChange(() => void load())
  }, [source, load])
  /** Adds an event; the threads come back with it. Rejects with the source's error. */
  const add = useCallback(async (input: CommentInput) => setView(await source.add(input)), [source])
  return { view, add }
}
