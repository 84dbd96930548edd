import { useCallback, useEffect, useRef, useState } from 'react'
import type { CasebookApi, DocumentRow, LibraryPlace, SearchHit, SearchProgress } from '../../shared/ipc/contract.js'
import { applyPlaceChange } from './applyPlaceChange.js'

export type { LibraryPlace } from '../../shared/ipc/contract.js'

/**
 * The library's rows in one place (its documents, or the trash), or those matching a search, kept
 * current: a place's list is asked for once, then each change the back end tells is applied to it (a
 * search is asked again); a sync-state event updates its row in place. While the search index is
 * built, `indexing` says how far it is, and the search runs again once it is done.
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
  /** What `rows` holds: a place's list, search hits, or nothing yet. */
  const held = useRef<LibraryPlace | 'search' | null>(null)

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation (the library changed) is what asks for the list again.
  useEffect(() => {
    let current = true
    const searching = place === 'documents' && query.trim() !== ''
    // Typing a query waits for a pause, so that each keystroke does not search.
    const timer = setTimeout(
      () => {
        const request: Promise<(DocumentRow | SearchHit)[]> = searching
          ? api.request('library.search', { query }).then(({ hits, progress }) => {
              if (current) setProgress(progress)
              return hits
            })
          : api.request('library.list', { place })
        request.then(
          (value) => {
            if (!current) return
            held.current = searching ? 'search' : place
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
        if (event.type === 'library-changed') {
          const place = held.current
          if (place === 'search') refetch()
          // Before the first answer nothing is held: that answer, asked after the change, includes it.
          else if (place) setRows((list) => list && applyPlaceChange(list, event.changes[place]))
        } else if (event.type === 'search-progress') {
          setProgress(event.progress)
          // Done: what is searched for may now be found in documents it could not see before.
          if (event.progress.indexed >= event.progress.total && held.current === 'search') refetch()
        } else if (event.type === 'sync-state')
          setRows((list) => {
            // Unchanged, the list stays the same list: a join tells thousands of these, and each new list is sorted and drawn again.
            const index = list?.findIndex((row) => row.id === event.id) ?? -1
            const row = list?.[index]
            if (!list || !row || row.sync === event.state) return list
            const next = [...list]
            next[index] = { ...row, sync: event.state }
            return next
          })
      }),
    [api, refetch],
  )
  const indexing = progress && progress.indexed < progress.total ? progress : null
  return { rows, error, indexing }
}
