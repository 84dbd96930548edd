/**
 * Every failure a user can cause or meet carries one of these codes, so that the CLI, the app and
 * (later) the renderer can tell them apart without parsing messages. The message is a plain sentence
 * meant for the user.
 */
export type ErrorCode =
  | 'USAGE'
  | 'BAD_REQUEST'
  | 'INTERNAL'
  | 'INVALID_META'
  | 'INVALID_CONTENT'
  | 'UNKNOWN_DOCUMENT'
  | 'AMBIGUOUS_ID'
  | 'UNKNOWN_VERSION'
  | 'DOCUMENT_CLOSED'
  | 'DOCUMENT_IN_USE'
  | 'DOCUMENT_DAMAGED'
  | 'DOCUMENT_EXISTS'
  | 'LIBRARY_LOCKED'
  | 'LIBRARY_INVALID'
  | 'STORAGE_FAILED'
  | 'UNREADABLE_FILE'
  | 'UNSUPPORTED_FILE'
  | 'INVALID_FILE'
  | 'IMPORT_LIMIT'
  | 'WRITE_FAILED'
  | 'OUTPUT_EXISTS'
  | 'OUTPUT_REFUSED'
  | 'ACCESS_REFUSED'
  | 'INVALID_INVITE'
  | 'RELAY_UNREACHABLE'
  | 'UNKNOWN_NETWORK'
  | 'WRONG_NETWORK'
  | 'MESSAGE_TOO_LARGE'
  | 'RELAY_PROTOCOL'

export class CasebookError extends Error {
  override readonly name = 'CasebookError'

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

export function isCasebookError(error: unknown, code?: ErrorCode): error is CasebookError {
  return error instanceof CasebookError && (code === undefined || error.code === code)
}
