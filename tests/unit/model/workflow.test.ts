import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DOCUMENT_STATUSES, type DocumentStatus } from '../../../src/shared/model/meta.js'
import { mayMove, recordDecision, reviewOf } from '../../../src/shared/model/workflow.js'
import { ROLES } from '../../../src/shared/protocol/invite.js'

/**
 * Who may move a document from which status to which: every pair of statuses for each role. A member
 * submits, or withdraws a submission; only a facilitator moves a document past submitted; a viewer
 * moves nothing.
 */
const ALLOWED: Record<string, string[]> = {
  viewer: [],
  member: ['draft → submitted', 'submitted → draft'],
  facilitator: [
    'draft → submitted',
    'draft → in-review',
    'submitted → draft',
    'submitted → in-review',
    'submitted → published',
    'in-review → draft',
    'in-review → published',
    'published → draft',
    'published → published',
    'published → archived',
    'archived → draft',
    'archived → published',
  ],
}

describe('the review workflow', () => {
  it.each(ROLES)('lets a %s move a document exactly as the table says', (role) => {
    const allowed = DOCUMENT_STATUSES.flatMap((from) => DOCUMENT_STATUSES.filter((to) => mayMove(role, from, to)).map((to) => `${from} → ${to}`))
    expect(allowed).toEqual(ALLOWED[role])
  })

  const at = (minute: number) => `2026-11-27T10:${String(minute).padStart(2, '0')}:00.000Z`
  const decide = (catalog: Y.Doc, from: DocumentStatus, status: DocumentStatus, minute: number, extra = {}) =>
    recordDecision(catalog, { document: 'd1', from, status, by: 'Fatima', at: at(minute), ...extra })

  it('takes a document’s status from the catalog, and its submission only while the catalog last left it a draft', () => {
    const catalog = new Y.Doc()
    expect(reviewOf(catalog, 'd1', undefined).status).toBe('draft')
    const submitted = { by: 'Ana', at: at(5) }
    expect(reviewOf(catalog, 'd1', submitted)).toEqual({ status: 'submitted', by: 'Ana', at: at(5) })
    decide(catalog, 'submitted', 'in-review', 6, { note: 'Needs costs and funding figures' })
    expect(reviewOf(catalog, 'd1', submitted)).toEqual({ status: 'in-review', by: 'Fatima', at: at(6), note: 'Needs costs and funding figures' })
    // Sent back to draft after the submission: a draft, until submitted again.
    decide(catalog, 'in-review', 'draft', 7)
    expect(reviewOf(catalog, 'd1', submitted).status).toBe('draft')
    expect(reviewOf(catalog, 'd1', { by: 'Ana', at: at(8) }).status).toBe('submitted')
    decide(catalog, 'submitted', 'published', 9, { publishedVersion: 'a'.repeat(20) })
    expect(reviewOf(catalog, 'd1', { by: 'Ana', at: at(10) })).toMatchObject({ status: 'published', publishedVersion: 'a'.repeat(20) })
    const log = catalog.getArray<{ from: string; status: string }>('decisions').toArray()
    expect(log.map(({ from, status }) => `${from} → ${status}`)).toEqual(['submitted → in-review', 'in-review → draft', 'submitted → published'])
  })

  it('reads a standing that does not parse as none', () => {
    const catalog = new Y.Doc()
    catalog.getMap('standings').set('d1', { status: 'published', by: 'Mallory' })
    expect(reviewOf(catalog, 'd1', undefined).status).toBe('draft')
  })
})
