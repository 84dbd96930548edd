import type * as Y from 'yjs'
import { metaSchema, metaWithFallbacks, parseMeta, parsePartialMeta, type DocumentMeta } from './meta.js'

/**
 * A Casebook document is one Y.Doc whose guid is the document id:
 * - the Y.Map `meta` holds the fields of DocumentMeta, one key each;
 * - the Y.XmlFragment `body` is what TipTap's Collaboration extension edits (documentBody.ts
 *   reads and writes it).
 */
export const META_MAP = 'meta'
export const BODY_FRAGMENT = 'body'
export const META_KEYS = Object.keys(metaSchema.shape) as (keyof DocumentMeta)[]

/** What a caller chooses about a new document; the rest of DocumentMeta gets defaults. */
export type MetaInput = Pick<DocumentMeta, 'kind' | 'title'> & Partial<Omit<DocumentMeta, 'kind' | 'title'>>

/** A new document's meta: `input` with defaults filled in, validated. */
export function newMeta(input: MetaInput, now: Date): DocumentMeta {
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

export function setMetaFields(doc: Y.Doc, meta: Partial<DocumentMeta>, keys = META_KEYS): void {
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
