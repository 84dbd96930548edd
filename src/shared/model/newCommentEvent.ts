import { CasebookError } from '../errors.js'
import { type CommentEvent, type CommentKind, type EncodedAnchor, mayActOn, readCommentEvent, THREAD_ACTIONS } from '../protocol/commentEvents.js'
import type { Role } from '../protocol/invite.js'
import { foldThreads } from './commentThreads.js'

/** What a person adds to a document's comments: the rest of the event (its id, writer and time) is filled in. */
export interface CommentInput {
  kind: CommentKind
  thread?: string | undefined
  anchor?: EncodedAnchor | undefined
  quote?: string | undefined
  body?: string | undefined
}

/** Who writes an event, as their invite names them (the relay refuses one that says otherwise). */
export interface CommentWriter {
  name: string
  city?: string | undefined
  role: Role
}

/** How many random bytes an event's id is made of (16 hex digits: EVENT_ID). */
export const EVENT_ID_BYTES = 8

/**
 * The event `input` makes, written by `writer` at `at`, under an id made of `random` (EVENT_ID_BYTES
 * bytes: the caller's runtime has the random source, Node's randomBytes or the browser's
 * crypto.getRandomValues). Throws BAD_REQUEST when the kind lacks what it carries.
 */
export function newCommentEvent(input: CommentInput, writer: CommentWriter, random: Uint8Array, at: number): CommentEvent {
  const id = Array.from(random.subarray(0, EVENT_ID_BYTES), (byte) => byte.toString(16).padStart(2, '0')).join('')
  const event = readCommentEvent({
    ...input,
    id,
    thread: input.kind === 'comment' ? id : input.thread,
    by: writer.name,
    city: writer.city,
    role: writer.role,
    at,
  })
  if (!event)
    throw new CasebookError('BAD_REQUEST', `A ${input.kind} does not carry what it needs (a thread, an anchor and its quote, or a text).`, {
      reason: 'notUnderstood',
    })
  return event
}

/**
 * Checks that `event` may join the document's `events`, as the relay will: a reply or a thread's
 * action needs its thread there, and a resolve, reopen, delete or reanchor its author or a facilitator.
 */
export function checkThreadRule(event: CommentEvent, events: readonly CommentEvent[], documentId: string): void {
  if (event.kind === 'comment') return
  const thread = foldThreads(events).find((thread) => thread.id === event.thread)
  if (!thread) throw new CasebookError('BAD_REQUEST', `Document ${documentId} has no comment thread ${event.thread}.`, { reason: 'notUnderstood' })
  if (THREAD_ACTIONS.includes(event.kind) && !mayActOn(event, thread))
    throw new CasebookError('ACCESS_REFUSED', `Only whoever wrote a comment, or a facilitator, may ${event.kind} its thread.`, { reason: 'thread' })
}
