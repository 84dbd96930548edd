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

/** The most items the relay applies in one turn of the event loop: 15–30 ms of work here. */
export const SLICE_ITEMS = 10_000

/**
 * Counts a Yjs update's (v1) items as Y.applyUpdate reads it, without building anything or decoding
 * its strings: its structs, plus the values of its JSON and Any contents beyond the first, plus its
 * deleted ranges. It reads no further than is needed to say there are more than `maxItems`, and
 * throws where the update does not read.
 */
export function countItems(update: Uint8Array, maxItems = Infinity): number {
  const walking = walk(update, null, maxItems, Infinity)
  for (;;) {
    const step = walking.next()
    if (step.done) return step.value
  }
}

/**
 * Reads a Yjs update as Y.applyUpdate does, without building anything, and cuts it into slices of
 * about `sliceItems` items, each a valid update of its own, that applied in order make the whole
 * (the update itself if it holds no more). Applying an update blocks the event loop for as long as
 * it takes (1.5–3 µs an item here), so the relay applies a large one a slice a turn; it yields null
 * after each `sliceItems` structs read, so that the reading too can be spread over turns (a stored
 * document of millions of items takes seconds to read). It throws where Yjs would fail to read the
 * update, and before yielding any slice, so that nothing from a malformed one is applied.
 *
 * Structs go in causal order, as Casebook's client cuts an update (src/main/sync/splitUpdate.ts): a
 * struct comes after those of the update its origin, right origin and parent are in, so that Yjs
 * holds no slice back until a later one arrives (and then integrates both in one lump). Deleted
 * ranges go last. A struct's encoding does not depend on where it stands in its run (each names its
 * origins or parent in full), so each client's part of a slice is the bytes of its structs behind
 * a header with the clock of the first.
 */
export function* slicesInTurns(update: Uint8Array, sliceItems: number): Generator<Uint8Array | null, void> {
  const cut: Cut = { structs: new Float64Array(STRIDE * 1024), count: 0, runs: [], deleted: [] }
  const items = yield* walk(update, cut, Infinity, sliceItems)
  if (items <= sliceItems) return yield update
  const writer = new SliceWriter(update, cut.structs, sliceItems)
  for (const run of causalOrder(cut.runs, cut.structs)) {
    const slice = writer.write(run)
    if (slice) yield slice
  }
  const last = writer.flush()
  if (last) yield last
  for (let at = 0; at < cut.deleted.length; at += 3 * sliceItems) yield deletionSlice(cut.deleted.slice(at, at + 3 * sliceItems))
}

/**
 * What is kept of each struct, in a flat array of STRIDE numbers a struct: where its bytes start,
 * how many clock ticks it spans, how many items it counts for, and the ids (client, clock) of up to
 * two structs of other clients it depends on (-1 for none): its origin and right origin, or its
 * parent. Yjs takes a dependency on the struct's own client as met by clock order.
 */
const STRIDE = 7
const [FROM, LENGTH, ITEMS, DEPENDENCIES] = [0, 1, 2, 3]

/** One client's structs in the update, and how far they have been written to slices. */
interface Run {
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
interface Cut {
  structs: Float64Array
  count: number
  runs: Run[]
  deleted: number[]
}

/**
 * Reads the update through and counts its items, stopping once past `limit`; with a cut, also says
 * where to cut it. Yields after each `pause` structs.
 */
function* walk(update: Uint8Array, cut: Cut | null, limit: number, pause: number): Generator<null, number> {
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
 * Yields the run whose next struct comes next in causal order, once for each struct; the caller
 * writes that struct (advancing the run) before asking for the next. A run whose next struct depends
 * on another run's struct not yet written waits while that run is written up to it, as Yjs
 * integrates an update. A dependency beyond what the update holds of a client, or a cycle (which no
 * real history makes), is left for Yjs to hold back, as it would hold back the whole update.
 */
function* causalOrder(runs: Run[], structs: Float64Array): Generator<Run, void> {
  const byClient = new Map(runs.map((run) => [run.client, run]))
  /** The run holding the struct (client, clock) if it is yet to be written. */
  const unwritten = (client: number, clock: number): Run | undefined => {
    const run = client < 0 ? undefined : byClient.get(client)
    return run && clock >= run.nextClock && clock < run.endClock ? run : undefined
  }
  const waiting: Run[] = []
  const isWaiting = new Set<Run>()
  for (const start of runs) {
    waiting.push(start)
    isWaiting.add(start)
    while (waiting.length > 0) {
      const run = waiting.at(-1)!
      if (run.next === run.end) {
        isWaiting.delete(waiting.pop()!)
        continue
      }
      const at = run.next * STRIDE + DEPENDENCIES
      const before = unwritten(structs[at]!, structs[at + 1]!) ?? unwritten(structs[at + 2]!, structs[at + 3]!)
      if (before && !isWaiting.has(before)) {
        waiting.push(before)
        isWaiting.add(before)
        continue
      }
      yield run
      // The run that waited for this one looks again at what it waits for.
      if (waiting.length > 1) isWaiting.delete(waiting.pop()!)
    }
  }
}

/** Fills slices of about `sliceItems` items, one after another, with the structs written to them. */
class SliceWriter {
  /** The runs in the slice being filled, with the first of their structs in it and the clock of that struct. */
  private open = new Map<Run, { first: number; clock: number }>()
  private items = 0

  constructor(
    private readonly update: Uint8Array,
    private readonly structs: Float64Array,
    private readonly sliceItems: number,
  ) {}

  /** Writes the run's next struct; returns the slice it filled, if it did not fit in it. */
  write(run: Run): Uint8Array | null {
    const at = run.next * STRIDE
    const items = this.structs[at + ITEMS]!
    const full = this.items > 0 && this.items + items > this.sliceItems ? this.flush() : null
    if (!this.open.has(run)) this.open.set(run, { first: run.next, clock: run.nextClock })
    this.items += items
    run.next += 1
    run.nextClock += this.structs[at + LENGTH]!
    return full
  }

  /** The slice being filled, ending it; null if nothing is in it. */
  flush(): Uint8Array | null {
    if (this.open.size === 0) return null
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, this.open.size)
    for (const [run, { first, clock }] of this.open) {
      encoding.writeVarUint(encoder, run.next - first)
      encoding.writeVarUint(encoder, run.client)
      encoding.writeVarUint(encoder, clock)
      const to = run.next === run.end ? run.to : this.structs[run.next * STRIDE + FROM]!
      encoding.writeUint8Array(encoder, this.update.subarray(this.structs[first * STRIDE + FROM]!, to))
    }
    // No deleted ranges.
    encoding.writeVarUint(encoder, 0)
    this.open = new Map()
    this.items = 0
    return encoding.toUint8Array(encoder)
  }
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
