import { randomBytes } from 'node:crypto'
import { CasebookError } from '../../shared/errors.js'
import { deleteCollection, readCuration, setCollection, setFeatured, setTopics, type Collection, type Curation } from '../../shared/model/curation.js'
import type { SyncEngine } from '../sync/syncEngine.js'

/**
 * A network's curation (curation.ts) as the app reads and changes it: anyone in the network reads
 * it; only a facilitator changes it, which the back end checks before writing and the relay holds
 * to, storing only a facilitator's changes to the catalog.
 */
export function curationOf(sync: SyncEngine, network: string): Curation {
  const catalog = sync.catalog(network)
  if (!catalog) throw notJoined(network)
  return readCuration(catalog)
}

export type CurationChange =
  | { saveCollection: Omit<Collection, 'id'> & { id?: string | undefined } }
  | { deleteCollection: string }
  | { featured: string[] }
  | { topics: string[] }

export function curate(sync: SyncEngine, network: string, change: CurationChange): Curation {
  const catalog = sync.catalog(network)
  if (!catalog) throw notJoined(network)
  if (sync.networks().find((status) => status.id === network)?.role !== 'facilitator')
    throw new CasebookError('ACCESS_REFUSED', `Only a facilitator of ${network} can change its collections, featured documents and topics.`, {
      reason: 'curate',
      params: { network },
    })
  if ('saveCollection' in change) setCollection(catalog, { ...change.saveCollection, id: change.saveCollection.id ?? randomBytes(6).toString('hex') })
  else if ('deleteCollection' in change) deleteCollection(catalog, change.deleteCollection)
  else if ('featured' in change) setFeatured(catalog, [...new Set(change.featured)])
  else setTopics(catalog, [...new Set(change.topics)])
  return readCuration(catalog)
}

function notJoined(network: string): CasebookError {
  return new CasebookError('UNKNOWN_NETWORK', `This device has not joined a network called "${network}".`, { reason: 'unknown', params: { network } })
}
