import { randomBytes } from 'node:crypto'
import * as Y from 'yjs'
import { RelayStore } from '../../src/relay/store.js'
import { buildDocument, newDocumentContent } from '../../src/shared/model/documentBody.js'

/**
 * Stores `count` new case studies of `network` in a relay's data directory, as the relay would, while
 * it is stopped; returns their ids. Syncing thousands from an author device, a socket each, would
 * take minutes and test nothing.
 */
export function seedRelay(dataDir: string, network: string, count: number): string[] {
  const store = new RelayStore(dataDir)
  const ids = Array.from({ length: count }, () => randomBytes(8).toString('hex'))
  const updates = ids.map((id, n) => ({
    room: `${network}/${id}`,
    update: Y.encodeStateAsUpdate(buildDocument(id, newDocumentContent({ kind: 'case-study', title: `Case ${n}`, network, city: 'Lagos' }))),
  }))
  store.append(updates, [])
  store.close()
  return ids
}
