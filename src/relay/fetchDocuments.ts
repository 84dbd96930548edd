import * as Y from 'yjs'
import type { FetchedDocument, FetchRequest } from '../shared/protocol/fetchFrames.js'
import { roomName } from '../shared/protocol/rooms.js'
import type { DocumentStore } from './documentStore.js'

/**
 * Answers a feed's fetch: for each document asked, what its stored state (snapshot and updates; not
 * the held-back update, which is not part of the document) adds to the client's state vector.
 *
 * Every id is looked up as a room of the feed's own network, `<network>/<id>`, the room that opening
 * that document with the feed's token would open: a document of another network is never read, and
 * one that does not exist is simply left out, as is any document whose stored bytes, or whose answer,
 * would take the answer past `maxBytes` (the client fetches those over their own connection). Only
 * what is durable is read, and no document is loaded into memory.
 */
export async function fetchDocuments(store: DocumentStore, network: string, requests: readonly FetchRequest[], maxBytes: number): Promise<FetchedDocument[]> {
  const answered: FetchedDocument[] = []
  let bytes = 0
  for (const { document, stateVector } of requests) {
    const room = roomName({ network, document })
    const stored = await store.storedBytes(room)
    if (stored === 0 || bytes + stored > maxBytes) continue
    const { snapshot, updates } = await store.load(room)
    const merged = Y.mergeUpdates(snapshot ? [snapshot, ...updates] : updates)
    const update = Y.diffUpdate(merged, stateVector)
    if (bytes + update.byteLength > maxBytes) continue
    bytes += update.byteLength
    answered.push({ document, update })
  }
  return answered
}
