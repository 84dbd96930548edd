import { useCallback, useEffect, useState } from 'react'
import type { CasebookApi, CommentsView, RequestOf } from '../../shared/ipc/contract.js'

type NewEvent = Omit<RequestOf<'comments.add'>, 'id'>

/** The document's comments as the back end folds them, kept current with what this device and a sync add. */
export function useComments(api: CasebookApi, id: string) {
  const [view, setView] = useState<CommentsView | Error | null>(null)
  const load = useCallback(
    () =>
      api.request('comments.list', { id }).then(
        (found) => setView(found),
        (error: Error) => setView(error),
      ),
    [api, id],
  )
  useEffect(() => {
    void load()
    return api.onEvent((event) => {
      if (event.type === 'comments-changed' && event.id === id) void load()
    })
  }, [api, id, load])
  /** Adds an event; the threads come back with it. Rejects with the back end's error. */
  const add = useCallback(async (event: NewEvent) => setView(await api.request('comments.add', { id, ...event })), [api, id])
  return { view, add }
}
