import * as Y from 'yjs'
import { type CommentEvent, EVENTS_MAP, mayActOn, readCommentEvent, THREAD_ACTIONS, writtenBy } from '../shared/protocol/commentEvents.js'
import type { InviteClaims } from '../shared/protocol/invite.js'

/**
 * Why the relay refuses an update to a comments room (commentEvents.ts), or null if it takes it: it
 * may only add events, each under a fresh key of the room's events map, written by the invite's
 * holder, and belonging to threads the room or the update holds; a resolve, reopen, delete or
 * reanchor only from the thread's author or a facilitator. Read from the update alone, before any of
 * it is applied, so that a refused update is refused whole. Each writer's structs must follow on from
 * what the room holds of it: nothing is ever held back, to be applied later unchecked (two held-back
 * sets of one key would have Yjs delete one of them once both arrive). The reasons are logged, so
 * they say nothing of what the events say.
 */
export function commentRefusal(update: Uint8Array, doc: Y.Doc, claims: Pick<InviteClaims, 'name' | 'city' | 'role'>): string | null {
  const { structs, ds } = Y.decodeUpdate(update)
  if ([...ds.clients.values()].some((ranges) => ranges.length > 0)) return 'The update deletes from a comments room.'
  const events = doc.getMap<unknown>(EVENTS_MAP)
  const added = new Map<string, CommentEvent>()
  const next = new Map<number, number>()
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue
    const { client, clock } = struct.id
    // A client's sync step 2 may race with its own updates, and send again what the room holds.
    if (clock + struct.length <= Y.getState(doc.store, client)) continue
    if (clock !== (next.get(client) ?? Y.getState(doc.store, client))) return "The update skips part of a writer's changes."
    next.set(client, clock + struct.length)
    // An item with an origin would sit beside, and so could replace, a value the room holds (it is
    // encoded with no parent, so the parent check refuses it too). A decoded item names its root type
    // by name, a string, which Yjs's types do not say.
    if (
      !(struct instanceof Y.Item) ||
      struct.origin !== null ||
      struct.rightOrigin !== null ||
      (struct.parent as unknown) !== EVENTS_MAP ||
      struct.parentSub === null ||
      !(struct.content instanceof Y.ContentAny) ||
      struct.content.arr.length !== 1
    ) {
      return 'The update holds something other than new values of the events map.'
    }
    const key = struct.parentSub
    if (events.has(key) || added.has(key)) return 'The update sets a key of the events map that is already set.'
    const event = readCommentEvent(struct.content.arr[0])
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
