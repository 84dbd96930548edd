import type { DocumentRow } from '../../src/shared/ipc/contract.js'

/** A private case study's row as the library lists it, titled `title`. */
export function documentRow(id: string, title = id): DocumentRow {
  const at = '2026-01-01T00:00:00Z'
  return {
    id,
    sync: 'local-only',
    status: 'draft',
    changed: false,
    openComments: 0,
    meta: { kind: 'case-study', title, topics: [], status: 'draft', authors: [], createdAt: at, updatedAt: at },
  }
}
