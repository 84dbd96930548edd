import type { DocumentMeta } from '../../shared/model/meta.js'
import { metaSchema } from '../../shared/model/meta.js'
import { problemOf, type FieldProblem } from '../../shared/model/validation.js'
import type { Key } from '../i18n/keys.js'

/** The meta fields a person edits, in the panel's order. */
export type EditableField = 'title' | 'kind' | 'status' | 'language' | 'network' | 'city' | 'country' | 'topics' | 'authors'

type Patch = Partial<Record<EditableField, unknown>>

/** What an input shows for a field's value: lists as comma-separated text. */
export function fieldText(meta: DocumentMeta, field: EditableField): string {
  const value = meta[field]
  return Array.isArray(value) ? value.join(', ') : (value ?? '')
}

/** What is wrong with what was typed into a field; problemText says it in the window's language. */
export type TypedProblem = Pick<FieldProblem, 'entry' | 'code' | 'params'>

/**
 * Reads what a person typed into a field as the patch that sets it, or names the problem. Empty
 * optional fields clear; lists are split on commas; everything is checked against the meta schema,
 * so an invalid value never reaches the document.
 */
export function parseField(field: EditableField, text: string): { patch: Patch } | { problem: TypedProblem } {
  const trimmed = text.trim()
  if ((field === 'network' || field === 'city' || field === 'country') && trimmed === '') return { patch: { [field]: null } }
  const value =
    field === 'topics' || field === 'authors'
      ? trimmed
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean)
      : trimmed
  const schema = metaSchema.shape[field]
  const result = schema.safeParse(value)
  if (result.success) return { patch: { [field]: result.data } }
  const issue = result.error.issues[0]
  if (!issue) return { problem: { code: 'invalid', params: {} } }
  return { problem: { ...(issue.path.length ? { entry: Number(issue.path[0]) + 1 } : {}), ...problemOf(issue) } }
}

export const FIELD_LABELS: Record<EditableField, Key> = {
  title: 'meta.field.title',
  kind: 'meta.field.kind',
  status: 'meta.field.status',
  language: 'meta.field.language',
  network: 'meta.field.network',
  city: 'meta.field.city',
  country: 'meta.field.country',
  topics: 'meta.field.topics',
  authors: 'meta.field.authors',
}
