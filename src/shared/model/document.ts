import { getText, getTextSerializersFromSchema, rewriteUnknownContent, type JSONContent } from '@tiptap/core'
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap'
import { uint32 } from 'lib0/random'
import * as Y from 'yjs'
import { encodeNewDocument, invalidBody } from './encodeNewDocument.js'
import { metaSchema, metaWithFallbacks, parseMeta, parsePartialMeta, type DocumentMeta } from './meta.js'
import { schema } from './schema.js'
import { templateBody } from './templates.js'

/**
 * A Casebook document is one Y.Doc whose guid is the document id:
 * - the Y.Map `meta` holds the fields of DocumentMeta, one key each;
 * - the Y.XmlFragment `body` is what TipTap's Collaboration extension edits.
 */
export const META_MAP = 'meta'
export const BODY_FRAGMENT = 'body'
const META_KEYS = Object.keys(metaSchema.shape) as (keyof DocumentMeta)[]

/** What a caller chooses about a new document; the rest of DocumentMeta gets defaults. */
export type MetaInput = Pick<DocumentMeta, 'kind' | 'title'> & Partial<Omit<DocumentMeta, 'kind' | 'title'>>

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

function newMeta(input: MetaInput, now: Date): DocumentMeta {
  return parseMeta({
    topics: [],
    authors: [],
    status: 'draft',
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    ...input,
  })
}

/** The document's meta; a field holding a value this version cannot accept reads as its fallback. */
export function readMeta(doc: Y.Doc): DocumentMeta {
  return metaWithFallbacks(doc.getMap(META_MAP).toJSON())
}

/**
 * Sets the given fields (undefined clears an optional one) and bumps updatedAt. The fields are
 * validated first, so an invalid value is never written, and no other field is touched, so values a
 * newer Casebook wrote survive.
 */
export function writeMeta(doc: Y.Doc, patch: Partial<Omit<DocumentMeta, 'createdAt' | 'updatedAt'>>, now = new Date()): DocumentMeta {
  const fields = { ...patch, updatedAt: now.toISOString() }
  const checked = parsePartialMeta(fields)
  doc.transact(() => setMetaFields(doc, checked, Object.keys(fields) as (keyof DocumentMeta)[]))
  return readMeta(doc)
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

/** The body as plain text, one blank line between blocks (empty paragraphs add no more). */
export function bodyText(body: JSONContent): string {
  const node = schema.nodeFromJSON(body)
  const text = getText(node, { blockSeparator: '\n\n', textSerializers: getTextSerializersFromSchema(schema) })
  return text.replace(/\n{3,}/g, '\n\n').trim()
}

function setMetaFields(doc: Y.Doc, meta: Partial<DocumentMeta>, keys = META_KEYS): void {
  const map = doc.getMap(META_MAP)
  // Only fields this schema knows are touched, so keys written by a newer Casebook survive.
  for (const key of keys) {
    const value = meta[key]
    if (value === undefined) {
      if (map.has(key)) map.delete(key)
    } else if (JSON.stringify(map.get(key)) !== JSON.stringify(value)) {
      // Writing an unchanged value would still add an item to the CRDT's history.
      map.set(key, value)
    }
  }
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
