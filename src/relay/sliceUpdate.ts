import * as decoding from 'lib0/decoding'
import { isUtf8 } from 'node:buffer'
import * as encoding from 'lib0/encoding'

/** Struct kinds (the low five bits of a struct's info byte) that are not items, and item content kinds. */
const GC = 0
const SKIP = 10
const CONTENT = { deleted: 1, json: 2, binary: 3, string: 4, embed: 5, format: 6, type: 7, any: 8, doc: 9 } as const
/** Y.XmlElement and Y.XmlHook carry a name; Yjs knows type refs 0 to 6. */
const NAMED_TYPES = new Set([3, 5])
const LAST_TYPE = 6

export interface SlicedUpdate {
  /** Its structs, plus the values of its JSON and Any contents beyond the first, plus its deleted ranges. */
  items: number
  /** Updates of about the asked number of items each that, applied in order, make the whole: the update itself when it is that small; none when it is over the maximum. */
  slices: Uint8Array[]
}

/** A run of one client's structs, by where they are in the update. */
interface Run {
  client: number
  clock: number
  structs: number
  items: number
  from: number
  to: number
}

/**
 * Reads a Yjs update (v1) as Y.applyUpdate does, without building anything, and cuts it into
 * slices: runs of one client's structs, and runs of deleted ranges, each a valid update of its own.
 * Applying an update blocks the event loop for as long as it takes (1.5–3 µs an item here), so the
 * relay applies a large one a slice a turn. It throws where Yjs would fail to read the update, so
 * that nothing from a malformed one is applied.
 *
 * A struct's encoding does not depend on where it stands in its run (each names its origins or
 * parent in full), so a slice is the bytes of its structs behind a header with the clock of the
 * first. Yjs keeps a struct whose origin is in a later slice pending until that slice is applied.
 * An update of more than `maxItems` is read no further than that, and not sliced.
 */
export function sliceUpdate(update: Uint8Array, sliceItems: number, maxItems = Infinity): SlicedUpdate {
  // Counted first without decoding strings, and no further than is needed to refuse it.
  const items = walk(update, null, maxItems)
  if (items > maxItems) return { items, slices: [] }
  if (items <= sliceItems) return { items, slices: [update] }
  const cut: Cut = { sliceItems, runs: [], deleted: [] }
  walk(update, cut, Infinity)
  const slices: Uint8Array[] = []
  // Runs of several clients share a slice up to its size; an update holds each client once.
  let group: Run[] = []
  let groupItems = 0
  let groupClients = new Set<number>()
  for (const run of cut.runs) {
    if (group.length > 0 && (groupItems + run.items > sliceItems || groupClients.has(run.client))) {
      slices.push(structSlice(update, group))
      group = []
      groupItems = 0
      groupClients = new Set()
    }
    group.push(run)
    groupItems += run.items
    groupClients.add(run.client)
  }
  if (group.length > 0) slices.push(structSlice(update, group))
  for (let at = 0; at < cut.deleted.length; at += 3 * sliceItems) slices.push(deletionSlice(cut.deleted.slice(at, at + 3 * sliceItems)))
  return { items, slices }
}

/** Where to cut an update: its runs of structs, and its deleted ranges (client, clock, length triples). */
interface Cut {
  sliceItems: number
  runs: Run[]
  deleted: number[]
}

/** Reads the update through and counts its items, stopping once past `limit`; with a cut, also says where to cut it. */
function walk(update: Uint8Array, cut: Cut | null, limit: number): number {
  const decoder = decoding.createDecoder(update)
  let items = 0
  for (let clients = decoding.readVarUint(decoder); clients > 0; clients -= 1) {
    const structs = decoding.readVarUint(decoder)
    const client = decoding.readVarUint(decoder)
    let clock = decoding.readVarUint(decoder)
    let run: Run = { client, clock, structs: 0, items: 0, from: decoder.pos, to: decoder.pos }
    for (let struct = 0; struct < structs; struct += 1) {
      if (cut && run.items >= cut.sliceItems) {
        cut.runs.push(run)
        run = { client, clock, structs: 0, items: 0, from: decoder.pos, to: decoder.pos }
      }
      const read = readStruct(decoder, cut !== null)
      clock += read.length
      run.structs += 1
      run.to = decoder.pos
      run.items += read.items
      items += read.items
      if (items > limit) return items
    }
    if (cut && run.structs > 0) cut.runs.push(run)
  }
  for (let clients = decoding.readVarUint(decoder); clients > 0; clients -= 1) {
    const client = decoding.readVarUint(decoder)
    const ranges = decoding.readVarUint(decoder)
    for (let range = 0; range < ranges; range += 1) {
      const clock = decoding.readVarUint(decoder)
      const length = decoding.readVarUint(decoder)
      cut?.deleted.push(client, clock, length)
    }
    items += ranges
    if (items > limit) return items
  }
  return items
}

function structSlice(update: Uint8Array, runs: Run[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, runs.length)
  for (const { client, clock, structs, from, to } of runs) {
    encoding.writeVarUint(encoder, structs)
    encoding.writeVarUint(encoder, client)
    encoding.writeVarUint(encoder, clock)
    encoding.writeUint8Array(encoder, update.subarray(from, to))
  }
  // No deleted ranges.
  encoding.writeVarUint(encoder, 0)
  return encoding.toUint8Array(encoder)
}

/** An update of deleted ranges only, given as client, clock, length triples in the order read. */
function deletionSlice(deleted: number[]): Uint8Array {
  const byClient = new Map<number, number[]>()
  for (let at = 0; at < deleted.length; at += 3) {
    const ranges = byClient.get(deleted[at]!) ?? []
    byClient.set(deleted[at]!, ranges)
    ranges.push(deleted[at + 1]!, deleted[at + 2]!)
  }
  const encoder = encoding.createEncoder()
  // No structs.
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, byClient.size)
  for (const [client, ranges] of byClient) {
    encoding.writeVarUint(encoder, client)
    encoding.writeVarUint(encoder, ranges.length / 2)
    for (const value of ranges) encoding.writeVarUint(encoder, value)
  }
  return encoding.toUint8Array(encoder)
}

/**
 * Reads past one struct: how many items it counts for, and how many clock ticks it spans. Counting
 * only (`check` false), its strings are skipped and a string's length is left unknown (NaN). To cut
 * (`check` true), its strings and JSON are decoded as Yjs will decode them, so that a slice cannot
 * fail to read after earlier ones were applied.
 */
function readStruct(decoder: decoding.Decoder, check: boolean): { length: number; items: number } {
  if (!decoding.hasContent(decoder)) throw new Error('The update ends in the middle of a struct.')
  const info = decoding.readUint8(decoder)
  const kind = info & 0b11111
  if (kind === GC || kind === SKIP) return { length: decoding.readVarUint(decoder), items: 1 }
  const hasOrigin = (info & 0b1000_0000) !== 0
  const hasRightOrigin = (info & 0b0100_0000) !== 0
  if (hasOrigin) skipId(decoder)
  if (hasRightOrigin) skipId(decoder)
  if (!hasOrigin && !hasRightOrigin) {
    if (decoding.readVarUint(decoder) === 1) readString(decoder, check)
    else skipId(decoder)
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

function skipId(decoder: decoding.Decoder): void {
  decoding.readVarUint(decoder)
  decoding.readVarUint(decoder)
}
