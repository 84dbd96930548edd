import { KINDS } from '../model/kinds.js'
import type { DocumentMeta, DocumentStatus } from '../model/meta.js'

export interface DocumentDetail {
  label: string
  value: string
}

const STATUS_LABELS: Record<DocumentStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  'in-review': 'In review',
  published: 'Published',
  archived: 'Archived',
}

/**
 * A date as an English export prints it. In UTC, so that one document exports alike on every
 * machine of a network, whatever its time zone.
 */
export const EXPORT_DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' })

/**
 * What an export's header block says of a document, in the order it says it; the fields the document
 * does not set are left out. Its title is not among them: every export sets it apart.
 */
export function documentDetails(meta: DocumentMeta): DocumentDetail[] {
  const details: [string, string | undefined][] = [
    ['Kind', KINDS[meta.kind].label],
    ['City', meta.city],
    ['Country', meta.country],
    ['Network', meta.network],
    ['Authors', meta.authors.join(', ')],
    ['Topics', meta.topics.join(', ')],
    ['Status', STATUS_LABELS[meta.status]],
    ['Updated', EXPORT_DATE.format(new Date(meta.updatedAt))],
  ]
  return details.filter((detail): detail is [string, string] => Boolean(detail[1])).map(([label, value]) => ({ label, value }))
}
