import { useEffect, useState } from 'react'
import type { CasebookApi } from '../../shared/ipc/contract.js'
import type { Curation } from '../../shared/model/curation.js'

/**
 * Each joined network's curation (curation.ts): its collections, featured documents and topics,
 * asked again whenever one changes, here or by a sync. A network whose curation cannot be read has none.
 */
export function useCuration(api: CasebookApi, networks: readonly string[]): ReadonlyMap<string, Curation> {
  const [curations, setCurations] = useState<ReadonlyMap<string, Curation>>(new Map())
  const names = networks.join(' ')
  useEffect(() => {
    let current = true
    const ask = (network: string) =>
      api.request('networks.curation', { network }).then(
        (curation) => current && setCurations((known) => new Map(known).set(network, curation)),
        () => {},
      )
    for (const network of names.split(' ').filter(Boolean)) void ask(network)
    const stop = api.onEvent((event) => {
      if (event.type === 'curation-changed') void ask(event.network)
    })
    return () => {
      current = false
      stop()
    }
  }, [api, names])
  return curations
}
