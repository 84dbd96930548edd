import type { TFunction } from 'i18next'
import type { FieldProblem, ProblemCode } from '../../shared/model/validation.js'
import type { Formats } from './formats.js'
import type { Key } from './keys.js'

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
  return t(PROBLEMS[problem.code], { field, ...(limit !== undefined ? { limit } : {}), ...(choices ? { choices: format.choices(choices) } : {}) })
}
