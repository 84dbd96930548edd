/**
 * Every failure a user can cause or meet carries one of these codes, so that the CLI, the app and
 * the renderer can tell them apart without parsing messages. The message is a plain sentence in
 * English, meant for the user, for the log and the CLI.
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
  | 'PDF_UNAVAILABLE'
  | 'WORKSHOP_REFUSED'
  | 'INVALID_IMAGE'

/**
 * The sentences the window can say in the user's language, by code: an error that names one of its
 * code's reasons, with the variable parts of its sentence as params, is shown from the renderer's
 * catalog (`errors.CODE.reason`); any other shows its English message.
 */
export const ERROR_REASONS = {
  INTERNAL: ['unexpected', 'connectionLost', 'pageRefused', 'importStopped', 'importFailed', 'importCrashed', 'documentStopped'],
  BAD_REQUEST: ['importBusy', 'reportBusy', 'field', 'notUnderstood'],
  INVALID_META: ['field', 'frontMatter', 'version', 'invalid'],
  INVALID_CONTENT: ['notId', 'unreadable'],
  UNKNOWN_DOCUMENT: ['unknown'],
  AMBIGUOUS_ID: ['ambiguous'],
  UNKNOWN_VERSION: ['unknown', 'notHere'],
  DOCUMENT_CLOSED: ['closed'],
  DOCUMENT_IN_USE: ['open'],
  DOCUMENT_DAMAGED: ['damaged', 'versionDamaged', 'historyDamaged', 'commentsDamaged'],
  DOCUMENT_EXISTS: ['exists'],
  LIBRARY_LOCKED: ['inUse', 'stale'],
  LIBRARY_INVALID: ['unusable', 'damaged', 'newer', 'closed'],
  STORAGE_FAILED: ['failed', 'diskFull'],
  UNREADABLE_FILE: ['folder', 'missing', 'unreadable'],
  INVALID_FILE: [
    'tooLarge',
    'notUtf8',
    'binary',
    'notDocx',
    'partSize',
    'partTooLarge',
    'unconverted',
    'frontMatterYaml',
    'frontMatterFields',
    'updateSettings',
  ],
  UNSUPPORTED_FILE: ['notImportable'],
  IMPORT_LIMIT: ['memory', 'time'],
  INVALID_INVITE: ['notInvite', 'notAddress', 'expired', 'notEncrypted'],
  INVALID_IMAGE: ['svg', 'notImage', 'tooManyPixels', 'tooLarge', 'hashMismatch'],
  UNKNOWN_NETWORK: ['unknown'],
  WRONG_NETWORK: ['keptOut'],
  MESSAGE_TOO_LARGE: ['messageTooLarge'],
  ACCESS_REFUSED: ['documentRefused', 'inviteRefused', 'move', 'notShared', 'curate', 'thread', 'notJoined', 'viewerAdds', 'imageRefused'],
  RELAY_UNREACHABLE: ['unreachable', 'startWorkshop'],
  RELAY_PROTOCOL: ['unreadable'],
  PDF_UNAVAILABLE: ['noChromium', 'failed'],
  WORKSHOP_REFUSED: [
    'noWorkshop',
    'workshopEnded',
    'workshopOver',
    'workshopFull',
    'tooManyTries',
    'notFacilitator',
    'noDocument',
    'notShared',
    'notCode',
    'unknownRelay',
    'noProfile',
    'otherWorkshop',
    'oneDocument',
    'refused',
  ],
} as const satisfies Partial<Record<ErrorCode, readonly string[]>>

export type ErrorReason<C extends ErrorCode> = C extends keyof typeof ERROR_REASONS ? (typeof ERROR_REASONS)[C][number] : never

/** The variable parts of an error's sentence, by name: a file name, a field, a limit. */
export type ErrorParams = Readonly<Record<string, string | number | readonly string[]>>

export interface ErrorDetail<C extends ErrorCode = ErrorCode> {
  reason?: ErrorReason<C>
  params?: ErrorParams
}

export class CasebookError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'CasebookError'
  readonly reason: ErrorReason<C> | undefined
  readonly params: ErrorParams | undefined

  constructor(
    readonly code: C,
    message: string,
    options?: { cause?: unknown } & ErrorDetail<C>,
  ) {
    super(message, options)
    this.reason = options?.reason
    this.params = options?.params
  }
}

export function isCasebookError(error: unknown, code?: ErrorCode): error is CasebookError {
  return error instanceof CasebookError && (code === undefined || error.code === code)
}
