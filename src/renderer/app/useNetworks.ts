import { useCallback, useEffect, useState } from 'react'
import type { CasebookApi, NetworkStatus } from '../../shared/ipc/contract.js'

/** The joined networks and whether each relay is reachable, kept current by the back end's events. */
export function useNetworks(api: CasebookApi): { networks: NetworkStatus[]; reload: () => void } {
  const [networks, setNetworks] = useState<NetworkStatus[]>([])
  const reload = useCallback(() => void api.request('networks.list', {}).then(setNetworks, () => {}), [api])
  useEffect(() => {
    reload()
    return api.onEvent((event) => {
      // A workshop that ended is no longer joined: the list is asked for again, without it.
      if (event.type === 'workshop-ended') return reload()
      if (event.type !== 'network') return
      setNetworks((list) =>
        list.some((network) => network.id === event.status.id)
          ? list.map((network) => (network.id === event.status.id ? event.status : network))
          : [...list, event.status],
      )
    })
  }, [api, reload])
  return { networks, reload }
}
