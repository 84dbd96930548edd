import type { BackendEvent } from '../../shared/ipc/contract.js'
import type { StorageFailure } from '../library/durableDocument.js'
import type { Library } from '../library/library.js'
import type { AppLog } from '../log/appLog.js'
import { errorReply } from './errorReply.js'
import { titleOf } from './syncEvents.js'

/**
 * What a failed write that nobody waited for becomes: a failed save is logged and told to every
 * renderer, which shows a notice (the edits are still in the window, not on disk); a failed
 * compaction loses nothing and is only logged. Returns the event for the renderers, if any.
 */
export function reportStorageFailure(failure: StorageFailure & { documentId: string }, library: Library, log: AppLog): BackendEvent | null {
  const { documentId: id, error } = failure
  const title = titleOf(library, id)
  const named = `Document ${id}${title ? ` (“${title}”)` : ''}`
  if (failure.during === 'compaction') {
    log.warn(`${named} could not be compacted; every change is still in its log, and it will be tried again.`, { document: id, error })
    return null
  }
  log.error(`${named}: a change could not be saved to disk, nor will later ones be until it is opened again.`, { document: id, error })
  return { type: 'save-error', id, ...(title ? { title } : {}), ...errorReply(error) }
}
