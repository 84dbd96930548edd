import { useEffect, useRef, useState } from 'react'
import type { BackendEvent, CasebookApi } from '../../shared/ipc/contract.js'
import type { NetworkStats } from '../../shared/model/networkStats.js'

/** Whether what the event tells may change the network's figures. */
const changesFigures = (event: BackendEvent, network: string) =>
  event.type === 'library-changed' || (event.type === 'adaptations-changed' && event.network === network)

/**
 * A network's figures (`networks.stats`), asked again whenever the library or the network's
 * adaptations change: one request at a time, and one more after it if anything changed meanwhile, so
 * that the thousands of changes a sync tells ask a few times, not thousands. Once the figures were
 * shown, leaving them (another network, another screen, closing the window) tells the back end they were looked at, so
 * that what is new next time is what came after.
 */
export function useNetworkStats(api: CasebookApi, network: string): { stats: NetworkStats | null; error: Error | null; retry: () => void } {
  const [stats, setStats] = useState<NetworkStats | null>(null)
  const [error, setError] = useState<Error | null>(null)
  const [attempt, setAttempt] = useState(0)
  /** Whether this network's figures were shown since it was opened. */
  const seen = useRef(false)

  useEffect(() => {
    const looked = () => {
      // Recording a look fails only if the back end is gone; what is new is then shown as new again, which is harmless.
      if (seen.current) void api.request('networks.lookedAtStats', { network }).catch(() => {})
      seen.current = false
    }
    // Closing or reloading the window leaves the figures too, without unmounting anything.
    window.addEventListener('pagehide', looked)
    return () => {
      window.removeEventListener('pagehide', looked)
      looked()
    }
  }, [api, network])

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new attempt (the user's "Try again") is what asks once more.
  useEffect(() => {
    let current = true
    let asking = false
    let again = false
    setStats(null)
    setError(null)
    const ask = () => {
      asking = true
      again = false
      api
        .request('networks.stats', { network })
        .then(
          (figures) => {
            if (!current) return
            seen.current = true
            setStats(figures)
            setError(null)
          },
          (failure: Error) => {
            if (current) setError(failure)
          },
        )
        .finally(() => {
          asking = false
          if (current && again) ask()
        })
    }
    ask()
    const stop = api.onEvent((event) => {
      if (!changesFigures(event, network)) return
      if (asking) again = true
      else ask()
    })
    return () => {
      current = false
      stop()
    }
  }, [api, network, attempt])

  return { stats, error, retry: () => setAttempt((count) => count + 1) }
}
