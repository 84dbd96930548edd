import * as z from 'zod'

/** A required line of text, trimmed, whose errors read as the end of a sentence naming the field. */
export const textField = (max: number) =>
  z
    .string({ error: 'must be text' })
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `must be at most ${max} characters` })

export interface FieldProblem {
  field: string
  /** A sentence fragment that names the field, such as `"title" must not be empty`. */
  message: string
}

export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => {
    const [field = 'value', ...rest] = issue.path.map(String)
    const where = rest.length > 0 ? ` (entry ${Number(rest[0]) + 1})` : ''
    return { field, message: `"${field}"${where} ${issue.message}` }
  })
}
