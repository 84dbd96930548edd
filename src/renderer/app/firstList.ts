import type { BackendEvent, CasebookApi, DocumentRow } from '../../shared/ipc/contract.js'

/**
 * The library's documents, asked for as soon as the back end is reached rather than once the window
 * has first drawn: the answer is on its way while the settings are read and the app renders. What the
 * back end tells meanwhile is kept, so that the list that takes it (useLibrary) misses nothing.
 */
export interface FirstList {
  /** The answer and every event told since it was asked for, in order; once only, then null. */
  take(): { answer: Promise<DocumentRow[]>; told: BackendEvent[] } | null
}

export function askFirstList(api: CasebookApi): FirstList {
  const told: BackendEvent[] = []
  const stopKeeping = api.onEvent((event) => told.push(event))
  const answer = api.request('library.list', { place: 'documents' })
  // A failure is the list's to show, once it takes the answer.
  answer.catch(() => {})
  let taken = false
  return {
    take() {
      if (taken) return null
      taken = true
      stopKeeping()
      return { answer, told }
    },
  }
}
