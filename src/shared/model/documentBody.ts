import { getText, getTextSerializersFromSchema, rewriteUnknownContent, type JSONContent } from '@tiptap/core'
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap'
import { uint32 } from 'lib0/random'
import * as Y from 'yjs'
import { BODY_FRAGMENT, META_KEYS, META_MAP, newMeta, setMetaFields, type MetaInput } from './document.js'
import { encodeNewDocument, invalidBody } from './encodeNewDocument.js'
import type { DocumentMeta } from './meta.js'
import { schema } from './schema.js'
import { templateBody } from './templates.js'

/*
 * A document's body, the Y.XmlFragment `body` (see document.ts), through TipTap's schema: new
 * documents, and the body read back as ProseMirror JSON or text. Apart from document.ts, so that what
 * needs only a document's meta (the back end's launch, its list) does not load TipTap and ProseMirror.
 */

/** A new document's validated meta and body, ready to be stored. */
export interface DocumentContent {
  meta: DocumentMeta
  body: JSONContent
}

/**
 * Validates a new document before anything is written: meta (with defaults filled in) and body (the
 * kind's template in its language, English if it has none, unless one is given) must both be valid,
 * or this throws naming the problem.
 */
export function newDocumentContent(input: MetaInput, body?: JSONContent, now = new Date()): DocumentContent {
  const meta = newMeta(input, now)
  return { meta, body: checkedBody(body ?? templateBody(meta.kind, meta.language ?? 'en')) }
}

export function buildDocument(id: string, content: DocumentContent): Y.Doc {
  const doc = new Y.Doc({ guid: id })
  doc.transact(() => {
    setMetaFields(doc, content.meta)
    prosemirrorJSONToYXmlFragment(schema, content.body, doc.getXmlFragment(BODY_FRAGMENT))
  })
  return doc
}

/** A new document as one Yjs update, ready to be stored under any id, and its meta. */
export interface DocumentState {
  meta: DocumentMeta
  state: Uint8Array
}

/**
 * newDocumentContent and buildDocument in one, for big bodies (an import): the body is checked and
 * written block by block straight into the Yjs update that buildDocument's Y.Doc would give (see
 * encodeNewDocument, which takes the blocks out of `body`), which a worker can hand over without copying.
 */
export function newDocumentState(input: MetaInput, body: JSONContent, now = new Date()): DocumentState {
  const meta = newMeta(input, now)
  const fields = META_KEYS.flatMap((key): [string, unknown][] => (meta[key] === undefined ? [] : [[key, meta[key]]]))
  // A random client, as a new Y.Doc would have.
  const client = uint32()
  return { meta, state: encodeNewDocument({ client, meta: { root: META_MAP, fields }, body: { root: BODY_FRAGMENT, content: body } }) }
}

/**
 * The body as ProseMirror JSON. Nodes and marks this schema does not know (written by a newer
 * Casebook) are left out, or kept as paragraphs where they hold content, and each is reported.
 */
export function readBody(doc: Y.Doc, onUnsupported: (type: string) => void = () => {}): JSONContent {
  const { json, rewrittenContent } = rewriteUnknownContent(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(BODY_FRAGMENT)) as JSONContent, schema)
  for (const { unsupported } of rewrittenContent) onUnsupported(unsupported)
  return json ?? { type: 'doc', content: [] }
}

export function readBodyText(doc: Y.Doc, onUnsupported?: (type: string) => void): string {
  return bodyText(readBody(doc, onUnsupported))
}

/** The text of the first level-1 heading: a title for a document whose file names none. */
export function firstHeading(body: JSONContent): string | undefined {
  const heading = body.content?.find((node) => node.type === 'heading' && node.attrs?.['level'] === 1)
  const text = heading ? bodyText({ type: 'doc', content: [heading] }) : ''
  return text || undefined
}

/** The text of every heading in the body, wherever it stands (a quote may hold one). */
export function headingTexts(node: JSONContent): string[] {
  if (node.type === 'heading') return [bodyText({ type: 'doc', content: [node] })]
  return (node.content ?? []).flatMap(headingTexts)
}

/** The body as plain text, one blank line between blocks (empty paragraphs add no more). */
export function bodyText(body: JSONContent): string {
  const node = schema.nodeFromJSON(body)
  const text = getText(node, { blockSeparator: '\n\n', textSerializers: getTextSerializersFromSchema(schema) })
  return text.replace(/\n{3,}/g, '\n\n').trim()
}

function checkedBody(body: JSONContent): JSONContent {
  // An empty file parses to a doc with no blocks, which the schema (block+) does not allow.
  const filled = body.content?.length ? body : { type: 'doc', content: [{ type: 'paragraph' }] }
  try {
    const node = schema.nodeFromJSON(filled)
    node.check()
    return node.toJSON() as JSONContent
  } catch (error) {
    throw invalidBody((error as Error).message, error)
  }
}
