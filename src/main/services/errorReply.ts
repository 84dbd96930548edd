import { isCasebookError } from '../../shared/errors.js'
import type { ErrorReply } from '../../shared/ipc/contract.js'

/** A failure as the renderer is told of it: a Casebook error as it is, anything else as a bug whose details are in the log. */
export function errorReply(error: unknown): ErrorReply {
  if (isCasebookError(error)) {
    const { code, message, reason, params } = error
    return { code, message, ...(reason ? { reason } : {}), ...(params ? { params } : {}) }
  }
  return { code: 'INTERNAL', message: 'Something went wrong inside Casebook; the details are in its log.', reason: 'unexpected' }
}
