import * as Y from 'yjs'
import { commentsDocumentOf, commentsRoomOf, historyDocumentOf, historyRoomOf } from '../../shared/protocol/rooms.js'
import type { Library } from '../library/library.js'
import { allSent, type StoredDoc } from '../library/storedDoc.js'
import { CLOSE } from '../../shared/protocol/closeCodes.js'
import { refusedWith, syncPlainDoc, type RelayAccess } from './documentConnection.js'
import { repairComments } from './repairComments.js'

/**
 * A room beside each document that syncs where its document goes: its version history
 * (`<id>-versions`) and its comments (`<id>-comments`), each a Y.Doc the library keeps in the
 * document's folder.
 */
export interface SideRoom {
  roomOf(document: string): string
  documentOf(room: string): string | null
  /** The library change that says it grew. */
  cause: 'history' | 'comments'
  read(library: Library, id: string): Promise<StoredDoc>
  merge(library: Library, id: string, update: Uint8Array, sent: Uint8Array): Promise<void>
  /** Mends this device's copy after the relay refused it for good (commentRefused), where it can be. */
  repair?: (library: Library, access: RelayAccess, id: string, signal: AbortSignal) => Promise<void>
}

export const SIDE_ROOMS: readonly SideRoom[] = [
  {
    roomOf: historyRoomOf,
    documentOf: historyDocumentOf,
    cause: 'history',
    read: (library, id) => library.history(id),
    merge: (library, id, update, sent) => library.mergeHistory(id, update, sent),
  },
  {
    roomOf: commentsRoomOf,
    documentOf: commentsDocumentOf,
    cause: 'comments',
    read: (library, id) => library.comments(id),
    merge: (library, id, update, sent) => library.mergeComments(id, update, sent),
    repair: repairComments,
  },
]

export interface SideRoomOf {
  side: SideRoom
  document: string
}

/** Which side room a room is, and of which document; null for a document's own room. */
export function readSideRoom(room: string): SideRoomOf | null {
  for (const side of SIDE_ROOMS) {
    const document = side.documentOf(room)
    if (document !== null) return { side, document }
  }
  return null
}

/**
 * One round of a side room with the relay: send what the relay lacks, fetch what it has, wait until
 * it has stored ours, and merge the result into the library's copy. Skipped, with no socket, when the
 * relay has acknowledged everything here and nothing says it has more (`fetch`: its feed announced
 * the room, or someone asked to see it). A round the relay refuses for good is mended (`repair`)
 * where that can be done, then tried once more.
 */
export async function syncSideRoom(library: Library, access: RelayAccess, side: SideRoom, id: string, fetch: boolean, signal: AbortSignal): Promise<void> {
  try {
    await round(library, access, side, id, fetch, signal)
  } catch (error) {
    if (!side.repair || !refusedWith(error, CLOSE.commentRefused)) throw error
    await side.repair(library, access, id, signal)
    await round(library, access, side, id, true, signal)
  }
}

async function round(library: Library, access: RelayAccess, side: SideRoom, id: string, fetch: boolean, signal: AbortSignal): Promise<void> {
  const stored = await side.read(library, id)
  try {
    if (!fetch && allSent(stored)) return
    await syncPlainDoc(access, stored.doc, signal)
    await side.merge(library, id, Y.encodeStateAsUpdate(stored.doc), Y.encodeStateVector(stored.doc))
  } finally {
    stored.doc.destroy()
  }
}
