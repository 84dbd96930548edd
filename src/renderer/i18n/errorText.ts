import type { TFunction } from 'i18next'
import { isCasebookError, type ERROR_REASONS, type ErrorParams } from '../../shared/errors.js'
import { PROBLEM_CODES, type ProblemCode } from '../../shared/model/validation.js'
import { FIELD_LABELS, type EditableField } from '../meta/metaFields.js'
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
  },
  BAD_REQUEST: { importBusy: 'errors.BAD_REQUEST.importBusy' },
  INVALID_META: { field: 'errors.INVALID_META.field' },
  INVALID_FILE: {
    tooLarge: 'errors.INVALID_FILE.tooLarge',
    notUtf8: 'errors.INVALID_FILE.notUtf8',
    binary: 'errors.INVALID_FILE.binary',
    notDocx: 'errors.INVALID_FILE.notDocx',
    partSize: 'errors.INVALID_FILE.partSize',
    unconverted: 'errors.INVALID_FILE.unconverted',
    frontMatterYaml: 'errors.INVALID_FILE.frontMatterYaml',
    frontMatterFields: 'errors.INVALID_FILE.frontMatterFields',
  },
  UNSUPPORTED_FILE: { notImportable: 'errors.UNSUPPORTED_FILE.notImportable' },
  IMPORT_LIMIT: { memory: 'errors.IMPORT_LIMIT.memory', time: 'errors.IMPORT_LIMIT.time' },
  INVALID_INVITE: { notInvite: 'errors.INVALID_INVITE.notInvite', notAddress: 'errors.INVALID_INVITE.notAddress' },
  MESSAGE_TOO_LARGE: { messageTooLarge: 'errors.MESSAGE_TOO_LARGE.messageTooLarge' },
  ACCESS_REFUSED: { documentRefused: 'errors.ACCESS_REFUSED.documentRefused', inviteRefused: 'errors.ACCESS_REFUSED.inviteRefused' },
  RELAY_UNREACHABLE: { unreachable: 'errors.RELAY_UNREACHABLE.unreachable' },
}

/**
 * An error as a sentence in the window's language: from the catalog, by its code and reason, with
 * its params; an error without a reason the catalog knows reads as its English message.
 */
export function errorText(t: TFunction, format: Formats, error: Error): string {
  if (!isCasebookError(error) || !error.reason) return error.message
  const key = (SENTENCES[error.code as keyof Sentences] as Record<string, Key> | undefined)?.[error.reason]
  if (!key) return error.message
  const params = error.params ?? {}
  if (error.code === 'INVALID_META') return t(key, { problem: metaProblem(t, format, params) })
  const shown = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'object' ? format.choices(value) : value]))
  return t(key, shown)
}

/** The problem an INVALID_META error names, by its field's label. */
function metaProblem(t: TFunction, format: Formats, params: ErrorParams): string {
  const { field, entry, problem, limit, choices } = params
  const label = typeof field === 'string' && field in FIELD_LABELS ? t(FIELD_LABELS[field as EditableField]) : String(field)
  const code: ProblemCode = PROBLEM_CODES.find((each) => each === problem) ?? 'invalid'
  return problemText(t, format, label, {
    ...(typeof entry === 'number' ? { entry } : {}),
    code,
    params: { ...(typeof limit === 'number' ? { limit } : {}), ...(Array.isArray(choices) ? { choices } : {}) },
  })
}
