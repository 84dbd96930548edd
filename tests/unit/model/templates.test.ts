import { describe, expect, it } from 'vitest'
import { newDocumentContent, readBody, readMeta, buildDocument } from '../../../src/shared/model/document.js'
import { DOCUMENT_KINDS, KINDS } from '../../../src/shared/model/kinds.js'
import { schema } from '../../../src/shared/model/schema.js'
import { templateBody } from '../../../src/shared/model/templates.js'

describe('templates', () => {
  it.each(DOCUMENT_KINDS)('%s: the template fits the schema and holds every section as a heading', (kind) => {
    const body = templateBody(kind)
    expect(() => schema.nodeFromJSON(body).check()).not.toThrow()
    const headings = (body.content ?? []).filter((node) => node.type === 'heading').map((node) => node.content?.[0]?.text)
    expect(headings).toEqual(KINDS[kind].sections)
  })

  it('gives the case study the ten sections of the brief', () => {
    expect(KINDS['case-study'].sections).toEqual([
      'Summary',
      'City context',
      'Challenge',
      'What was done',
      'Results and evidence',
      'Costs and funding',
      'Success and limiting factors',
      'Transferability',
      'Lessons learned',
      'Contacts',
    ])
    expect(KINDS['lessons-learned'].sections).toEqual(['Event or project', 'What worked', 'What did not', 'Recommendations', 'Next steps'])
  })

  it.each(DOCUMENT_KINDS)('%s: a document created from the template has valid meta and the template body', (kind) => {
    const now = new Date('2026-11-23T09:30:00Z')
    const doc = buildDocument('doc-1', newDocumentContent({ kind, title: 'Heat plan' }, undefined, now))
    expect(doc.guid).toBe('doc-1')
    expect(readMeta(doc)).toEqual({
      kind,
      title: 'Heat plan',
      topics: [],
      status: 'draft',
      authors: [],
      createdAt: '2026-11-23T09:30:00.000Z',
      updatedAt: '2026-11-23T09:30:00.000Z',
    })
    expect(readBody(doc)).toEqual(templateBody(kind))
  })
})
