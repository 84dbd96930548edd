import { CasebookError, type ErrorReason } from '../../shared/errors.js'
import { httpUrl, readWorkshopError } from '../../shared/protocol/workshops.js'

/** How long a workshop route may take before the relay counts as unreachable. */
const ROUTE_TIMEOUT_MS = 5000

export interface RouteCall {
  method: 'GET' | 'POST'
  /** An invite, or a session token, sent as the bearer: never in the address, which proxies log. */
  token?: string
  body?: object
}

/**
 * Calls one of the relay's workshop routes (docs/PROTOCOL.md, Workshops) and answers its JSON. A
 * refusal becomes a WORKSHOP_REFUSED error with the relay's reason; no answer within five seconds, or
 * none at all, a RELAY_UNREACHABLE one.
 */
export async function relayRoute<T>(relayUrl: string, path: string, { method, token, body }: RouteCall): Promise<T> {
  let response: Response
  try {
    response = await fetch(`${httpUrl(relayUrl)}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(ROUTE_TIMEOUT_MS),
    })
  } catch (error) {
    throw new CasebookError('RELAY_UNREACHABLE', `Cannot reach the relay at ${relayUrl}; check the address and your connection.`, {
      cause: error,
      reason: 'unreachable',
      params: { relay: relayUrl },
    })
  }
  const answer: unknown = await response.json().catch(() => null)
  if (response.ok && answer !== null) return answer as T
  throw workshopRefusal(answer, response.status)
}

/** The error a refusal's body (`{ error: { reason, message, endedAt? } }`) stands for. */
export function workshopRefusal(answer: unknown, status: number): CasebookError {
  const { reason, message, endedAt } = readWorkshopError(answer)
  const why = message ?? `the relay answered ${status}`
  const refused = (known: ErrorReason<'WORKSHOP_REFUSED'>, sentence: string, params?: Record<string, string>) =>
    new CasebookError('WORKSHOP_REFUSED', sentence, { reason: known, ...(params ? { params } : {}) })
  switch (reason) {
    case 'noWorkshop':
      return refused('noWorkshop', 'No workshop has this code.')
    case 'workshopEnded':
      return endedAt !== undefined
        ? refused('workshopEnded', `This workshop ended at ${new Date(endedAt).toISOString()}.`, { endedAt: new Date(endedAt).toISOString() })
        : refused('workshopOver', 'This workshop has ended.')
    case 'workshopFull':
      return refused('workshopFull', 'This workshop is full; ask its facilitator.')
    case 'tooManyTries':
      return refused('tooManyTries', 'Too many tries from this computer; wait a minute, then try again.')
    case 'noDocument':
      return refused('noDocument', 'This document has not reached the relay yet; start the workshop once it is saved on the network.')
    default:
      // notFacilitator and badRequest too: the app checks both before it asks, so the relay's own words say what happened.
      return refused('refused', `The relay refused: ${why}`, { why })
  }
}
