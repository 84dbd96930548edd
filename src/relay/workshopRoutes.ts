import type { webcrypto } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from 'pino'
import { CLOSE, type CloseName } from '../shared/protocol/closeCodes.js'
import { ADAPTATIONS_DOCUMENT } from '../shared/protocol/adaptationReferences.js'
import { CATALOG_DOCUMENT, type InviteClaims } from '../shared/protocol/invite.js'
import { isCommentsRoom, isHistoryRoom, isRoomDocumentId, roomName } from '../shared/protocol/rooms.js'
import {
  DEFAULT_WORKSHOP_MINUTES,
  MAX_WORKSHOP_MINUTES,
  readCode,
  WORKSHOP_PAGE_PREFIX,
  type RemoveGuestBody,
  type StartWorkshopBody,
  type WorkshopSummary,
} from '../shared/protocol/workshops.js'
import { bearerToken } from './bearerToken.js'
import { clientAddress } from './clientAddress.js'
import { serveGuestPage } from './guestPage.js'
import { verifyInvite } from './invites.js'
import { JoinThrottle } from './joinThrottle.js'
import { joinWorkshop } from './joinWorkshop.js'
import type { RelayLimits } from './limits.js'
import { readJsonBody } from './readJsonBody.js'
import { sendJson } from './sendJson.js'
import type { Session } from './session.js'
import type { Revocations } from './revocations.js'
import type { Workshops } from './workshops.js'
import type { Workshop } from './workshopStore.js'
import { badRequest, WorkshopRefused } from './workshopRefused.js'

export interface WorkshopRoutesOptions {
  workshops: Workshops
  /** Where a removed guest's token is revoked, and a facilitator's invite checked. */
  revocations: Revocations
  /** Whether the relay holds a document, by its room's name: a workshop is only on one it does. */
  hasDocument(room: string): Promise<boolean>
  /** The relay's secret, to sign session tokens, and the keys made of it (and of a previous one), to check facilitators' invites. */
  secret: Uint8Array
  keys: readonly webcrypto.CryptoKey[]
  limits: Pick<RelayLimits, 'workshopCapacity' | 'workshopJoinsPerMinute' | 'workshopFailuresPerMinute'>
  guestDir: string | undefined
  tls: boolean
  trustProxy: boolean
  log: Logger
  /** Whether any connection admitted with this token is open. */
  isOnline(tokenId: string): boolean
  /** Closes, with `reason`, every open connection for which `which` holds. */
  close(which: (session: Session) => boolean, reason: CloseName): void
}

const FACILITATOR_ROUTE = /^\/workshops(?:\/([^/]+)(?:\/(end|remove))?)?$/
const JOIN_ROUTE = /^\/w\/([^/]+)\/join$/

/**
 * The relay's workshop routes (docs/PROTOCOL.md, Workshops): a facilitator's, under /workshops, with
 * their invite as bearer token; the guests' exchange of a code for a session token; and the guest
 * page. Each answers JSON, a refusal as `{ error: { reason, message, endedAt? } }`.
 */
export class WorkshopRoutes {
  private readonly throttle: JoinThrottle

  constructor(private readonly options: WorkshopRoutesOptions) {
    this.throttle = new JoinThrottle(options.limits.workshopJoinsPerMinute, options.limits.workshopFailuresPerMinute)
  }

  /** Whether a request's path (without its query) is one of these routes. */
  handles(path: string): boolean {
    return path === '/workshops' || path.startsWith('/workshops/') || path.startsWith(WORKSHOP_PAGE_PREFIX)
  }

  async answer(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    try {
      await this.route(request, response, path)
    } catch (error) {
      if (!(error instanceof WorkshopRefused)) throw error
      // What is left of a body it did not read is not read: the connection ends with the answer.
      if (!request.complete) response.setHeader('connection', 'close')
      error.send(response)
    }
  }

  /** Forgets addresses whose minute of code exchanges is over. */
  sweep(): void {
    this.throttle.sweep()
  }

  private async route(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const { method } = request
    const joining = JOIN_ROUTE.exec(path)
    if (joining) {
      if (method !== 'POST') throw badRequest('A workshop is joined with POST.')
      const from = clientAddress(request, this.options.trustProxy)
      const ticket = await joinWorkshop(request, joining[1]!, from, {
        workshops: this.options.workshops,
        secret: this.options.secret,
        throttle: this.throttle,
        capacity: this.options.limits.workshopCapacity,
      })
      this.options.log.info({ network: ticket.network, document: ticket.document, address: from }, 'a guest joined a workshop')
      return sendJson(response, 200, ticket)
    }
    if (path.startsWith(WORKSHOP_PAGE_PREFIX)) {
      if (method !== 'GET' && method !== 'HEAD') throw badRequest('The guest page is read with GET.')
      return serveGuestPage(request, response, path, this.options)
    }
    const [, code, action] = FACILITATOR_ROUTE.exec(path) ?? []
    if (code === undefined) {
      if (path !== '/workshops' || method !== 'POST') throw badRequest('A workshop is started with POST /workshops.')
      return sendJson(response, 201, await this.start(request))
    }
    if (method !== (action === undefined ? 'GET' : 'POST')) {
      throw badRequest('A workshop is read with GET /workshops/<code>, and ended or a guest removed with POST.')
    }
    const workshop = await this.workshopOf(await this.facilitator(request), code)
    if (action === 'end') await this.end(workshop)
    else if (action === 'remove') await this.remove(request, workshop)
    sendJson(response, 200, await this.summary(workshop.code))
  }

  /** `POST /workshops`: a session on a document the relay holds, for `minutes`. */
  private async start(request: IncomingMessage): Promise<WorkshopSummary> {
    const facilitator = await this.facilitator(request)
    const body = await readJsonBody(request)
    const { document, minutes = DEFAULT_WORKSHOP_MINUTES } = (typeof body === 'object' && body !== null ? body : {}) as Partial<
      Record<keyof StartWorkshopBody, unknown>
    >
    if (
      typeof document !== 'string' ||
      !isRoomDocumentId(document) ||
      document === CATALOG_DOCUMENT ||
      document === ADAPTATIONS_DOCUMENT ||
      isCommentsRoom(document) ||
      isHistoryRoom(document)
    ) {
      throw badRequest("A workshop is on a document of the network: give its id as 'document'.")
    }
    if (!Number.isInteger(minutes) || (minutes as number) < 1 || (minutes as number) > MAX_WORKSHOP_MINUTES) {
      throw badRequest(`A workshop lasts 1 to ${MAX_WORKSHOP_MINUTES} minutes.`)
    }
    const network = facilitator.net
    if (!(await this.options.hasDocument(roomName({ network, document })))) {
      throw new WorkshopRefused('noDocument', `Network ${network} has no document ${document} on this relay.`)
    }
    const startedAt = Date.now()
    const workshop = await this.options.workshops.start({
      network,
      document,
      startedBy: facilitator.jti,
      title: facilitator.title,
      startedAt,
      endsAt: startedAt + (minutes as number) * 60_000,
    })
    this.options.log.info({ network, document, token: facilitator.jti }, 'a workshop started')
    return this.summary(workshop.code)
  }

  /** `POST /workshops/<code>/end`: the code stops working, and every guest's connection closes now. */
  private async end(workshop: Workshop): Promise<void> {
    await this.options.workshops.end(workshop.code, Date.now())
    this.options.close((session) => session.workshop === workshop.code, 'workshopEnded')
    this.options.log.info({ network: workshop.network, document: workshop.document }, 'a workshop ended')
  }

  /** `POST /workshops/<code>/remove`: revokes one guest's token, which closes its connections for good. */
  private async remove(request: IncomingMessage, workshop: Workshop): Promise<void> {
    const body = await readJsonBody(request)
    const { guest } = (typeof body === 'object' && body !== null ? body : {}) as Partial<Record<keyof RemoveGuestBody, unknown>>
    if (typeof guest !== 'string' || !(await this.options.workshops.remove(workshop.code, guest, Date.now()))) {
      throw badRequest("This workshop has no such guest: give the id of one of its guests as 'guest'.")
    }
    await this.options.revocations.revoke(guest)
    this.options.close((session) => session.tokenId === guest, 'removedFromWorkshop')
    this.options.log.info({ network: workshop.network, document: workshop.document, token: guest }, 'a guest was removed from a workshop')
  }

  /**
   * The claims of a facilitator's invite, checked as a connection's would be; a session token never
   * is one, whatever its role.
   */
  private async facilitator(request: IncomingMessage): Promise<InviteClaims> {
    const token = bearerToken(request)
    if (token === null) throw new WorkshopRefused('notFacilitator', "A facilitator's invite is needed, as Authorization: Bearer <invite>.")
    const verified = await verifyInvite(this.options.keys, token)
    if ('failure' in verified)
      throw new WorkshopRefused('notFacilitator', CLOSE[verified.failure === 'workshopEnded' ? 'tokenExpired' : verified.failure].reason)
    if (await this.options.revocations.isRevoked(verified.claims.jti)) throw new WorkshopRefused('notFacilitator', CLOSE.tokenRevoked.reason)
    if (verified.claims.role !== 'facilitator' || verified.claims.doc !== undefined) {
      throw new WorkshopRefused('notFacilitator', 'Only a facilitator of the network may start or manage its workshops.')
    }
    return verified.claims
  }

  /** The workshop of a code, if it is of the facilitator's network: one of another network is as unknown as a code nobody has. */
  private async workshopOf(facilitator: InviteClaims, given: string): Promise<Workshop> {
    const code = readCode(given)
    const workshop = code === null ? null : await this.options.workshops.find(code)
    if (!workshop || workshop.network !== facilitator.net) throw new WorkshopRefused('noWorkshop', 'No workshop has this code.')
    return workshop
  }

  private async summary(code: string): Promise<WorkshopSummary> {
    const { workshops } = this.options
    const { network, document, startedAt, endsAt, endedAt } = (await workshops.find(code))!
    const guests = await workshops.guests(code)
    return {
      code,
      network,
      document,
      startedAt,
      endsAt,
      endedAt,
      capacity: this.options.limits.workshopCapacity,
      guests: guests.map((guest) => ({ ...guest, online: this.options.isOnline(guest.id) })),
    }
  }
}
