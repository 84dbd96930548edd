import { z } from 'zod'
import { CasebookError } from '../errors.js'
import { DOCUMENT_KINDS } from './kinds.js'
import { fieldProblems, textField, type FieldProblem } from './validation.js'

export const DOCUMENT_STATUSES = ['draft', 'in-review', 'published'] as const

/** Network ids appear in relay room paths (`/<network>/<doc>`), so they are kept URL-safe. */
const NETWORK_ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/

const list = (max: number, itemMax: number) =>
  z.array(textField(itemMax), { error: 'must be a list' }).max(max, { error: `must have at most ${max} entries` })

const timestamp = z.iso.datetime({ offset: true, error: 'must be a date and time such as 2026-11-23T10:00:00Z' })

export const metaSchema = z.object({
  kind: z.enum(DOCUMENT_KINDS, { error: `must be one of ${DOCUMENT_KINDS.join(', ')}` }),
  title: textField(200),
  network: z
    .string({ error: 'must be text' })
    .regex(NETWORK_ID, { error: 'must be a network id made of lowercase letters, digits and dashes, such as "brt-network"' })
    .optional(),
  city: textField(100).optional(),
  country: textField(100).optional(),
  topics: list(30, 60),
  status: z.enum(DOCUMENT_STATUSES, { error: `must be one of ${DOCUMENT_STATUSES.join(', ')}` }),
  authors: list(50, 100),
  createdAt: timestamp,
  updatedAt: timestamp,
})

export type DocumentMeta = z.infer<typeof metaSchema>

/** Checks a whole meta object; each problem names its field, so a form can show it beside the input. */
export function validateMeta(value: unknown): { meta: DocumentMeta; problems: [] } | { meta: null; problems: FieldProblem[] } {
  const result = metaSchema.safeParse(value)
  return result.success ? { meta: result.data, problems: [] } : { meta: null, problems: fieldProblems(result.error) }
}

/** Like validateMeta, but throws an INVALID_META error whose message names the first bad field. */
export function parseMeta(value: unknown): DocumentMeta {
  const result = validateMeta(value)
  if (result.meta) return result.meta
  const [first] = result.problems
  throw new CasebookError('INVALID_META', `Invalid metadata: ${first?.message ?? 'unknown problem'}.`)
}
