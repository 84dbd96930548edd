import * as z from 'zod'

/** A required line of text, trimmed, whose errors read as the end of a sentence naming the field. */
export const textField = (max: number) =>
  z
    .string({ error: 'must be text' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })

/** What is wrong with a field, whatever the language it is told in. */
export const PROBLEM_CODES = ['notText', 'notList', 'empty', 'tooLong', 'tooMany', 'notOneOf', 'pattern', 'dateTime', 'invalid'] as const
export type ProblemCode = (typeof PROBLEM_CODES)[number]

export interface FieldProblem {
  field: string
  /** The entry of a list field that is wrong, counted from 1. */
  entry?: number
  code: ProblemCode
  /** The problem's variable parts: the `limit` of a length or count, the `choices` of a value. */
  params: { limit?: number; choices?: readonly string[] }
  /** A sentence fragment in English that names the field, such as `"title" must not be empty`. */
  message: string
}

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => {
    const [field = 'value', ...rest] = issue.path.map(String)
    const entry = rest.length > 0 ? Number(rest[0]) + 1 : undefined
    const where = entry ? ` (entry ${entry})` : ''
    return { field, ...(entry ? { entry } : {}), ...problemOf(issue), message: `"${field}"${where} ${issue.message}` }
  })
}

/** The problem a zod issue names, as a code and its params. */
export function problemOf(issue: z.core.$ZodIssue): Pick<FieldProblem, 'code' | 'params'> {
  switch (issue.code) {
    case 'invalid_type':
      return { code: issue.expected === 'array' ? 'notList' : 'notText', params: {} }
    case 'too_small':
      return { code: 'empty', params: {} }
    case 'too_big':
      return { code: issue.origin === 'array' ? 'tooMany' : 'tooLong', params: { limit: Number(issue.maximum) } }
    case 'invalid_value':
      return { code: 'notOneOf', params: { choices: issue.values.map(String) } }
    case 'invalid_format':
      return { code: issue.format === 'datetime' ? 'dateTime' : 'pattern', params: {} }
    default:
      return { code: 'invalid', params: {} }
  }
}
