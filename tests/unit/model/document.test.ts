import type { JSONContent } from '@tiptap/core'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { isCasebookError } from '../../../src/shared/errors.js'
import { schema } from '../../../src/shared/model/schema.js'
import { BODY_FRAGMENT, META_MAP, readMeta, writeMeta } from '../../../src/shared/model/document.js'
import { bodyText, buildDocument, newDocumentContent, readBody, readBodyText } from '../../../src/shared/model/documentBody.js'

const body: JSONContent = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Summary' }] },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Cool roofs ' },
        { type: 'text', text: 'lowered', marks: [{ type: 'bold' }] },
        { type: 'text', text: ' peak heat.' },
      ],
    },
    {
      type: 'bulletList',
      content: [
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Ahmedabad' }] }] },
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Freetown' }] }] },
      ],
    },
  ],
}

describe('a document', () => {
  it('keeps meta in the meta map and the body in the body fragment', () => {
    const doc = buildDocument('d1', newDocumentContent({ kind: 'lessons-learned', title: 'Heat action', city: 'Ahmedabad' }, body))
    expect(doc.getMap(META_MAP).get('city')).toBe('Ahmedabad')
    expect(doc.getXmlFragment(BODY_FRAGMENT).length).toBe(3)
    // y-tiptap spells out empty mark attrs; the schema reads both forms as the same document.
    expect(schema.nodeFromJSON(readBody(doc)).eq(schema.nodeFromJSON(body))).toBe(true)
  })

  it('reads its body as plain text without an editor', () => {
    const doc = buildDocument('d1', newDocumentContent({ kind: 'case-study', title: 'Heat' }, body))
    expect(readBodyText(doc)).toBe('Summary\n\nCool roofs lowered peak heat.\n\nAhmedabad\n\nFreetown')
  })

  it('writes meta and bumps updatedAt, and the change reaches another replica', () => {
    const created = new Date('2026-01-01T00:00:00Z')
    const doc = buildDocument('d1', newDocumentContent({ kind: 'case-study', title: 'Heat' }, undefined, created))
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc))
    doc.on('update', (update: Uint8Array) => Y.applyUpdate(replica, update))

    writeMeta(doc, { title: 'Heat action plan', topics: ['heat', 'health'] }, new Date('2026-02-01T00:00:00Z'))

    expect(readMeta(replica)).toMatchObject({
      title: 'Heat action plan',
      topics: ['heat', 'health'],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-02-01T00:00:00.000Z',
    })
  })

  it('never writes an invalid value', () => {
    const doc = buildDocument('d1', newDocumentContent({ kind: 'case-study', title: 'Heat' }))
    const before = Y.encodeStateVector(doc)
    expect(() => writeMeta(doc, { title: '' })).toThrow(/"title" must not be empty/)
    expect(Y.encodeStateVector(doc)).toEqual(before)
    expect(readMeta(doc).title).toBe('Heat')
  })

  it('writes only the fields given, leaving values it cannot read as they are', () => {
    const doc = buildDocument('d1', newDocumentContent({ kind: 'case-study', title: 'Heat', city: 'Lima' }))
    doc.getMap(META_MAP).set('status', 'archived-by-a-newer-version')
    doc.getMap(META_MAP).set('reviewers', ['from a newer version'])
    expect(readMeta(doc)).toMatchObject({ title: 'Heat', city: 'Lima', status: 'draft' })
    writeMeta(doc, { title: 'Heat plan' })
    expect(doc.getMap(META_MAP).toJSON()).toMatchObject({ title: 'Heat plan', status: 'archived-by-a-newer-version', reviewers: ['from a newer version'] })
  })

  it('refuses to clear a required field', () => {
    const doc = buildDocument('d1', newDocumentContent({ kind: 'case-study', title: 'Heat' }))
    expect(() => writeMeta(doc, { title: undefined as unknown as string })).toThrow(/"title" must be text/)
    expect(readMeta(doc).title).toBe('Heat')
  })

  it('reads meta with no valid values as fallbacks, without failing', () => {
    const doc = new Y.Doc()
    doc.getMap(META_MAP).set('title', 42)
    expect(readMeta(doc)).toEqual({
      kind: 'case-study',
      title: 'Untitled',
      topics: [],
      status: 'draft',
      authors: [],
      createdAt: '1970-01-01T00:00:00.000Z',
      updatedAt: '1970-01-01T00:00:00.000Z',
    })
  })

  it('clears an optional field when it is set to undefined', () => {
    const doc = buildDocument('d1', newDocumentContent({ kind: 'case-study', title: 'Heat', city: 'Lima' }))
    writeMeta(doc, { city: undefined })
    expect(readMeta(doc).city).toBeUndefined()
    expect(doc.getMap(META_MAP).has('city')).toBe(false)
  })

  it('refuses a body that does not fit the schema', () => {
    const bad = { type: 'doc', content: [{ type: 'listItem', content: [{ type: 'text', text: 'loose' }] }] }
    try {
      newDocumentContent({ kind: 'case-study', title: 'Heat' }, bad)
      expect.unreachable()
    } catch (error) {
      expect(isCasebookError(error, 'INVALID_CONTENT')).toBe(true)
    }
  })

  it('turns an empty body into one empty paragraph', () => {
    expect(newDocumentContent({ kind: 'case-study', title: 'Heat' }, { type: 'doc', content: [] }).body).toEqual({
      type: 'doc',
      content: [{ type: 'paragraph' }],
    })
    expect(bodyText({ type: 'doc', content: [{ type: 'paragraph' }] })).toBe('')
  })
})
