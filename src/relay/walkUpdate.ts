import * as decoding from 'lib0/decoding'
import { isUtf8 } from 'node:buffer'

/** Struct kinds (the low five bits of a struct's info byte) that are not items, and item content kinds. */
const GC = 0
const SKIP = 10
const CONTENT = { deleted: 1, json: 2, binary: 3, string: 4, embed: 5, format: 6, type: 7, any: 8, doc: 9 } as const
/** Y.XmlElement and Y.XmlHook carry a name; Yjs knows type refs 0 to 6. */
const NAMED_TYPES = new Set([3, 5])
const LAST_TYPE = 6

/**
 * What is kept of each struct, in a flat array of STRIDE numbers a struct: where its bytes start,
 * how many clock ticks it spans, how many items it counts for, and the ids (client, clock) of up to
 * two structs of other clients it depends on (-1 for none): its origin and right origin, or its
 * parent. Yjs takes a dependency on the struct's own client as met by clock order.
 */
export const STRIDE = 7
export const [FROM, LENGTH, ITEMS, DEPENDENCIES] = [0, 1, 2, 3]

/** One client's structs in the update, and how far they have been written to slices. */
export interface Run {
  client: number
  /** The index in Cut.structs after its last struct. */
  end: number
  /** Where its bytes end. */
  to: number
  /** The next struct to write, and its clock. */
  next: number
  nextClock: number
  /** The clock after its last struct. */
  endClock: number
}

/** Where to cut an update: its structs, each client's run of them, and its deleted ranges (client, clock, length triples). */
export interface Cut {
  structs: Float64Array
  count: number
  runs: Run[]
  deleted: number[]
}

/**
 * Reads a Yjs update (v1) through as Y.applyUpdate reads it, without building anything, and counts
 * its items, stopping once past `limit` (countItems); with a cut, also notes where to cut it
 * (slicesInTurns). Yields after each `pause` structs.
 */
export function* walkUpdate(update: Uint8Array, cut: Cut | null, limit: number, pause: number): Generator<null, number> {
  const decoder = decoding.createDecoder(update)
  let items = 0
  let unpaused = 0
  for (let clients = decoding.readVarUint(decoder); clients > 0; clients -= 1) {
    const structs = decoding.readVarUint(decoder)
    const client = decoding.readVarUint(decoder)
    const firstClock = decoding.readVarUint(decoder)
    let clock = firstClock
    const first = cut?.count ?? 0
    for (let struct = 0; struct < structs; struct += 1) {
      if (unpaused === pause) {
        unpaused = 0
        yield null
      }
      unpaused += 1
      const at = cut ? reserve(cut) : -1
      if (cut) {
        cut.structs[at + FROM] = decoder.pos
        cut.structs.fill(-1, at + DEPENDENCIES, at + STRIDE)
      }
      const read = readStruct(decoder, cut && { structs: cut.structs, at: at + DEPENDENCIES, client })
      clock += read.length
      items += read.items
      if (cut) {
        cut.structs[at + LENGTH] = read.length
        cut.structs[at + ITEMS] = read.items
        cut.count += 1
      }
      if (items > limit) return items
    }
    if (cut && structs > 0) cut.runs.push({ client, end: cut.count, to: decoder.pos, next: first, nextClock: firstClock, endClock: clock })
  }
  for (let clients = decoding.readVarUint(decoder); clients > 0; clients -= 1) {
    const client = decoding.readVarUint(decoder)
    const ranges = decoding.readVarUint(decoder)
    for (let range = 0; range < ranges; range += 1) {
      if (unpaused === pause) {
        unpaused = 0
        yield null
      }
      unpaused += 1
      const clock = decoding.readVarUint(decoder)
      const length = decoding.readVarUint(decoder)
      cut?.deleted.push(client, clock, length)
    }
    items += ranges
    if (items > limit) return items
  }
  return items
}

/** Where the cut's next struct goes, its array grown if it is full. */
function reserve(cut: Cut): number {
  const at = cut.count * STRIDE
  if (at === cut.structs.length) {
    const grown = new Float64Array(cut.structs.length * 2)
    grown.set(cut.structs)
    cut.structs = grown
  }
  return at
}

/**
 * Reads past one struct: how many items it counts for, and how many clock ticks it spans. Counting
 * only (no `dependencies`), its strings are skipped and a string's length is left unknown (NaN). To
 * cut, its strings and JSON are decoded as Yjs will decode them, so that a slice cannot fail to read
 * after earlier ones were applied, and the ids it depends on are noted.
 */
function readStruct(decoder: decoding.Decoder, dependencies: Dependencies | null): { length: number; items: number } {
  const check = dependencies !== null
  if (!decoding.hasContent(decoder)) throw new Error('The update ends in the middle of a struct.')
  const info = decoding.readUint8(decoder)
  const kind = info & 0b11111
  if (kind === GC || kind === SKIP) return { length: decoding.readVarUint(decoder), items: 1 }
  const hasOrigin = (info & 0b1000_0000) !== 0
  const hasRightOrigin = (info & 0b0100_0000) !== 0
  if (hasOrigin) readId(decoder, dependencies, 0)
  if (hasRightOrigin) readId(decoder, dependencies, 2)
  if (!hasOrigin && !hasRightOrigin) {
    if (decoding.readVarUint(decoder) === 1) readString(decoder, check)
    else readId(decoder, dependencies, 0)
    if ((info & 0b0010_0000) !== 0) readString(decoder, check)
  }
  switch (kind) {
    case CONTENT.deleted:
      return { length: decoding.readVarUint(decoder), items: 1 }
    case CONTENT.json: {
      const values = decoding.readVarUint(decoder)
      for (let value = 0; value < values; value += 1) {
        const json = readString(decoder, check)
        if (check && json !== 'undefined') JSON.parse(json)
      }
      return { length: values, items: Math.max(1, values) }
    }
    case CONTENT.string: {
      const bytes = decoding.readVarUint8Array(decoder)
      if (!check) return { length: Number.NaN, items: 1 }
      if (!isUtf8(bytes)) throw new Error('A string is not UTF-8.')
      return { length: utf16Length(bytes), items: 1 }
    }
    case CONTENT.binary:
      decoding.readVarUint8Array(decoder)
      return { length: 1, items: 1 }
    case CONTENT.embed:
      readJson(decoder, check)
      return { length: 1, items: 1 }
    case CONTENT.format:
      readString(decoder, check)
      readJson(decoder, check)
      return { length: 1, items: 1 }
    case CONTENT.type: {
      const type = decoding.readVarUint(decoder)
      if (type > LAST_TYPE) throw new Error(`Unknown type ${type}.`)
      if (NAMED_TYPES.has(type)) readString(decoder, check)
      return { length: 1, items: 1 }
    }
    case CONTENT.any: {
      const values = decoding.readVarUint(decoder)
      for (let value = 0; value < values; value += 1) decoding.readAny(decoder)
      return { length: values, items: Math.max(1, values) }
    }
    case CONTENT.doc:
      readString(decoder, check)
      decoding.readAny(decoder)
      return { length: 1, items: 1 }
    default:
      throw new Error(`Unknown content ${kind}.`)
  }
}

/** A string: decoded (strict UTF-8, as Yjs decodes it) when checking, else skipped and returned empty. */
function readString(decoder: decoding.Decoder, check: boolean): string {
  if (check) return decoding.readVarString(decoder)
  decoding.readVarUint8Array(decoder)
  return ''
}

/** How many UTF-16 code units valid UTF-8 decodes to, as Yjs counts a string's length: one for each character, two for one beyond U+FFFF. */
function utf16Length(bytes: Uint8Array): number {
  let length = 0
  for (const byte of bytes) {
    if ((byte & 0b1100_0000) !== 0b1000_0000) length += 1
    if (byte >= 0b1111_0000) length += 1
  }
  return length
}

function readJson(decoder: decoding.Decoder, check: boolean): void {
  const json = readString(decoder, check)
  if (check) JSON.parse(json)
}

/** Where readStruct notes the ids a struct depends on: from `at` in `structs`, unless of `client`'s own. */
interface Dependencies {
  structs: Float64Array
  at: number
  client: number
}

/** Reads an id; notes it at `slot` of the dependencies if it is another client's. */
function readId(decoder: decoding.Decoder, dependencies: Dependencies | null, slot: number): void {
  const client = decoding.readVarUint(decoder)
  const clock = decoding.readVarUint(decoder)
  if (!dependencies || client === dependencies.client) return
  dependencies.structs[dependencies.at + slot] = client
  dependencies.structs[dependencies.at + slot + 1] = clock
}
