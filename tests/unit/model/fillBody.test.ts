import type { JSONContent } from '@tiptap/core'
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { isCasebookError } from '../../../src/shared/errors.js'
import { fromMarkdown } from '../../../src/shared/export/markdown.js'
import { fillBody } from '../../../src/shared/model/fillBody.js'
import { schema } from '../../../src/shared/model/schema.js'
import { MARKDOWN_BLOCKS, markdownDocument, SCHEMA_MISFITS } from '../../helpers/markdownCorpus.js'

/** The body fragment as y-tiptap writes it, and as fillBody does, in docs of the same client. */
function bothWays(body: JSONContent): [Y.Doc, Y.Doc] {
  const expected = new Y.Doc()
  expected.clientID = 1
  expected.transact(() => prosemirrorJSONToYXmlFragment(schema, body, expected.getXmlFragment('body')))
  const actual = new Y.Doc()
  actual.clientID = 1
  actual.transact(() => fillBody(actual.getXmlFragment('body'), structuredClone(body)))
  return [actual, expected]
}

describe('fillBody', () => {
  it('writes the same Yjs update as y-tiptap for every kind of block, marks and links included', () => {
    // Documents of 60 mixed blocks, those TipTap alone would read to bodies the schema refuses included.
    for (let seed = 1; seed <= 20; seed++) {
      const body = fromMarkdown(`Intro\n\n${markdownDocument(seed, 60, [...MARKDOWN_BLOCKS, ...SCHEMA_MISFITS])}`).body
      const [actual, expected] = bothWays(body)
      expect(actual.getXmlFragment('body').toJSON()).toBe(expected.getXmlFragment('body').toJSON())
      expect(Y.encodeStateAsUpdate(actual)).toEqual(Y.encodeStateAsUpdate(expected))
    }
  })

  it('relies on no mark of the schema overlapping another of its type, as y-tiptap names those differently', () => {
    for (const type of Object.values(schema.marks)) expect(type.excludes(type), type.name).toBe(true)
  })

  it('takes the blocks out of the body it is given, and fills an empty body with an empty paragraph', () => {
    const body = fromMarkdown('# Title\n\nText').body
    const [actual] = bothWays({ type: 'doc', content: [] })
    const doc = new Y.Doc()
    doc.transact(() => fillBody(doc.getXmlFragment('body'), body))
    expect(body.content).toEqual([])
    expect(doc.getXmlFragment('body').toJSON()).toBe('<heading level="1">Title</heading><paragraph>Text</paragraph>')
    expect(actual.getXmlFragment('body').toJSON()).toBe('<paragraph></paragraph>')
  })

  it.each([
    [
      { type: 'doc', content: [{ type: 'listItem', content: [{ type: 'paragraph' }] }] },
      /^The document body does not fit Casebook's schema: Invalid content for node doc: a listItem cannot be a block\.$/,
    ],
    [
      {
        type: 'doc',
        content: [{ type: 'paragraph' }, { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'heading', attrs: { level: 1 } }] }] }],
      },
      /^The document body does not fit Casebook's schema: Invalid content for node listItem/,
    ],
    [{ type: 'doc', content: [{ type: 'video' }] }, /^The document body does not fit Casebook's schema: Unknown node type: video\.$/],
  ])('refuses a body that does not fit the schema, naming the problem: %j', (body, message) => {
    const doc = new Y.Doc()
    let thrown: unknown
    try {
      doc.transact(() => fillBody(doc.getXmlFragment('body'), body))
    } catch (error) {
      thrown = error
    }
    expect(isCasebookError(thrown, 'INVALID_CONTENT')).toBe(true)
    expect((thrown as Error).message).toMatch(message)
  })
})
