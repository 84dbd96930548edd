import type { DocumentMeta } from '../../shared/model/meta.js'
import { metaSchema } from '../../shared/model/meta.js'

/** The meta fields a person edits, in the panel's order. */
export type EditableField = 'title' | 'kind' | 'status' | 'network' | 'city' | 'country' | 'topics' | 'authors'

type Patch = Partial<Record<EditableField, unknown>>

/** What an input shows for a field's value: lists as comma-separated text. */
export function fieldText(meta: DocumentMeta, field: EditableField): string {
  const value = meta[field]
  return Array.isArray(value) ? value.join(', ') : (value ?? '')
}

/**
 * Reads what a person typed into a field as the patch that sets it, or names the problem. Empty
 * optional fields clear; lists are split on commas; everything is checked against the meta schema,
 * so an invalid value never reaches the document.
 */
export function parseField(field: EditableField, text: string): { patch: Patch } | { problem: string } {
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
  const entry = issue?.path.length ? ` (entry ${Number(issue.path[0]) + 1})` : ''
  return { problem: `${LABELS[field]}${entry} ${issue?.message ?? 'is not valid'}.` }
}

export const LABELS: Record<EditableField, string> = {
  title: 'Title',
  kind: 'Kind',
  status: 'Status',
  network: 'Network',
  city: 'City',
  country: 'Country',
  topics: 'Topics',
  authors: 'Authors',
}
