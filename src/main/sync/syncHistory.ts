import * as Y from 'yjs'
import type { Library } from '../library/library.js'
import { allSent } from '../library/storedDoc.js'
import { syncPlainDoc, type RelayAccess } from './documentConnection.js'

/**
 * One round of a document's version history with its room on the relay (`<id>-versions`): send the
 * versions the relay lacks, fetch those it has, wait until it has stored ours, and merge the result
 * into the library's copy. Skipped, with no socket, when the relay has acknowledged every version here
 * and nothing says it has more (`fetch`: its feed announced the room, or someone asked to see the
 * history).
 */
export async function syncHistory(library: Library, access: RelayAccess, id: string, fetch: boolean, signal: AbortSignal): Promise<void> {
  const stored = await library.history(id)
  try {
    if (!fetch && allSent(stored)) return
    await syncPlainDoc(access, stored.doc, signal)
    await library.mergeHistory(id, Y.encodeStateAsUpdate(stored.doc), Y.encodeStateVector(stored.doc))
  } finally {
    stored.doc.destroy()
  }
}
