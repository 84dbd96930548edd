import type { TFunction } from 'i18next'
import { isCasebookError, type ERROR_REASONS, type ErrorParams } from '../../shared/errors.js'
import { PROBLEM_CODES, type ProblemCode } from '../../shared/model/validation.js'
import { FIELD_LABELS } from '../meta/metaFields.js'
import type { Formats } from './formats.js'
import type { Key } from './keys.js'
import { problemText } from './problemText.js'

type Sentences = { [C in keyof typeof ERROR_REASONS]: Record<(typeof ERROR_REASONS)[C][number], Key> }

const SENTENCES: Sentences = {
  INTERNAL: {
    unexpected: 'errors.INTERNAL.unexpected',
    connectionLost: 'errors.INTERNAL.connectionLost',
    pageRefused: 'errors.INTERNAL.pageRefused',
    importStopped: 'errors.INTERNAL.importStopped',
    importFailed: 'errors.INTERNAL.importFailed',
    importCrashed: 'errors.INTERNAL.importCrashed',
    documentStopped: 'errors.INTERNAL.documentStopped',
  },
  BAD_REQUEST: {
    importBusy: 'errors.BAD_REQUEST.importBusy',
    reportBusy: 'errors.BAD_REQUEST.reportBusy',
    field: 'errors.BAD_REQUEST.field',
    notUnderstood: 'errors.BAD_REQUEST.notUnderstood',
  },
  INVALID_META: {
    field: 'errors.INVALID_META.field',
    frontMatter: 'errors.INVALID_META.frontMatter',
    version: 'errors.INVALID_META.version',
    invalid: 'errors.INVALID_META.invalid',
  },
  INVALID_CONTENT: {
    notId: 'errors.INVALID_CONTENT.notId',
    unreadable: 'errors.INVALID_CONTENT.unreadable',
  },
  UNKNOWN_DOCUMENT: {
    unknown: 'errors.UNKNOWN_DOCUMENT.unknown',
  },
  AMBIGUOUS_ID: {
    ambiguous: 'errors.AMBIGUOUS_ID.ambiguous',
  },
  UNKNOWN_VERSION: {
    unknown: 'errors.UNKNOWN_VERSION.unknown',
    notHere: 'errors.UNKNOWN_VERSION.notHere',
  },
  DOCUMENT_CLOSED: {
    closed: 'errors.DOCUMENT_CLOSED.closed',
  },
  DOCUMENT_IN_USE: {
    open: 'errors.DOCUMENT_IN_USE.open',
  },
  DOCUMENT_DAMAGED: {
    damaged: 'errors.DOCUMENT_DAMAGED.damaged',
    versionDamaged: 'errors.DOCUMENT_DAMAGED.versionDamaged',
    historyDamaged: 'errors.DOCUMENT_DAMAGED.historyDamaged',
    commentsDamaged: 'errors.DOCUMENT_DAMAGED.commentsDamaged',
  },
  DOCUMENT_EXISTS: {
    exists: 'errors.DOCUMENT_EXISTS.exists',
  },
  LIBRARY_LOCKED: {
    inUse: 'errors.LIBRARY_LOCKED.inUse',
    stale: 'errors.LIBRARY_LOCKED.stale',
  },
  LIBRARY_INVALID: {
    unusable: 'errors.LIBRARY_INVALID.unusable',
    damaged: 'errors.LIBRARY_INVALID.damaged',
    newer: 'errors.LIBRARY_INVALID.newer',
    closed: 'errors.LIBRARY_INVALID.closed',
  },
  STORAGE_FAILED: {
    failed: 'errors.STORAGE_FAILED.failed',
    diskFull: 'errors.STORAGE_FAILED.diskFull',
  },
  UNREADABLE_FILE: {
    folder: 'errors.UNREADABLE_FILE.folder',
    missing: 'errors.UNREADABLE_FILE.missing',
    unreadable: 'errors.UNREADABLE_FILE.unreadable',
  },
  INVALID_FILE: {
    tooLarge: 'errors.INVALID_FILE.tooLarge',
    notUtf8: 'errors.INVALID_FILE.notUtf8',
    binary: 'errors.INVALID_FILE.binary',
    notDocx: 'errors.INVALID_FILE.notDocx',
    partSize: 'errors.INVALID_FILE.partSize',
    partTooLarge: 'errors.INVALID_FILE.partTooLarge',
    unconverted: 'errors.INVALID_FILE.unconverted',
    frontMatterYaml: 'errors.INVALID_FILE.frontMatterYaml',
    frontMatterFields: 'errors.INVALID_FILE.frontMatterFields',
    updateSettings: 'errors.INVALID_FILE.updateSettings',
  },
  UNSUPPORTED_FILE: {
    notImportable: 'errors.UNSUPPORTED_FILE.notImportable',
  },
  IMPORT_LIMIT: {
    memory: 'errors.IMPORT_LIMIT.memory',
    time: 'errors.IMPORT_LIMIT.time',
  },
  INVALID_INVITE: {
    notInvite: 'errors.INVALID_INVITE.notInvite',
    notAddress: 'errors.INVALID_INVITE.notAddress',
    expired: 'errors.INVALID_INVITE.expired',
    notEncrypted: 'errors.INVALID_INVITE.notEncrypted',
  },
  UNKNOWN_NETWORK: {
    unknown: 'errors.UNKNOWN_NETWORK.unknown',
  },
  WRONG_NETWORK: {
    keptOut: 'errors.WRONG_NETWORK.keptOut',
  },
  MESSAGE_TOO_LARGE: {
    messageTooLarge: 'errors.MESSAGE_TOO_LARGE.messageTooLarge',
  },
  ACCESS_REFUSED: {
    documentRefused: 'errors.ACCESS_REFUSED.documentRefused',
    inviteRefused: 'errors.ACCESS_REFUSED.inviteRefused',
    move: 'errors.ACCESS_REFUSED.move',
    notShared: 'errors.ACCESS_REFUSED.notShared',
    curate: 'errors.ACCESS_REFUSED.curate',
    thread: 'errors.ACCESS_REFUSED.thread',
    notJoined: 'errors.ACCESS_REFUSED.notJoined',
    viewerAdds: 'errors.ACCESS_REFUSED.viewerAdds',
    imageRefused: 'errors.ACCESS_REFUSED.imageRefused',
  },
  RELAY_UNREACHABLE: {
    unreachable: 'errors.RELAY_UNREACHABLE.unreachable',
    startWorkshop: 'errors.RELAY_UNREACHABLE.startWorkshop',
  },
  RELAY_PROTOCOL: {
    unreadable: 'errors.RELAY_PROTOCOL.unreadable',
  },
  INVALID_IMAGE: {
    svg: 'errors.INVALID_IMAGE.svg',
    notImage: 'errors.INVALID_IMAGE.notImage',
    tooManyPixels: 'errors.INVALID_IMAGE.tooManyPixels',
    tooLarge: 'errors.INVALID_IMAGE.tooLarge',
    hashMismatch: 'errors.INVALID_IMAGE.hashMismatch',
  },
  PDF_UNAVAILABLE: {
    noChromium: 'errors.PDF_UNAVAILABLE.noChromium',
    failed: 'errors.PDF_UNAVAILABLE.failed',
  },
  WORKSHOP_REFUSED: {
    noWorkshop: 'errors.WORKSHOP_REFUSED.noWorkshop',
    workshopEnded: 'errors.WORKSHOP_REFUSED.workshopEnded',
    workshopOver: 'errors.WORKSHOP_REFUSED.workshopOver',
    workshopFull: 'errors.WORKSHOP_REFUSED.workshopFull',
    tooManyTries: 'errors.WORKSHOP_REFUSED.tooManyTries',
    notFacilitator: 'errors.WORKSHOP_REFUSED.notFacilitator',
    noDocument: 'errors.WORKSHOP_REFUSED.noDocument',
    notShared: 'errors.WORKSHOP_REFUSED.notShared',
    notCode: 'errors.WORKSHOP_REFUSED.notCode',
    unknownRelay: 'errors.WORKSHOP_REFUSED.unknownRelay',
    noProfile: 'errors.WORKSHOP_REFUSED.noProfile',
    otherWorkshop: 'errors.WORKSHOP_REFUSED.otherWorkshop',
    oneDocument: 'errors.WORKSHOP_REFUSED.oneDocument',
    refused: 'errors.WORKSHOP_REFUSED.refused',
  },
}

/**
 * An error as a sentence in the window's language: from the catalog, by its code and reason, with
 * its params; an error without a reason the catalog knows reads as its English message.
 */
export function errorText(t: TFunction, format: Formats, error: Error, networkLabel: (id: string) => string = (id) => id): string {
  if (!isCasebookError(error) || !error.reason) return error.message
  const key = (SENTENCES[error.code as keyof Sentences] as Record<string, Key> | undefined)?.[error.reason]
  if (!key) return error.message
  const params = error.params ?? {}
  if (FIELD_PROBLEMS.has(key)) return t(key, { problem: fieldProblem(t, format, params) })
  const shown = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'object' ? format.choices(value) : value]))
  if (typeof params['expired'] === 'string') shown['expired'] = format.day(params['expired'])
  if (typeof params['endedAt'] === 'string') shown['endedAt'] = format.time(params['endedAt'])
  if (typeof params['network'] === 'string') shown['network'] = networkLabel(params['network'])
  return t(key, shown)
}

/** The sentences that say a field's problem (its params: field, problem, entry, limit, choices). */
const FIELD_PROBLEMS = new Set<Key>(['errors.INVALID_META.field', 'errors.INVALID_META.frontMatter', 'errors.INVALID_META.version', 'errors.BAD_REQUEST.field'])

/** The fields of requests, as the window labels them where a person types them. */
const FIELD_NAMES: Record<string, Key> = {
  ...FIELD_LABELS,
  relayUrl: 'networks.join.relay',
  token: 'networks.join.invite',
  query: 'library.search.label',
  input: 'workshop.join.label',
  minutes: 'workshop.start.minutes',
}

/** The problem a field's error names, by its field's label. */
function fieldProblem(t: TFunction, format: Formats, params: ErrorParams): string {
  const { field, entry, problem, limit, choices } = params
  const label = typeof field === 'string' && Object.hasOwn(FIELD_NAMES, field) ? t(FIELD_NAMES[field]!) : String(field)
  const known: ProblemCode = PROBLEM_CODES.find((each) => each === problem) ?? 'invalid'
  // The catalog's pattern is a network id's; a request's other patterns (a document id) are only invalid.
  const code = known === 'pattern' && field !== 'network' ? 'invalid' : known
  return problemText(t, format, label, {
    ...(typeof entry === 'number' ? { entry } : {}),
    code,
    params: { ...(typeof limit === 'number' ? { limit } : {}), ...(Array.isArray(choices) ? { choices } : {}) },
  })
}
