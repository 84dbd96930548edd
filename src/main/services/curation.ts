import { randomBytes } from 'node:crypto'
import { CasebookError } from '../../shared/errors.js'
import { deleteCollection, readCuration, setCollection, setFeatured, setTopics, type Collection, type Curation } from '../../shared/model/curation.js'
import type { SyncEngine } from '../sync/syncEngine.js'
import { roleIn } from './workflow.js'

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

/**
 * One change, applied to the catalog as it is now rather than as a window last read it, so that
 * quick changes, or two windows, do not undo each other.
 */
export type CurationChange =
  | { newCollection: Omit<Collection, 'id'> }
  | { deleteCollection: string }
  | { include: { collection: string; document: string } }
  | { exclude: { collection: string; document: string } }
  | { feature: string }
  | { unfeature: string }
  | { topics: string[] }

export function curate(sync: SyncEngine, network: string, change: CurationChange): Curation {
  const catalog = sync.catalog(network)
  if (!catalog) throw notJoined(network)
  if (roleIn(sync, network) !== 'facilitator')
    throw new CasebookError('ACCESS_REFUSED', `Only a facilitator of ${network} can change its collections, featured documents and topics.`, {
      reason: 'curate',
      params: { network },
    })
  const { collections, featured } = readCuration(catalog)
  const collection = (id: string) => {
    const found = collections.find((one) => one.id === id)
    if (!found) throw new CasebookError('BAD_REQUEST', `Network ${network} has no collection ${id}.`, { reason: 'notUnderstood' })
    return found
  }
  if ('newCollection' in change) setCollection(catalog, { ...change.newCollection, id: randomBytes(6).toString('hex') })
  else if ('deleteCollection' in change) deleteCollection(catalog, collection(change.deleteCollection).id)
  else if ('include' in change) {
    const into = collection(change.include.collection)
    if (!into.documents.includes(change.include.document)) setCollection(catalog, { ...into, documents: [...into.documents, change.include.document] })
  } else if ('exclude' in change) {
    const from = collection(change.exclude.collection)
    setCollection(catalog, { ...from, documents: from.documents.filter((id) => id !== change.exclude.document) })
  } else if ('feature' in change) {
    if (!featured.includes(change.feature)) setFeatured(catalog, [...featured, change.feature])
  } else if ('unfeature' in change)
    setFeatured(
      catalog,
      featured.filter((id) => id !== change.unfeature),
    )
  else setTopics(catalog, [...new Set(change.topics)])
  return readCuration(catalog)
}

export function notJoined(network: string): CasebookError {
  return new CasebookError('UNKNOWN_NETWORK', `This device has not joined a network called "${network}".`, { reason: 'unknown', params: { network } })
}
