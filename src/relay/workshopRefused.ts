import type { ServerResponse } from 'node:http'
import { WORKSHOP_REFUSALS, type WorkshopErrorBody, type WorkshopRefusal } from '../shared/protocol/workshops.js'
import { sendJson } from './sendJson.js'

/** A workshop route's refusal: answered with its reason's status (WORKSHOP_REFUSALS) and `{ error: { reason, message, endedAt? } }`. */
export class WorkshopRefused extends Error {
  constructor(
    readonly reason: WorkshopRefusal,
    message: string,
    /** When the workshop ended, for `workshopEnded`; the seconds to wait, for `tooManyTries`. */
    readonly details: { endedAt?: number; retryAfter?: number } = {},
  ) {
    super(message)
  }

  send(response: ServerResponse): void {
    const { endedAt, retryAfter } = this.details
    const body: WorkshopErrorBody = { error: { reason: this.reason, message: this.message, ...(endedAt !== undefined ? { endedAt } : {}) } }
    sendJson(response, WORKSHOP_REFUSALS[this.reason], body, retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {})
  }
}

export function badRequest(message: string): WorkshopRefused {
  return new WorkshopRefused('badRequest', message)
}
