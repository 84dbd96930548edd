import { CasebookError, isCasebookError } from '../../shared/errors.js'
import type { JoinedWorkshopAnswer, WorkshopView } from '../../shared/ipc/contract.js'
import type { JoinedNetwork } from '../../shared/model/settings.js'
import {
  readWorkshopInput,
  workshopLink,
  type JoinWorkshopBody,
  type RemoveGuestBody,
  type StartWorkshopBody,
  type WorkshopSummary,
  type WorkshopTicket,
} from '../../shared/protocol/workshops.js'
import type { Library } from '../library/library.js'
import type { SettingsStore } from '../settings/settingsStore.js'
import { checkRelayAddress, savedRelayRefusal } from '../sync/checkInvite.js'
import { relayRoute } from '../sync/relayRoute.js'
import type { SyncEngine } from '../sync/syncEngine.js'
import type { StartedWorkshops } from './StartedWorkshops.js'

/** What the workshop requests work with. */
export interface WorkshopContext {
  library: Library
  settings: SettingsStore
  sync: SyncEngine
  started: StartedWorkshops
}

/** How long joining waits for the workshop's document to arrive before answering without it. */
const ARRIVAL_TIMEOUT_MS = 10_000

/**
 * Starts a workshop on a document of a network the user facilitates, with that network's invite, at
 * its relay (docs/PROTOCOL.md, Workshops). The relay must hold the document already.
 */
export async function startWorkshop({ library, settings, started }: WorkshopContext, id: string, minutes: number): Promise<WorkshopView> {
  const network = library.summary(id).meta.network
  if (!network)
    throw new CasebookError('WORKSHOP_REFUSED', `Document ${id} is private: share it in a network before starting a workshop on it.`, { reason: 'notShared' })
  const joined = await facilitated(settings, network)
  const body: StartWorkshopBody = { document: id, minutes }
  const summary = await relayRoute<WorkshopSummary>(joined.relayUrl, '/workshops', { method: 'POST', token: joined.token, body }).catch((error: unknown) => {
    if (!isCasebookError(error, 'RELAY_UNREACHABLE')) throw error
    throw new CasebookError('RELAY_UNREACHABLE', 'Starting a workshop needs the relay, which cannot be reached.', { cause: error, reason: 'startWorkshop' })
  })
  started.add({ network, code: summary.code, document: summary.document, endsAt: summary.endsAt })
  return viewOf(summary, joined.relayUrl)
}

/** A workshop the user started, by the facilitator's route: its status, or ending it, or removing one participant. */
export async function runWorkshop(
  { settings, started }: WorkshopContext,
  { network, code }: { network: string; code: string },
  action: { status: true } | { end: true } | { remove: string },
): Promise<WorkshopView> {
  const joined = await facilitated(settings, network)
  const path = `/workshops/${code}`
  const call =
    'status' in action
      ? relayRoute<WorkshopSummary>(joined.relayUrl, path, { method: 'GET', token: joined.token })
      : 'end' in action
        ? relayRoute<WorkshopSummary>(joined.relayUrl, `${path}/end`, { method: 'POST', token: joined.token })
        : relayRoute<WorkshopSummary>(joined.relayUrl, `${path}/remove`, {
            method: 'POST',
            token: joined.token,
            body: { guest: action.remove } satisfies RemoveGuestBody,
          })
  const summary = await call
  if (summary.endedAt !== null || summary.endsAt <= Date.now()) started.ended(code)
  return viewOf(summary, joined.relayUrl)
}

/** The workshop started on this device on the document, while it runs. */
export async function runningWorkshop(
  { settings, started }: WorkshopContext,
  id: string,
): Promise<{ network: string; code: string; endsAt: number; link: string } | null> {
  const workshop = started.running(id)
  if (!workshop) return null
  const joined = (await settings.read()).networks.find((network) => network.id === workshop.network && !network.workshop)
  return joined ? { network: workshop.network, code: workshop.code, endsAt: workshop.endsAt, link: workshopLink(joined.relayUrl, workshop.code) } : null
}

/**
 * Joins a workshop with its code or link, as the profile names the user. A link names its relay; a
 * bare code is tried at the relays of the networks joined, in turn, those with an encrypted or
 * loopback address. Someone who belongs to the network with an invite gets its document's id only:
 * the network's sync brings it. Anyone else
 * joins the workshop as a network of its one document (SyncEngine.joinWorkshop), whose arrival is
 * awaited for a while, so that it can be opened at once.
 */
export async function joinWorkshop({ library, settings, sync }: WorkshopContext, input: string): Promise<JoinedWorkshopAnswer> {
  const given = readWorkshopInput(input)
  if (!given)
    throw new CasebookError('WORKSHOP_REFUSED', `"${input}" is neither a workshop's code (like K7Q4-2MXR) nor its link.`, {
      reason: 'notCode',
      params: { text: input },
    })
  const { profile, networks } = await settings.read()
  if (!profile) throw new CasebookError('WORKSHOP_REFUSED', 'Give your name in Profile first: the workshop shows it to the others.', { reason: 'noProfile' })
  // Joined already: its document opens, and the code is not exchanged again, which would take another seat.
  const held = networks.find((network) => network.workshop?.code === given.code)
  if (held?.workshop)
    return { network: held.id, document: held.workshop.document, workshop: true, arrived: await sync.workshopArrived(held.id, ARRIVAL_TIMEOUT_MS) }
  // The code, and the token it is exchanged for, go to the relay: not in the clear beyond this computer,
  // so a bare code skips the relays of networks saved before their addresses had to be encrypted.
  const relays = given.relayUrl
    ? [checkRelayAddress(given.relayUrl)]
    : [...new Set(networks.map((network) => network.relayUrl).filter((relayUrl) => !savedRelayRefusal(relayUrl)))]
  const body: JoinWorkshopBody = { name: profile.name, ...(profile.city ? { city: profile.city } : {}) }
  const { relayUrl, ticket } = await exchange(relays, given.code, body, given.relayUrl === undefined)
  const arrived = () => library.list().some((summary) => summary.id === ticket.document)
  if (networks.some((network) => network.id === ticket.network && !network.workshop))
    return { network: ticket.network, document: ticket.document, workshop: false, arrived: arrived() }
  await sync.joinWorkshop(relayUrl, ticket)
  return { network: ticket.network, document: ticket.document, workshop: true, arrived: await sync.workshopArrived(ticket.network, ARRIVAL_TIMEOUT_MS) }
}

/**
 * Exchanges the code for a session token at the first relay that knows it. For a bare code, a relay
 * that does not know it, or cannot be reached, passes the turn to the next.
 */
async function exchange(relays: string[], code: string, body: JoinWorkshopBody, bare: boolean): Promise<{ relayUrl: string; ticket: WorkshopTicket }> {
  let unreachable: unknown = null
  let answered = false
  for (const relayUrl of relays) {
    try {
      return { relayUrl, ticket: await relayRoute<WorkshopTicket>(relayUrl, `/w/${code}/join`, { method: 'POST', body }) }
    } catch (error) {
      if (!bare) throw error
      if (isCasebookError(error, 'RELAY_UNREACHABLE')) unreachable ??= error
      else if (isCasebookError(error, 'WORKSHOP_REFUSED') && error.reason === 'noWorkshop') answered = true
      else throw error
    }
  }
  // No relay known could be asked: that is what to tell.
  if (unreachable && !answered) throw unreachable
  throw new CasebookError('WORKSHOP_REFUSED', "No relay you know of has a workshop with this code; check it, or paste the workshop's whole link.", {
    reason: 'unknownRelay',
  })
}

/**
 * Refuses to put a document in a network joined with a workshop's code, other than the workshop's own:
 * its session token opens that one document, so another would never sync, and the window does not
 * offer it (takesDocuments); `id` is the document moved there, none for a new one.
 */
export async function refuseWorkshopNetwork(settings: SettingsStore, network: string, id?: string): Promise<void> {
  const workshop = (await settings.read()).networks.find((joined) => joined.id === network)?.workshop
  if (workshop && workshop.document !== id)
    throw new CasebookError(
      'WORKSHOP_REFUSED',
      `${network} is a workshop you joined with its code: it holds its one document, and no other can be put in it.`,
      {
        reason: 'oneDocument',
        params: { network },
      },
    )
}

/** The network joined with a facilitator's invite, or the refusal to say that it is not. */
async function facilitated(settings: SettingsStore, network: string): Promise<JoinedNetwork> {
  const joined = (await settings.read()).networks.find((each) => each.id === network && !each.workshop)
  if (joined?.role !== 'facilitator')
    throw new CasebookError('WORKSHOP_REFUSED', `Only a facilitator of ${network} can start and run workshops on its documents.`, {
      reason: 'notFacilitator',
      params: { network },
    })
  return joined
}

function viewOf(summary: WorkshopSummary, relayUrl: string): WorkshopView {
  return { ...summary, link: workshopLink(relayUrl, summary.code) }
}
