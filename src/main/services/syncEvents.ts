import type { BackendEvent } from '../../shared/ipc/contract.js'
import type { Library } from '../library/library.js'
import type { AppLog } from '../log/appLog.js'
import type { SyncEvent } from '../sync/syncEngine.js'
import { errorReply } from './errorReply.js'

/**
 * What a sync event becomes: a failed background sync is logged and told to every renderer, which
 * shows a notice; a change kept out of a network is logged; a document's state and a network's are
 * told. Returns the event for the renderers, if any.
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
    case 'error': {
      const { code, message } = errorReply(event.error)
      const title = titleOf(library, event.id)
      log.error(`Document ${event.id}${title ? ` (“${title}”)` : ''} could not be synced with network ${event.network}.`, {
        document: event.id,
        network: event.network,
        error: event.error,
      })
      return { type: 'sync-error', id: event.id, network: event.network, ...(title ? { title } : {}), code, message }
    }
  }
}

/** A document that failed to arrive is in no library yet. */
function titleOf(library: Library, id: string): string | undefined {
  try {
    return library.summary(id).meta.title
  } catch {
    return undefined
  }
}
