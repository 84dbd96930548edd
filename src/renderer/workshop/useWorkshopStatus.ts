import { useCallback, useEffect, useState } from 'react'
import type { CasebookApi, WorkshopView } from '../../shared/ipc/contract.js'

/** How often the facilitator's view asks who joined, while it is shown. */
const POLL_MS = 2000

/** Whether a workshop is over: ended early, or past its end. */
export function isOver(view: WorkshopView, now = Date.now()): boolean {
  return view.endedAt !== null || view.endsAt <= now
}

/**
 * A workshop as its facilitator sees it, asked of the relay every two seconds while shown, until it is
 * over; and a way to take in an answer the view got otherwise (ending it, removing someone).
 */
export function useWorkshopStatus(
  api: CasebookApi,
  network: string,
  code: string,
): { view: WorkshopView | null; problem: Error | null; take: (view: WorkshopView) => void } {
  const [view, setView] = useState<WorkshopView | null>(null)
  const [problem, setProblem] = useState<Error | null>(null)
  const take = useCallback((answer: WorkshopView) => {
    setView(answer)
    setProblem(null)
  }, [])
  const over = view !== null && isOver(view)
  useEffect(() => {
    if (over) return
    let current = true
    let asking = false
    const ask = () => {
      if (asking) return
      asking = true
      api
        .request('workshops.status', { network, code })
        .then(
          (answer) => current && take(answer),
          (failure: Error) => current && setProblem(failure),
        )
        .finally(() => {
          asking = false
        })
    }
    ask()
    const timer = setInterval(ask, POLL_MS)
    return () => {
      current = false
      clearInterval(timer)
    }
  }, [api, network, code, over, take])
  return { view, problem, take }
}
