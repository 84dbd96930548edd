import type { TFunction } from 'i18next'
import { isLanguage, LANGUAGE_NAMES } from '../../shared/model/languages.js'
import type { FieldProblem, ProblemCode } from '../../shared/model/validation.js'
import type { Formats } from './formats.js'
import type { Key } from './keys.js'
import { KIND_LABELS, STATUS_LABELS } from './modelLabels.js'

const PROBLEMS: Record<ProblemCode, Key> = {
  notText: 'problem.notText',
  notList: 'problem.notList',
  empty: 'problem.empty',
  tooLong: 'problem.tooLong',
  tooMany: 'problem.tooMany',
  notOneOf: 'problem.notOneOf',
  // The only patterns a document's meta has are network ids.
  pattern: 'problem.networkId',
  dateTime: 'problem.dateTime',
  invalid: 'problem.invalid',
}

/** A field's problem as a sentence that names the field by its label, such as "Title must not be empty." */
export function problemText(t: TFunction, format: Formats, label: string, problem: Pick<FieldProblem, 'entry' | 'code' | 'params'>): string {
  const field = problem.entry ? t('problem.entry', { field: label, entry: problem.entry }) : label
  const { limit, choices } = problem.params
  const named = choices?.map((choice) => choiceName(t, choice))
  return t(PROBLEMS[problem.code], { field, ...(limit !== undefined ? { limit } : {}), ...(named ? { choices: format.choices(named) } : {}) })
}

/** A value a field may take, as the window names it: a kind or status from the catalog, a language in itself. */
function choiceName(t: TFunction, choice: string): string {
  if (Object.hasOwn(KIND_LABELS, choice)) return t(KIND_LABELS[choice as keyof typeof KIND_LABELS])
  if (Object.hasOwn(STATUS_LABELS, choice)) return t(STATUS_LABELS[choice as keyof typeof STATUS_LABELS])
  return isLanguage(choice) ? LANGUAGE_NAMES[choice] : choice
}
