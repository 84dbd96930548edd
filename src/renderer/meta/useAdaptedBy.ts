import { useEffect, useState } from 'react'
import type { CasebookApi, Responses } from '../../shared/ipc/contract.js'

/**
 * The cities that adapted the document, and whether the one it adapts is here (documents.adaptedBy), asked again when a network's
 * adaptations change or the library does (an adaptation made or synced here). Empty while unknown,
 * and when they cannot be read.
 */
type Adaptations = Responses['documents.adaptedBy']

export function useAdaptedBy(api: CasebookApi, id: string): Adaptations {
  const [adaptations, setAdaptations] = useState<Adaptations>({ adaptedBy: [], sourceHeld: false })
  useEffect(() => {
    let current = true
    const ask = () =>
      api.request('documents.adaptedBy', { id }).then(
        (found) => current && setAdaptations(found),
        () => {},
      )
    void ask()
    const stop = api.onEvent((event) => {
      if (event.type === 'adaptations-changed' || event.type === 'library-changed') void ask()
    })
    return () => {
      current = false
      stop()
    }
  }, [api, id])
  return adaptations
}
