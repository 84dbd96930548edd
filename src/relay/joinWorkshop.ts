import type { IncomingMessage } from 'node:http'
import { MAX_GUEST_TEXT, readCode, type JoinWorkshopBody, type WorkshopTicket } from '../shared/protocol/workshops.js'
import { signInvite } from './invites.js'
import type { JoinThrottle } from './joinThrottle.js'
import { readJsonBody } from './readJsonBody.js'
import type { Workshops } from './workshops.js'
import { workshopEnd, type Workshop } from './workshopStore.js'
import { badRequest, WorkshopRefused } from './workshopRefused.js'

export interface JoinOptions {
  workshops: Workshops
  secret: Uint8Array
  throttle: JoinThrottle
  capacity: number
}

/**
 * `POST /w/<code>/join`: exchanges a workshop's code for a session token, a member's invite to the
 * workshop's one document (and its comments room) until the workshop's end, with the network's
 * display name if the facilitator's invite that started it had one, and records its holder
 * as a guest. An address throttled (JoinThrottle) is refused, its code not looked up: before its body
 * is read, and again once it has arrived; an unknown or malformed code, or an ended workshop, counts
 * as a failure.
 */
export async function joinWorkshop(request: IncomingMessage, given: string, from: string, options: JoinOptions): Promise<WorkshopTicket> {
  // Refused at once when it already is, so that its body is not read for nothing.
  refuseIfThrottled(options.throttle.throttled(from))
  const { name, city } = readGuest(await readJsonBody(request))
  // Counted, checked, looked up and its failure counted in the address's turn: exchanges that held
  // their bodies and sent them at once are each checked against the failures of those before them.
  const workshop = await options.throttle.inTurn(from, async () => {
    refuseIfThrottled(options.throttle.tried(from))
    const code = readCode(given)
    const found = code === null ? null : await options.workshops.find(code)
    if (!found || workshopEnd(found) <= Date.now()) {
      options.throttle.failed(from)
      throw found ? workshopEnded(found) : new WorkshopRefused('noWorkshop', 'No workshop has this code.')
    }
    return found
  })
  const { network, document, endsAt } = workshop
  const { token, claims } = await signInvite(options.secret, {
    network,
    title: workshop.title,
    role: 'member',
    name,
    city,
    expiresIn: new Date(endsAt),
    doc: document,
    ws: workshop.code,
  })
  // Checked again as the guest is recorded: the workshop may have ended, or filled, while the token was signed.
  const refusal = await options.workshops.seat(workshop.code, { id: claims.jti, name, ...(city ? { city } : {}), joinedAt: Date.now() }, options.capacity)
  if (refusal === 'workshopEnded') throw workshopEnded((await options.workshops.find(workshop.code)) ?? workshop)
  if (refusal === 'workshopFull') throw new WorkshopRefused('workshopFull', `This workshop is full: it admits ${options.capacity} people.`)
  return { token, network, document, code: workshop.code, endsAt }
}

function refuseIfThrottled(retryAfter: number | null): void {
  if (retryAfter !== null) {
    throw new WorkshopRefused('tooManyTries', `Too many tries from this address; try again in ${retryAfter} seconds.`, { retryAfter })
  }
}

function workshopEnded(workshop: Workshop): WorkshopRefused {
  const endedAt = workshopEnd(workshop)
  return new WorkshopRefused('workshopEnded', `This workshop ended at ${new Date(endedAt).toISOString()}.`, { endedAt })
}

/** The name (1 to MAX_GUEST_TEXT characters, trimmed) and city (the same, or none) a guest gave. */
function readGuest(body: unknown): { name: string; city: string | undefined } {
  const { name, city } = (typeof body === 'object' && body !== null ? body : {}) as Partial<Record<keyof JoinWorkshopBody, unknown>>
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : null)
  const given = text(name)
  const from = city === undefined || city === null ? '' : text(city)
  // Control characters would garble the facilitator's list and everyone's carets.
  const fits = (value: string | null): value is string => value !== null && value.length <= MAX_GUEST_TEXT && !/\p{Cc}/u.test(value)
  if (!fits(given) || given === '' || !fits(from)) {
    throw badRequest(`A name of 1 to ${MAX_GUEST_TEXT} characters is needed, and a city of at most ${MAX_GUEST_TEXT}.`)
  }
  return { name: given, city: from === '' ? undefined : from }
}
