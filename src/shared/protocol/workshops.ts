import { CLOSE } from './closeCodes.js'

/**
 * Workshops: a live session on one document that people join with a short code instead of an invite.
 * The relay keeps the sessions; its HTTP routes are below (docs/PROTOCOL.md, Workshops). A code is 8
 * characters of an alphabet without look-alikes (no 0/O, 1/I/L, 5/S, 8/B), shown in two groups of
 * four: K7Q4-2MXR.
 */
export const CODE_ALPHABET = '234679ACDEFGHJKMNPQRTUVWXYZ'
export const CODE_LENGTH = 8

/** The guest page of a workshop is at `<public relay URL>/w/<code>`; its files at `/w/assets/<file>`. */
export const WORKSHOP_PAGE_PREFIX = '/w/'
export const GUEST_ASSETS_PREFIX = '/w/assets/'

/** How long a session lasts unless its facilitator says otherwise, and the longest it may. */
export const DEFAULT_WORKSHOP_MINUTES = 120
export const MAX_WORKSHOP_MINUTES = 24 * 60

/** The longest name and city a participant may give, as an invite's. */
export const MAX_GUEST_TEXT = 100

/** A code as it is shown: `K7Q4-2MXR`. */
export function formatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`
}

/**
 * The code in what someone typed or pasted, as stored (`K7Q42MXR`): case, spaces and dashes do not
 * matter. Null when it is not 8 characters of the alphabet.
 */
export function readCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '').toUpperCase()
  if (code.length !== CODE_LENGTH) return null
  for (const char of code) if (!CODE_ALPHABET.includes(char)) return null
  return code
}

/**
 * What someone gave to join: a link (`https://relay.example.org/w/K7Q4-2MXR`), which names its relay,
 * or a bare code, which does not. Null when it is neither.
 */
export function readWorkshopInput(input: string): { code: string; relayUrl?: string } | null {
  const trimmed = input.trim()
  const link = /^(https?):\/\/([^/?#\s]+)\/w\/([^/?#\s]+)\/?(?:[?#]\S*)?$/i.exec(trimmed)
  if (!link) {
    const code = readCode(trimmed)
    return code ? { code } : null
  }
  const [, scheme = '', host = '', given = ''] = link
  const code = readCode(given)
  return code ? { code, relayUrl: wsUrl(`${scheme}://${host}`) } : null
}

/** The link to a workshop's guest page, from the relay's public address (http(s):// or ws(s)://). */
export function workshopLink(publicUrl: string, code: string): string {
  return `${httpUrl(publicUrl)}${WORKSHOP_PAGE_PREFIX}${formatCode(code)}`
}

/**
 * A relay's address (http(s):// or ws(s)://) as its HTTP routes and pages are reached: http:// for
 * ws://, https:// for wss://, its path kept and any trailing slash dropped.
 */
export function httpUrl(url: string): string {
  return inFamily(url, 'http')
}

/** A relay's address (http(s):// or ws(s)://) as its WebSockets are reached: ws:// for http://, wss:// for https://. */
export function wsUrl(url: string): string {
  return inFamily(url, 'ws')
}

function inFamily(url: string, family: 'http' | 'ws'): string {
  return url.replace(/^(?:http|ws)(s?):\/\//i, (_scheme, secure: string) => `${family}${secure.toLowerCase()}://`).replace(/\/+$/, '')
}

/** Why a workshop is over for one of its participants: it ended (early, or at its end time), or its facilitator removed them. */
export type WorkshopEnd = 'ended' | 'removed'

/**
 * What a relay's close of a session token's connection says of the workshop: 4407 that it ended (its
 * token expiring at the end closes with 4407 too), 4408 that the facilitator removed its holder (a
 * removed guest reconnecting meets 4408 as well); null for any other close, which does not end it.
 */
export function workshopEndOf(closeCode: number): WorkshopEnd | null {
  if (closeCode === CLOSE.workshopEnded.code) return 'ended'
  if (closeCode === CLOSE.removedFromWorkshop.code) return 'removed'
  return null
}

/** `POST /workshops`, with a facilitator's invite as its bearer token: starts a session. */
export interface StartWorkshopBody {
  document: string
  minutes?: number
}

/** `POST /w/<code>/join`: exchanges the code for a session token. */
export interface JoinWorkshopBody {
  name: string
  city?: string
}

/** What `POST /w/<code>/join` answers: a token for the one document (and its comments) until `endsAt`. */
export interface WorkshopTicket {
  token: string
  network: string
  document: string
  code: string
  /** Milliseconds since 1970. */
  endsAt: number
}

export interface WorkshopGuest {
  /** The id of the guest's session token, which `remove` names. */
  id: string
  name: string
  city?: string
  joinedAt: number
  online: boolean
}

/** What the facilitator's routes answer: `POST /workshops`, `GET /workshops/<code>`, and `…/end` and `…/remove`. */
export interface WorkshopSummary {
  code: string
  network: string
  document: string
  startedAt: number
  endsAt: number
  /** When it was ended early, if it was. */
  endedAt: number | null
  /** The most people who may join. */
  capacity: number
  guests: WorkshopGuest[]
}

/** `POST /workshops/<code>/remove`. */
export interface RemoveGuestBody {
  guest: string
}

/**
 * Why a workshop route refused, as its JSON body `{ error: { reason, message, endedAt? } }` says:
 * the reason for programs, the message (English) for people and logs.
 */
export const WORKSHOP_REFUSALS = {
  noWorkshop: 404,
  workshopEnded: 410,
  workshopFull: 409,
  tooManyTries: 429,
  badRequest: 400,
  notFacilitator: 403,
  noDocument: 404,
} as const
export type WorkshopRefusal = keyof typeof WORKSHOP_REFUSALS

export interface WorkshopErrorBody {
  error: { reason: WorkshopRefusal; message: string; endedAt?: number }
}

/**
 * The refusal a workshop route's answer holds, each part only where it is what it should be: a reason
 * this contract knows, a message that says something, an `endedAt` that is a time. Empty for a body
 * that is no refusal (or one of a newer relay's reasons).
 */
export function readWorkshopError(body: unknown): Partial<WorkshopErrorBody['error']> {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined
  if (typeof error !== 'object' || error === null) return {}
  const { reason, message, endedAt } = error as Record<string, unknown>
  return {
    ...(typeof reason === 'string' && Object.hasOwn(WORKSHOP_REFUSALS, reason) ? { reason: reason as WorkshopRefusal } : {}),
    ...(typeof message === 'string' && message !== '' ? { message } : {}),
    ...(typeof endedAt === 'number' && Number.isFinite(endedAt) ? { endedAt } : {}),
  }
}
