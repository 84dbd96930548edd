import * as z from 'zod'
import { CasebookError } from '../errors.js'
import { DOCUMENT_ID } from './documentId.js'
import { DOCUMENT_KINDS } from './kinds.js'
import { languageSchema } from './languages.js'
import { NETWORK_ID } from './networkId.js'
import { fieldProblems, textField, type FieldProblem } from './validation.js'

/** In the order a document goes through them (docs/WORKFLOW.md); see workflow.ts. */
export const DOCUMENT_STATUSES = ['draft', 'submitted', 'in-review', 'published', 'archived'] as const
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number]

export const networkIdSchema = z
  .string({ error: 'must be text' })
  .regex(NETWORK_ID, { error: 'must be a network id made of lowercase letters, digits and dashes, such as "brt-network"' })

/** Past this many names a document's editors stop growing: a workshop's crowd is not a list anyone reads. */
export const MAX_EDITORS = 100

const list = (max: number, itemMax: number) => z.array(textField(itemMax), { error: 'must be a list' }).max(max, { error: `must have at most ${max} entries` })

const timestamp = z.iso.datetime({ offset: true, error: 'must be a date and time such as 2026-11-23T10:00:00Z' })

/** The document another was adapted from ("Adapt for my city", adaptation.ts): where it was, what it was called, and its city, as they were then. */
export const adaptedFromSchema = z.object(
  {
    id: z.string().regex(DOCUMENT_ID, { error: 'must be a document id' }),
    network: networkIdSchema.optional(),
    title: textField(200),
    city: textField(100).optional(),
  },
  { error: 'must name the document it was adapted from' },
)

export type AdaptedFrom = z.infer<typeof adaptedFromSchema>

/**
 * A change here that JSON Schema cannot show (a transform, a refinement) needs ENTRY_SCHEMA_REVISION
 * bumped in src/main/library/libraryIndex.ts, so that index files written before are checked again.
 */
export const metaSchema = z.object({
  kind: z.enum(DOCUMENT_KINDS, { error: `must be one of ${DOCUMENT_KINDS.join(', ')}` }),
  title: textField(200),
  network: networkIdSchema.optional(),
  city: textField(100).optional(),
  country: textField(100).optional(),
  /** The language it is written in; documents written before Casebook had languages have none. */
  language: languageSchema.optional(),
  topics: list(30, 60),
  status: z.enum(DOCUMENT_STATUSES, { error: `must be one of ${DOCUMENT_STATUSES.join(', ')}` }),
  authors: list(50, 100),
  /** Who edited its body in Casebook, by their profile names, the first to edit first (documentSession.ts); documents edited before Casebook kept this have none. */
  editors: list(MAX_EDITORS, 100).optional(),
  /** A member's request that the network review the document (workflow.ts); any writer may make it. */
  submitted: z.object({ by: textField(100), at: timestamp }, { error: 'must be who submitted it and when' }).optional(),
  adaptedFrom: adaptedFromSchema.optional(),
  createdAt: timestamp,
  updatedAt: timestamp,
})

export type DocumentMeta = z.infer<typeof metaSchema>

/** What a field reads as when a document holds no valid value for it. */
const FALLBACKS: Pick<DocumentMeta, 'kind' | 'title' | 'topics' | 'status' | 'authors' | 'createdAt' | 'updatedAt'> = {
  kind: 'case-study',
  title: 'Untitled',
  topics: [],
  status: 'draft',
  authors: [],
  createdAt: '1970-01-01T00:00:00.000Z',
  updatedAt: '1970-01-01T00:00:00.000Z',
}

/**
 * Reads stored meta field by field, never failing: a field with a value this version cannot accept
 * (written by a newer Casebook, or damaged) reads as its fallback, or as absent. Documents stay
 * listable and openable whatever their meta holds.
 */
export function metaWithFallbacks(stored: Record<string, unknown>): DocumentMeta {
  const meta: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(metaSchema.shape)) {
    const result = field.safeParse(stored[key])
    const value = result.success ? result.data : FALLBACKS[key as keyof typeof FALLBACKS]
    if (value !== undefined) meta[key] = value
  }
  return meta as DocumentMeta
}

/** Checks a whole meta object; each problem names its field, so a form can show it beside the input. */
export function validateMeta(value: unknown): { meta: DocumentMeta; problems: [] } | { meta: null; problems: FieldProblem[] } {
  const result = metaSchema.safeParse(value)
  return result.success ? { meta: result.data, problems: [] } : { meta: null, problems: fieldProblems(result.error) }
}

/** Checks only the fields given (undefined clears an optional one); throws like parseMeta. */
export function parsePartialMeta(fields: Partial<DocumentMeta>): Partial<DocumentMeta> {
  // A field given as undefined is checked too, so that clearing a required field fails.
  const given = Object.fromEntries(
    Object.keys(fields)
      .filter((key) => key in metaSchema.shape)
      .map((key) => [key, true]),
  ) as Partial<Record<keyof DocumentMeta, true>>
  const result = metaSchema.pick(given as Record<keyof DocumentMeta, true>).safeParse(fields)
  if (result.success) return result.data as Partial<DocumentMeta>
  throw invalidMeta(fieldProblems(result.error)[0])
}

/** Like validateMeta, but throws an INVALID_META error whose message names the first bad field. */
export function parseMeta(value: unknown): DocumentMeta {
  const result = validateMeta(value)
  if (result.meta) return result.meta
  throw invalidMeta(result.problems[0])
}

/** The error naming a field's problem, with the field, the problem and its params for the renderer to say it. */
function invalidMeta(problem: FieldProblem | undefined): CasebookError {
  if (!problem) return new CasebookError('INVALID_META', 'Invalid metadata: unknown problem.', { reason: 'invalid' })
  const { field, entry, code, params, message } = problem
  return new CasebookError('INVALID_META', `Invalid metadata: ${message}.`, {
    reason: 'field',
    params: { field, problem: code, ...(entry ? { entry } : {}), ...params },
  })
}
