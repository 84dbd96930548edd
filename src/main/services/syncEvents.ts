import type { BackendEvent } from '../../shared/ipc/contract.js'
import type { Library } from '../library/library.js'
import type { AppLog } from '../log/appLog.js'
import type { SyncEvent } from '../sync/syncEngine.js'
import { errorReply } from './errorReply.js'

/**
 * What a sync event becomes: a failed sync, in the background or over a live connection, is logged
 * and told to every renderer, which shows a notice; a change kept out of a network, and a network
 * whose invite the relay refused, are logged; a document's state, a network's, and the end of a
 * workshop joined with its code (a notice too) are told. Returns the event for the renderers, if any.
 */
export function reportSyncEvent(event: SyncEvent, library: Library, log: AppLog): BackendEvent | null {
  switch (event.type) {
    case 'document':
      return { type: 'sync-state', id: event.id, state: event.state }
    case 'network':
      return { type: 'network', status: event.status }
    case 'kept-out':
      log.warn(event.message, { document: event.id, network: event.network })
      return null
    // The rows they change are told as the library's changes, the curation and the adaptations as they are (Services).
    case 'standings':
    case 'curation':
    case 'adaptations':
      return null
    case 'workshop-ended': {
      const title = titleOf(library, event.document)
      return { type: 'workshop-ended', id: event.document, network: event.network, ...(title ? { title } : {}), why: event.why }
    }
    case 'blobs-arrived':
      return { type: 'blobs-arrived', hashes: event.hashes }
    // By hash alone, as a document is logged by id: an altered image the relay sent is among these.
    case 'blob-error':
      log.warn(`Image ${event.hash} could not be synced with network ${event.network}; it is tried again later.`, {
        network: event.network,
        image: event.hash,
        error: event.error,
      })
      return null
    case 'refused':
      log.warn(`The relay refused this device’s invite to network ${event.network}: ${event.reason}`, { network: event.network })
      return null
    case 'error': {
      const reply = errorReply(event.error)
      const title = titleOf(library, event.id)
      // By id alone: the log holds nothing of a document's content, its title included.
      log.error(`Document ${event.id} could not be synced with network ${event.network}.`, {
        document: event.id,
        network: event.network,
        error: event.error,
      })
      return { type: 'sync-error', id: event.id, network: event.network, ...(title ? { title } : {}), ...reply }
    }
  }
}

/** The document's title; none for a document that failed to arrive, which is in no library yet. */
export function titleOf(library: Library, id: string): string | undefined {
  try {
    return library.summary(id).meta.title
  } catch {
    return undefined
  }
}
