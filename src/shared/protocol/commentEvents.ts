import { ROLES, type InviteClaims, type Role } from './invite.js'

/**
 * A document's comments are events in a room of their own (`<document id>-comments`), never marks in
 * its body: viewers may comment, and comments stay out of exports and version comparisons. The room
 * holds one Y.Map, EVENTS_MAP, of events, each under its own id, only ever added to: the relay
 * refuses an update that deletes or overwrites anything, or whose events do not read as below or
 * name someone other than the connection's invite (commentRules.ts in the relay). Clients fold the
 * events into threads (commentThreads.ts).
 */
export const EVENTS_MAP = 'events'

export const COMMENT_KINDS = ['comment', 'reply', 'resolve', 'reopen', 'delete', 'reanchor'] as const
export type CommentKind = (typeof COMMENT_KINDS)[number]

/** Kinds that act on a whole thread: only its author or a facilitator may add them. */
export const THREAD_ACTIONS: readonly CommentKind[] = ['resolve', 'reopen', 'delete', 'reanchor']

/** Where a comment points: its start and end as Yjs relative positions in the body, each base64 (commentAnchor.ts). */
export interface EncodedAnchor {
  start: string
  end: string
}

export interface CommentEvent {
  /** A fresh id, 16 hex digits, which is also its key in the map. */
  id: string
  /** Who wrote it, as their invite names them. */
  by: string
  city?: string
  role: Role
  kind: CommentKind
  /** The thread it belongs to: the id of the thread's comment (its own, for a comment). */
  thread: string
  /** A comment's place, or a thread's new one (reanchor). */
  anchor?: EncodedAnchor
  /** The text the anchor held when it was set. */
  quote?: string
  /** What a comment or reply says. */
  body?: string
  /** When it was written, in milliseconds since 1970, by its writer's clock. */
  at: number
}

export const EVENT_ID = /^[0-9a-f]{16}$/
/** The latest time a JavaScript Date can hold: any later `at` could not be shown. */
const LATEST_TIME = 8.64e15
export const MAX_COMMENT_CHARS = 10_000
export const MAX_QUOTE_CHARS = 1_000
export const MAX_ANCHOR_CHARS = 400
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** What each kind carries, besides the fields every event has. */
const CARRIES: Record<CommentKind, { anchor: boolean; body: boolean }> = {
  comment: { anchor: true, body: true },
  reply: { anchor: false, body: true },
  resolve: { anchor: false, body: false },
  reopen: { anchor: false, body: false },
  delete: { anchor: false, body: false },
  reanchor: { anchor: true, body: false },
}

/**
 * The event a stored value is, or null if it is not one. Checked by hand rather than with zod, as
 * the invite's claims are: the relay reads it. Unknown fields are dropped.
 */
export function readCommentEvent(value: unknown): CommentEvent | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const { id, by, city, role, kind, thread, anchor, quote, body, at } = value as Record<string, unknown>
  const text = (field: unknown, max: number) => typeof field === 'string' && field.length >= 1 && field.length <= max
  if (typeof id !== 'string' || !EVENT_ID.test(id) || typeof thread !== 'string' || !EVENT_ID.test(thread)) return null
  if (!text(by, 100) || (city !== undefined && !text(city, 100))) return null
  if (!(ROLES as readonly unknown[]).includes(role) || !(COMMENT_KINDS as readonly unknown[]).includes(kind)) return null
  if (typeof at !== 'number' || !Number.isFinite(at) || at < 0 || at > LATEST_TIME) return null
  const carries = CARRIES[kind as CommentKind]
  if ((kind === 'comment') !== (thread === id)) return null
  if (carries.body !== text(body, MAX_COMMENT_CHARS)) return null
  if (carries.anchor !== (isAnchor(anchor) && text(quote, MAX_QUOTE_CHARS))) return null
  return {
    id,
    by: by as string,
    ...(city !== undefined ? { city: city as string } : {}),
    role: role as Role,
    kind: kind as CommentKind,
    thread,
    ...(carries.anchor ? { anchor: anchor as EncodedAnchor, quote: quote as string } : {}),
    ...(carries.body ? { body: body as string } : {}),
    at,
  }
}

function isAnchor(value: unknown): value is EncodedAnchor {
  if (typeof value !== 'object' || value === null) return false
  const { start, end } = value as Record<string, unknown>
  const encoded = (part: unknown) => typeof part === 'string' && part.length > 0 && part.length <= MAX_ANCHOR_CHARS && BASE64.test(part)
  return encoded(start) && encoded(end)
}

/** Whether the event names the invite's holder as its writer, with the invite's role. */
export function writtenBy(event: CommentEvent, claims: Pick<InviteClaims, 'name' | 'city' | 'role'>): boolean {
  return event.by === claims.name && event.city === claims.city && event.role === claims.role
}

/** Whether `event`'s writer may act on the thread `opening` began: its author, or a facilitator. */
export function mayActOn(event: Pick<CommentEvent, 'by' | 'city' | 'role'>, opening: Pick<CommentEvent, 'by' | 'city'>): boolean {
  return event.role === 'facilitator' || (event.by === opening.by && event.city === opening.city)
}
