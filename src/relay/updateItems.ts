import * as decoding from 'lib0/decoding'

/** Struct kinds (the low five bits of a struct's info byte) that are not items, and item content kinds. */
const GC = 0
const SKIP = 10
const CONTENT = { deleted: 1, json: 2, binary: 3, string: 4, embed: 5, format: 6, type: 7, any: 8, doc: 9 } as const
/** Y.XmlElement and Y.XmlHook carry a name; Yjs knows type refs 0 to 6. */
const NAMED_TYPES = new Set([3, 5])
const LAST_TYPE = 6

/**
 * How much work applying a Yjs update (v1) is: its structs, the values in its JSON and Any contents,
 * and the ranges of its delete set. It reads the update as Y.applyUpdate does, without building
 * anything (a tenth of the time of Y.decodeUpdate), and throws where Yjs would fail to read it, so
 * that nothing from a malformed update is applied.
 */
export function updateItems(update: Uint8Array): number {
  const decoder = decoding.createDecoder(update)
  let items = 0
  for (let clients = decoding.readVarUint(decoder); clients > 0; clients -= 1) {
    const structs = decoding.readVarUint(decoder)
    decoding.readVarUint(decoder) // the client
    decoding.readVarUint(decoder) // the clock of its first struct
    items += structs
    for (let struct = 0; struct < structs; struct += 1) items += skipStruct(decoder)
  }
  for (let clients = decoding.readVarUint(decoder); clients > 0; clients -= 1) {
    decoding.readVarUint(decoder) // the client
    const ranges = decoding.readVarUint(decoder)
    items += ranges
    for (let range = 0; range < ranges; range += 1) {
      decoding.readVarUint(decoder) // the clock
      decoding.readVarUint(decoder) // the length
    }
  }
  return items
}

/** Reads past one struct; returns the values its content holds beyond the first. */
function skipStruct(decoder: decoding.Decoder): number {
  if (!decoding.hasContent(decoder)) throw new Error('The update ends in the middle of a struct.')
  const info = decoding.readUint8(decoder)
  const kind = info & 0b11111
  if (kind === GC || kind === SKIP) {
    decoding.readVarUint(decoder)
    return 0
  }
  const hasOrigin = (info & 0b1000_0000) !== 0
  const hasRightOrigin = (info & 0b0100_0000) !== 0
  if (hasOrigin) skipId(decoder)
  if (hasRightOrigin) skipId(decoder)
  if (!hasOrigin && !hasRightOrigin) {
    if (decoding.readVarUint(decoder) === 1) skipString(decoder)
    else skipId(decoder)
    if ((info & 0b0010_0000) !== 0) skipString(decoder)
  }
  switch (kind) {
    case CONTENT.deleted:
      decoding.readVarUint(decoder)
      return 0
    case CONTENT.json: {
      const values = decoding.readVarUint(decoder)
      for (let value = 0; value < values; value += 1) skipString(decoder)
      return Math.max(0, values - 1)
    }
    case CONTENT.binary:
    case CONTENT.string:
    case CONTENT.embed:
      skipString(decoder)
      return 0
    case CONTENT.format:
      skipString(decoder)
      skipString(decoder)
      return 0
    case CONTENT.type: {
      const type = decoding.readVarUint(decoder)
      if (type > LAST_TYPE) throw new Error(`Unknown type ${type}.`)
      if (NAMED_TYPES.has(type)) skipString(decoder)
      return 0
    }
    case CONTENT.any: {
      const values = decoding.readVarUint(decoder)
      for (let value = 0; value < values; value += 1) decoding.readAny(decoder)
      return Math.max(0, values - 1)
    }
    case CONTENT.doc:
      skipString(decoder)
      decoding.readAny(decoder)
      return 0
    default:
      throw new Error(`Unknown content ${kind}.`)
  }
}

function skipId(decoder: decoding.Decoder): void {
  decoding.readVarUint(decoder)
  decoding.readVarUint(decoder)
}

/** A string, a binary or JSON text: a varUint length and that many bytes. */
function skipString(decoder: decoding.Decoder): void {
  decoding.readUint8Array(decoder, decoding.readVarUint(decoder))
}
