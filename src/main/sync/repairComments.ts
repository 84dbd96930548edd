import * as Y from 'yjs'
import { addEvent, readEvents } from '../../shared/model/commentThreads.js'
import { type CommentEvent, mayActOn } from '../../shared/protocol/commentEvents.js'
import { commentsRoomOf } from '../../shared/protocol/rooms.js'
import type { Library } from '../library/library.js'
import type { StoredDoc } from '../library/storedDoc.js'
import { type RelayAccess, syncPlainDoc } from './documentConnection.js'

/**
 * After the relay refused this device's comments of a document (4418), which it would do at every
 * round and so hold back every later comment too: an event written under an earlier invite (a role
 * or a city since changed), or others' events the relay no longer has (its data restored from a
 * backup). The copy here is rebuilt from the relay's, with the events the relay lacks that the
 * invite's holder wrote added again under the invite as it is, where the rules still allow them;
 * others' are theirs to send, and a thread action the holder may no longer take is dropped.
 */
export async function repairComments(library: Library, access: RelayAccess, id: string, signal: AbortSignal): Promise<void> {
  const relayCopy = new Y.Doc({ guid: commentsRoomOf(id) })
  try {
    // It holds nothing, so it sends nothing: this only fetches.
    await syncPlainDoc(access, relayCopy, signal)
    await library.rebuildComments(id, (local) => rebuilt(relayCopy, local, access))
  } finally {
    relayCopy.destroy()
  }
}

function rebuilt(relayCopy: Y.Doc, local: StoredDoc, access: RelayAccess): StoredDoc {
  const doc = new Y.Doc({ guid: relayCopy.guid })
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(relayCopy))
  const sent = Y.encodeStateVector(doc)
  while (doc.store.clients.has(doc.clientID)) doc.clientID += 1
  const held = new Map(readEvents(doc).map((event) => [event.id, event]))
  const holder = { by: access.name, ...(access.city ? { city: access.city } : {}), role: access.role }
  const missing = readEvents(local.doc)
    .filter((event) => !held.has(event.id) && event.by === access.name)
    .sort((a, b) => Number(b.kind === 'comment') - Number(a.kind === 'comment') || a.at - b.at)
  for (const event of missing) {
    const again: CommentEvent = { ...event, ...holder }
    if (again.kind !== 'comment') {
      const opening = held.get(again.thread)
      if (opening?.kind !== 'comment' || (again.kind !== 'reply' && !mayActOn(again, opening))) continue
    }
    addEvent(doc, again)
    held.set(again.id, again)
  }
  return { doc, sent }
}
