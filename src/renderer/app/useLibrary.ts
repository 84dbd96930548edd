import { useCallback, useEffect, useRef, useState } from 'react'
import type { BackendEvent, CasebookApi, DocumentRow, LibraryPlace, PlaceChange, SearchHit, SearchProgress } from '../../shared/ipc/contract.js'
import { applyPendingChanges } from './applyPendingChanges.js'
import { applyPlaceChange } from './applyPlaceChange.js'
import type { FirstList } from './firstList.js'

export type { LibraryPlace } from '../../shared/ipc/contract.js'

/** How often a query being typed is searched, at most. */
const SEARCH_EVERY_MS = 120

/** A place's list asked for, and the changes told for that place since. */
type Asking = { place: LibraryPlace; changes: PlaceChange[] }

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
  /** The documents' list asked for at launch (firstList.ts), taken instead of asking again. */
  firstList?: FirstList,
): { rows: (DocumentRow | SearchHit)[] | null; error: Error | null; indexing: SearchProgress | null } {
  const [rows, setRows] = useState<(DocumentRow | SearchHit)[] | null>(null)
  const [progress, setProgress] = useState<SearchProgress | null>(null)
  const [error, setError] = useState<Error | null>(null)
  const [generation, setGeneration] = useState(0)
  const refetch = useCallback(() => setGeneration((value) => value + 1), [])
  /** What `rows` holds: a place's list, search hits, or nothing yet. */
  const held = useRef<LibraryPlace | 'search' | null>(null)
  /**
   * The place whose list is asked for and the changes told for it since: in Electron an event may
   * overtake the reply, so they are applied to the answer when it arrives.
   */
  const asking = useRef<Asking | null>(null)
  /** When the last search was asked for (performance.now()). */
  const lastSearch = useRef(Number.NEGATIVE_INFINITY)

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation (the library changed) is what asks for the list again.
  useEffect(() => {
    let current = true
    let ask: Asking | null = null
    const searching = place === 'documents' && query.trim() !== ''
    // Asking starts now, not when the timer fires: this hook listens from this commit on.
    if (!searching) asking.current = ask = { place, changes: [] }
    // What was told since the launch's list was asked for, as this hook would have taken it.
    const first = !searching && place === 'documents' ? (firstList?.take() ?? null) : null
    for (const event of first?.told ?? []) {
      if (event.type === 'library-changed') ask?.changes.push(event.changes[place])
      else if (event.type === 'search-progress') setProgress(event.progress)
    }
    // A query is searched at once, and then at most once per SEARCH_EVERY_MS while typing goes on,
    // the last one typed when that time is up: each keystroke does not search, and the first waits not.
    const timer = setTimeout(
      () => {
        if (searching) lastSearch.current = performance.now()
        const request: Promise<(DocumentRow | SearchHit)[]> = searching
          ? api.request('library.search', { query }).then(({ hits, progress }) => {
              if (current) setProgress(progress)
              return hits
            })
          : (first?.answer ?? api.request('library.list', { place }))
        request.then(
          (value) => {
            if (!current) return
            held.current = searching ? 'search' : place
            setRows(ask ? applyPendingChanges(value as DocumentRow[], ask.changes) : value)
            // Each tells a document's state as it is now: the last told is at least as new as the answer.
            for (const event of first?.told ?? []) if (event.type === 'sync-state') setRows((list) => withSyncState(list, event))
            setError(null)
            if (asking.current === ask) asking.current = null
          },
          (failure: Error) => {
            if (!current) return
            // What is shown is no longer kept current: the next change asks again.
            held.current = null
            if (asking.current === ask) asking.current = null
            setError(failure)
          },
        )
      },
      searching ? Math.max(0, lastSearch.current + SEARCH_EVERY_MS - performance.now()) : 0,
    )
    return () => {
      current = false
      clearTimeout(timer)
      if (ask && asking.current === ask) asking.current = null
    }
  }, [api, place, query, generation, firstList])

  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type === 'library-changed') {
          const place = held.current
          if (asking.current) asking.current.changes.push(event.changes[asking.current.place])
          else if (place === 'search') refetch()
          else if (place) setRows((list) => list && applyPlaceChange(list, event.changes[place]))
          // Nothing held and nothing asked (the last request failed): ask again.
          else refetch()
        } else if (event.type === 'search-progress') {
          setProgress(event.progress)
          // Done: what is searched for may now be found in documents it could not see before.
          if (event.progress.indexed >= event.progress.total && held.current === 'search') refetch()
        } else if (event.type === 'sync-state') setRows((list) => withSyncState(list, event))
      }),
    [api, refetch],
  )
  const indexing = progress && progress.indexed < progress.total ? progress : null
  return { rows, error, indexing }
}

/** The list with one row's sync state as told. */
function withSyncState<Row extends DocumentRow>(list: Row[] | null, event: Extract<BackendEvent, { type: 'sync-state' }>): Row[] | null {
  // Unchanged, the list stays the same list: a join tells thousands of these, and each new list is sorted and drawn again.
  const index = list?.findIndex((row) => row.id === event.id) ?? -1
  const row = list?.[index]
  if (!list || !row || row.sync === event.state) return list
  const next = [...list]
  next[index] = { ...row, sync: event.state }
  return next
}
