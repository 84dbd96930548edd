import { createContext, useCallback, useContext, useMemo } from 'react'
import type { NetworkStatus } from '../../shared/ipc/contract.js'

/** The display names of the joined networks that have one, by id, as App provides them to every screen. */
export const NetworkNames = createContext<ReadonlyMap<string, string>>(new Map())

/**
 * The names of `networks`, the same map until one of them changes: a network's status changes with
 * every member who comes and goes, and the rows that show its name need not be drawn again for that.
 */
export function useNetworkNames(networks: readonly NetworkStatus[]): ReadonlyMap<string, string> {
  const key = JSON.stringify(networks.flatMap(({ id, title }) => (title ? [[id, title]] : [])))
  return useMemo(() => new Map(JSON.parse(key) as [string, string][]), [key])
}

/** How a network is shown: by its display name, or by its id when it has none or this device has left it. */
export function useNetworkLabel(): (id: string) => string {
  const names = useContext(NetworkNames)
  return useCallback((id: string) => names.get(id) ?? id, [names])
}
