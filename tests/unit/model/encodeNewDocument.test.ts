import type { JSONContent } from '@tiptap/core'
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { isCasebookError } from '../../../src/shared/errors.js'
import { fromMarkdown } from '../../../src/shared/export/markdown.js'
import { BODY_FRAGMENT, META_MAP, type MetaInput, readMeta } from '../../../src/shared/model/document.js'
import { newDocumentState, readBody } from '../../../src/shared/model/documentBody.js'
import { encodeNewDocument } from '../../../src/shared/model/encodeNewDocument.js'
import { metaSchema, type DocumentMeta } from '../../../src/shared/model/meta.js'
import { schema } from '../../../src/shared/model/schema.js'
import { MARKDOWN_BLOCKS, markdownDocument, SCHEMA_MISFITS } from '../../helpers/markdownCorpus.js'

/** The update Yjs itself gives for a new document: the meta fields set in the schema's order, then the body as y-tiptap writes it, in one transaction. */
function yjsUpdate(client: number, meta: DocumentMeta, body: JSONContent): Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = client
  doc.transact(() => {
    const map = doc.getMap(META_MAP)
    for (const key of Object.keys(metaSchema.shape) as (keyof DocumentMeta)[]) if (meta[key] !== undefined) map.set(key, meta[key])
    prosemirrorJSONToYXmlFragment(schema, body, doc.getXmlFragment(BODY_FRAGMENT))
  })
  return Y.encodeStateAsUpdate(doc)
}

function docOf(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  return doc
}

const ALL_FIELDS: MetaInput = {
  kind: 'case-study',
  title: 'Ciclovías: Bogotá 🚲',
  network: 'brt-network',
  city: 'Bogotá',
  country: 'Colombia',
  topics: ['cycling', 'street design'],
  status: 'in-review',
  authors: ['Ana', 'Bo'],
}

/**
 * Text in several scripts and planes (what Yjs counts, UTF-16 units, and what it writes, UTF-8,
 * differ), and runs of text with more than one mark.
 */
const SPECIAL = [
  '## Zürich, 北京 and 🚲🚌\n\nLīnea **ñandú 🇨🇴** ends in emoji 🎉\n\n- `código` «quoted» — 😀',
  '***Bold italic***, **bold [linked *and italic*](https://example.org)** and ~~struck **bold**~~ text',
].join('\n\n')

describe('encodeNewDocument', () => {
  it('writes the update Yjs and y-tiptap write for every kind of block, marks, links and scripts included', () => {
    // Documents of 60 mixed blocks, those TipTap alone would read to bodies the schema refuses included.
    for (let seed = 1; seed <= 20; seed++) {
      const body = fromMarkdown(`${SPECIAL}\n\n${markdownDocument(seed, 60, [...MARKDOWN_BLOCKS, ...SCHEMA_MISFITS])}`).body
      const { meta, state } = newDocumentState(ALL_FIELDS, structuredClone(body))
      const client = Y.decodeUpdate(state).structs[0]!.id.client
      expect(state).toEqual(yjsUpdate(client, meta, body))
      const doc = docOf(state)
      expect(readMeta(doc)).toEqual(meta)
      expect(schema.nodeFromJSON(readBody(doc)).eq(schema.nodeFromJSON(body))).toBe(true)
    }
  })

  it('gives each new document a client of its own, as a new Y.Doc has', () => {
    const clients = new Set(
      Array.from({ length: 20 }, () => Y.decodeUpdate(newDocumentState({ kind: 'case-study', title: 'A' }, { type: 'doc' }).state).structs[0]!.id.client),
    )
    expect(clients.size).toBe(20)
  })

  it('relies on no mark of the schema overlapping another of its type, as y-tiptap names those differently', () => {
    for (const type of Object.values(schema.marks)) expect(type.excludes(type), type.name).toBe(true)
  })

  it('takes the blocks out of the body it is given, and fills an empty body with an empty paragraph', () => {
    const body = fromMarkdown('# Title\n\nText').body
    const encode = (content: JSONContent) => encodeNewDocument({ client: 1, meta: { root: META_MAP, fields: [] }, body: { root: BODY_FRAGMENT, content } })
    const doc = docOf(encode(body))
    expect(body.content).toEqual([])
    expect(doc.getXmlFragment(BODY_FRAGMENT).toJSON()).toBe('<heading level="1">Title</heading><paragraph>Text</paragraph>')
    expect(
      docOf(encode({ type: 'doc', content: [] }))
        .getXmlFragment(BODY_FRAGMENT)
        .toJSON(),
    ).toBe('<paragraph></paragraph>')
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
    let thrown: unknown
    try {
      newDocumentState({ kind: 'case-study', title: 'A' }, body)
    } catch (error) {
      thrown = error
    }
    expect(isCasebookError(thrown, 'INVALID_CONTENT')).toBe(true)
    expect((thrown as Error).message).toMatch(message)
  })
})
