import { type JoinWorkshopBody, readWorkshopError, WORKSHOP_PAGE_PREFIX, type WorkshopRefusal, type WorkshopTicket } from '../../shared/protocol/workshops.js'

/** Why joining failed: one of the relay's refusals a guest can meet, the relay out of reach, or an answer not understood. */
export type JoinFailure = (typeof GUEST_REFUSALS)[number] | 'unreachable' | 'unexpected'

const GUEST_REFUSALS = ['noWorkshop', 'workshopEnded', 'workshopFull', 'tooManyTries', 'badRequest'] as const satisfies readonly WorkshopRefusal[]

export class JoinRefused extends Error {
  constructor(
    readonly reason: JoinFailure,
    /** When the workshop ended (milliseconds since 1970), for `workshopEnded`. */
    readonly endedAt?: number,
  ) {
    super(`Joining the workshop failed: ${reason}.`)
    this.name = 'JoinRefused'
  }
}

/**
 * Exchanges the workshop's code for a session token: `POST /w/<code>/join` on the page's own origin.
 * Rejects with a JoinRefused.
 */
export async function joinWorkshop(code: string, body: JoinWorkshopBody, fetcher: typeof fetch = fetch): Promise<WorkshopTicket> {
  let response: Response
  try {
    response = await fetcher(`${WORKSHOP_PAGE_PREFIX}${code}/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
    })
  } catch {
    throw new JoinRefused('unreachable')
  }
  const answer: unknown = await response.json().catch(() => null)
  if (response.ok) {
    const ticket = readTicket(answer)
    if (ticket) return ticket
    throw new JoinRefused('unexpected')
  }
  const error = readWorkshopError(answer)
  const reason = GUEST_REFUSALS.find((known) => known === error.reason)
  if (!reason) throw new JoinRefused(response.status >= 500 ? 'unreachable' : 'unexpected')
  throw new JoinRefused(reason, error.endedAt)
}

/** The ticket in a value (the answer, or what sessionStorage kept), or null if it is not one. */
export function readTicket(value: unknown): WorkshopTicket | null {
  if (typeof value !== 'object' || value === null) return null
  const { token, network, document, code, endsAt } = value as Record<string, unknown>
  if (typeof token !== 'string' || typeof network !== 'string' || typeof document !== 'string' || typeof code !== 'string') return null
  if (typeof endsAt !== 'number' || !Number.isFinite(endsAt)) return null
  return { token, network, document, code, endsAt }
}
