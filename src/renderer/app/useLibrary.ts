import { useCallback, useEffect, useState } from 'react'
import type { CasebookApi, DocumentRow, SearchHit, SearchProgress } from '../../shared/ipc/contract.js'

export type LibraryPlace = 'documents' | 'trash'

/**
 * The library's rows in one place (its documents, or the trash), or those matching a search, kept
 * current: a change anywhere refetches, and a sync-state event updates its row in place. While the
 * search index is built, `indexing` says how far it is, and the search runs again once it is done.
 */
export function useLibrary(
  api: CasebookApi,
  place: LibraryPlace,
  query: string,
): { rows: (DocumentRow | SearchHit)[] | null; error: Error | null; indexing: SearchProgress | null } {
  const [rows, setRows] = useState<(DocumentRow | SearchHit)[] | null>(null)
  const [progress, setProgress] = useState<SearchProgress | null>(null)
  const [error, setError] = useState<Error | null>(null)
  const [generation, setGeneration] = useState(0)
  const refetch = useCallback(() => setGeneration((value) => value + 1), [])

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation (the library changed) is what asks for the list again.
  useEffect(() => {
    let current = true
    const searching = place === 'documents' && query.trim() !== ''
    // Typing a query waits for a pause, so that each keystroke does not search.
    const timer = setTimeout(
      () => {
        const request = searching
          ? api.request('library.search', { query }).then(({ hits, progress }) => {
              if (current) setProgress(progress)
              return hits
            })
          : api.request('library.list', { place })
        request.then(
          (value) => {
            if (!current) return
            setRows(value)
            setError(null)
          },
          (failure: Error) => current && setError(failure),
        )
      },
      searching ? 120 : 0,
    )
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [api, place, query, generation])

  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type === 'library-changed') refetch()
        else if (event.type === 'search-progress') {
          setProgress(event.progress)
          // Done: what is searched for may now be found in documents it could not see before.
          if (event.progress.indexed >= event.progress.total) refetch()
        } else if (event.type === 'sync-state') setRows((list) => list?.map((row) => (row.id === event.id ? { ...row, sync: event.state } : row)) ?? null)
      }),
    [api, refetch],
  )
  const indexing = progress && progress.indexed < progress.total ? progress : null
  return { rows, error, indexing }
}
