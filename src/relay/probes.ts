/** A probe's answer: its HTTP status and JSON body. */
export interface ProbeAnswer {
  status: number
  body: { status: string; problem?: string; documentsLoaded?: number }
}

/** What the probes look at: whether the store answers (it throws when not), the relay's memory, and whether it is stopping. */
export interface ProbedRelay {
  checkStore(): void
  documentsLoaded: number
  overMemoryCeiling: boolean
  stopping: boolean
}

/**
 * /healthz: whether the relay is alive, which a process manager restarts it for failing: it answers,
 * and so does its SQLite store.
 */
export function healthAnswer(relay: ProbedRelay): ProbeAnswer {
  const problem = storeProblem(relay)
  return problem ? { status: 503, body: { status: 'failing', problem } } : { status: 200, body: { status: 'ok', documentsLoaded: relay.documentsLoaded } }
}

/**
 * /readyz: whether to send it clients now, which a load balancer asks. Not while it stops, nor while
 * its heap is past the ceiling and it is unloading documents to get under it.
 */
export function readyAnswer(relay: ProbedRelay): ProbeAnswer {
  const problem = relay.stopping
    ? 'It is stopping.'
    : (storeProblem(relay) ?? (relay.overMemoryCeiling ? 'Its memory is past its ceiling (--heap-unload-share): it is unloading documents.' : null))
  return problem ? { status: 503, body: { status: 'not ready', problem } } : { status: 200, body: { status: 'ready' } }
}

function storeProblem(relay: ProbedRelay): string | null {
  try {
    relay.checkStore()
    return null
  } catch (error) {
    return `Its database does not answer: ${(error as Error).message}.`
  }
}
