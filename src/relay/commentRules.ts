import type * as Y from 'yjs'
import { type CommentEvent, EVENTS_MAP, mayActOn, readCommentEvent, THREAD_ACTIONS, writtenBy } from '../shared/protocol/commentEvents.js'
import type { InviteClaims } from '../shared/protocol/invite.js'
import { newValuesOf } from './addOnlyMap.js'

/**
 * Why the relay refuses an update to a comments room (commentEvents.ts), or null if it takes it: it
 * may only add events (newValuesOf), each under its own id, written by the invite's holder, and
 * belonging to threads the room or the update holds; a resolve, reopen, delete or reanchor only from
 * the thread's author or a facilitator. The reasons are logged, so they say nothing of what the
 * events say.
 */
export function commentRefusal(update: Uint8Array, doc: Y.Doc, claims: Pick<InviteClaims, 'name' | 'city' | 'role'>): string | null {
  const values = newValuesOf(update, doc, EVENTS_MAP)
  if ('refused' in values) return values.refused
  const events = doc.getMap<unknown>(EVENTS_MAP)
  const added = new Map<string, CommentEvent>()
  for (const [key, value] of values.added) {
    const event = readCommentEvent(value)
    if (event === null || event.id !== key) return 'An event does not read as a comment event under its own id.'
    if (!writtenBy(event, claims)) return "An event names someone other than the invite's holder as its writer."
    added.set(key, event)
  }
  // Once all are read: an update carries its writers' structs in no order of theirs, so a reply may come before its comment.
  for (const event of added.values()) {
    if (event.kind !== 'reply' && !THREAD_ACTIONS.includes(event.kind)) continue
    const opening = added.get(event.thread) ?? readCommentEvent(events.get(event.thread))
    if (opening === null || opening.kind !== 'comment') return 'An event belongs to a thread the room does not hold.'
    if (event.kind !== 'reply' && !mayActOn(event, opening)) return 'An event acts on a thread someone else opened, and its writer is no facilitator.'
  }
  return null
}
