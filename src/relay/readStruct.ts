import * as decoding from 'lib0/decoding'
import { isUtf8 } from 'node:buffer'

/** Struct kinds (the low five bits of a struct's info byte) that are not items, and item content kinds. */
const GC = 0
const SKIP = 10
const CONTENT = { deleted: 1, json: 2, binary: 3, string: 4, embed: 5, format: 6, type: 7, any: 8, doc: 9 } as const
/** Y.XmlElement and Y.XmlHook carry a name; Yjs knows type refs 0 to 6. */
const NAMED_TYPES = new Set([3, 5])
const LAST_TYPE = 6

/** An id as an update writes it. */
export interface Id {
  client: number
  clock: number
}

/** What the relay needs of a struct of an update: its place in the document, and its size. */
export interface Struct {
  id: Id
  /** A GC (deleted for good) or a skip (a gap in a merged update) is no item. */
  kind: 'item' | 'gc' | 'skip'
  /** How many clock ticks it spans. */
  length: number
  /** How many items it counts for (see countItems). */
  items: number
  origin: Id | null
  rightOrigin: Id | null
  /** Its parent, named only when it has no origins: a root type's name, or the id of the item whose content is the type. */
  parent: Id | string | null
  /** Its key, when its parent is a map and it has no origins. */
  parentSub: string | null
  /** Whether its content is a type: other items may name it as their parent. */
  isType: boolean
}

/**
 * Reads the struct with the given id from a Yjs update (v1) as Y.applyUpdate reads it, without
 * building its content. With `check`, its strings and JSON are decoded as Yjs will decode them, so
 * that what reads here cannot fail to read in Yjs; without, they are skipped (a parent's name and key
 * are always decoded).
 */
export function readStruct(decoder: decoding.Decoder, id: Id, check: boolean): Struct {
  if (!decoding.hasContent(decoder)) throw new Error('The update ends in the middle of a struct.')
  const info = decoding.readUint8(decoder)
  const kind = info & 0b11111
  if (kind === GC || kind === SKIP) {
    const length = decoding.readVarUint(decoder)
    return { id, kind: kind === GC ? 'gc' : 'skip', length, items: 1, origin: null, rightOrigin: null, parent: null, parentSub: null, isType: false }
  }
  const origin = (info & 0b1000_0000) !== 0 ? readId(decoder) : null
  const rightOrigin = (info & 0b0100_0000) !== 0 ? readId(decoder) : null
  let parent: Id | string | null = null
  let parentSub: string | null = null
  if (origin === null && rightOrigin === null) {
    parent = decoding.readVarUint(decoder) === 1 ? decoding.readVarString(decoder) : readId(decoder)
    if ((info & 0b0010_0000) !== 0) parentSub = decoding.readVarString(decoder)
  }
  const length = readContent(decoder, kind, check)
  // The values of JSON and Any contents count as items.
  const items = kind === CONTENT.json || kind === CONTENT.any ? Math.max(1, length) : 1
  return { id, kind: 'item', length, items, origin, rightOrigin, parent, parentSub, isType: kind === CONTENT.type }
}

/** Reads past an item's content; returns how many clock ticks it spans. */
function readContent(decoder: decoding.Decoder, kind: number, check: boolean): number {
  switch (kind) {
    case CONTENT.deleted:
      return decoding.readVarUint(decoder)
    case CONTENT.json: {
      const values = decoding.readVarUint(decoder)
      for (let value = 0; value < values; value += 1) {
        const json = readString(decoder, check)
        if (check && json !== 'undefined') JSON.parse(json)
      }
      return values
    }
    case CONTENT.string: {
      const from = skipBytes(decoder)
      if (check && !isUtf8(decoder.arr.subarray(from, decoder.pos))) throw new Error('A string is not UTF-8.')
      return utf16Length(decoder.arr, from, decoder.pos)
    }
    case CONTENT.binary:
      skipBytes(decoder)
      return 1
    case CONTENT.embed:
      readJson(decoder, check)
      return 1
    case CONTENT.format:
      readString(decoder, check)
      readJson(decoder, check)
      return 1
    case CONTENT.type: {
      const type = decoding.readVarUint(decoder)
      if (type > LAST_TYPE) throw new Error(`Unknown type ${type}.`)
      if (NAMED_TYPES.has(type)) readString(decoder, check)
      return 1
    }
    case CONTENT.any: {
      const values = decoding.readVarUint(decoder)
      for (let value = 0; value < values; value += 1) decoding.readAny(decoder)
      return values
    }
    case CONTENT.doc:
      readString(decoder, check)
      decoding.readAny(decoder)
      return 1
    default:
      throw new Error(`Unknown content ${kind}.`)
  }
}

/**
 * Reads past a string or byte array (its length, then its bytes) without a view of it, which would
 * cost more than the reading; returns where its bytes start.
 */
function skipBytes(decoder: decoding.Decoder): number {
  const length = decoding.readVarUint(decoder)
  const from = decoder.pos
  if (from + length > decoder.arr.length) throw new Error('The update ends in the middle of a struct.')
  decoder.pos += length
  return from
}

/** A string: decoded (strict UTF-8, as Yjs decodes it) when checking, else skipped and returned empty. */
function readString(decoder: decoding.Decoder, check: boolean): string {
  if (check) return decoding.readVarString(decoder)
  skipBytes(decoder)
  return ''
}

/** How many UTF-16 code units the UTF-8 `bytes[from, to)` decode to, as Yjs counts a string's length: one for each character, two for one beyond U+FFFF. */
function utf16Length(bytes: Uint8Array, from: number, to: number): number {
  let length = 0
  for (let at = from; at < to; at += 1) {
    const byte = bytes[at]!
    if ((byte & 0b1100_0000) !== 0b1000_0000) length += 1
    if (byte >= 0b1111_0000) length += 1
  }
  return length
}

function readJson(decoder: decoding.Decoder, check: boolean): void {
  const json = readString(decoder, check)
  if (check) JSON.parse(json)
}

function readId(decoder: decoding.Decoder): Id {
  const client = decoding.readVarUint(decoder)
  return { client, clock: decoding.readVarUint(decoder) }
}
