import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { type DeleteRange, writeDeleteSet } from '../../shared/protocol/writeDeleteSet.js'

/**
 * The most update bytes Casebook's client puts in one sync message: well under the relay's
 * --max-message-bytes (2 MiB by default), and under the 256 KiB an operator may lower it to for a
 * relay that must answer faster.
 */
export const MESSAGE_BUDGET_BYTES = 128 * 1024

/** Bytes kept in each piece for its header and those of its clients, delete set included. */
const PIECE_HEADER_BYTES = 16
const CLIENT_HEADER_BYTES = 24
/** A delete range is two varUints of at most 8 bytes each. */
const DELETE_RANGE_BYTES = 16

type Struct = Y.Item | Y.GC
/** The clocks [from, to) of a struct, counted from its first. */
interface Slice {
  struct: Struct
  from: number
  to: number
}

/**
 * Cuts a Yjs update (v1) into updates of at most `budget` bytes each that, applied in order, make
 * the same change; an update within the budget is returned as it is. A long insert of text (or of
 * list values, or a deleted run) is cut by clock ranges. What Yjs cannot cut (one map value, mark,
 * embed or list value) larger than the budget goes alone, in a piece over it.
 *
 * Structs go in an order in which each depends only on those before it or on what the update does
 * not hold (which the receiver has), so no piece waits at the receiver for a later one; deletions go
 * last. Only an update that itself depends on changes it lacks (the state of a document holding
 * changes whose dependencies never arrived) has structs that cannot be so ordered; they go in clock
 * order, and the receiver holds them back as it would hold back the whole update.
 */
export function splitUpdate(update: Uint8Array, budget: number): Uint8Array[] {
  if (update.byteLength <= budget) return [update]
  const { structs, ds } = Y.decodeUpdate(update)
  /** Each client's structs, last first, so that the next one to write is popped. */
  const runs = new Map<number, Struct[]>()
  for (const struct of structs.reverse()) {
    if (struct instanceof Y.Skip) continue
    const run = runs.get(struct.id.client) ?? []
    run.push(struct)
    runs.set(struct.id.client, run)
  }
  /** Per client of the update, the first clock not yet written, and the clock after its last. */
  const next = new Map([...runs].map(([client, run]) => [client, run.at(-1)!.id.clock]))
  const end = new Map([...runs].map(([client, run]) => [client, run[0]!.id.clock + run[0]!.length]))
  const written = (id: Y.ID | null) => id === null || !end.has(id.client) || id.clock < next.get(id.client)! || id.clock >= end.get(id.client)!
  const ready = (struct: Struct) =>
    struct instanceof Y.GC || (written(struct.origin) && written(struct.rightOrigin) && (!(struct.parent instanceof Y.ID) || written(struct.parent)))
  const writer = new PieceWriter(budget)
  const writeNext = (client: number, run: Struct[]) => {
    const struct = run.at(-1)!
    // After a gap (a Skip), the struct starts past the clock the previous one ended at.
    const to = writer.write(struct, Math.max(0, next.get(client)! - struct.id.clock))
    next.set(client, struct.id.clock + to)
    if (to === struct.length) run.pop()
    if (run.length === 0) runs.delete(client)
  }
  while (runs.size > 0) {
    let stuck = true
    for (const [client, run] of runs) {
      // A struct partly written has had its dependencies checked.
      while (run.length > 0 && (next.get(client)! > run.at(-1)!.id.clock || ready(run.at(-1)!))) {
        writeNext(client, run)
        stuck = false
      }
    }
    if (stuck) writeNext(...runs.entries().next().value!)
  }
  for (const [client, ranges] of ds.clients) for (const range of ranges as DeleteRange[]) writer.delete(client, range)
  return writer.finish()
}

/** Fills pieces one after another, each within the budget. */
class PieceWriter {
  private readonly pieces: Uint8Array[] = []
  private structs = new Map<number, Slice[]>()
  private deletions = new Map<number, DeleteRange[]>()
  private size = PIECE_HEADER_BYTES

  constructor(private readonly budget: number) {}

  /**
   * Writes as much of the struct from clock `from` as fits, in a new piece if nothing of it fits in
   * this one; returns the clock it stopped at.
   */
  write(struct: Struct, from: number): number {
    const previous = this.structs.get(struct.id.client)?.at(-1)
    // A piece holds one unbroken run of clocks per client.
    if (previous && previous.struct.id.clock + previous.to !== struct.id.clock + from) this.flush()
    const header = this.structs.has(struct.id.client) ? 0 : CLIENT_HEADER_BYTES
    const room = this.budget - this.size - header
    const whole = sliceBytes(struct, from, struct.length)
    let to = whole <= room ? struct.length : largestSliceEnd(struct, from, room)
    if (to === from) {
      if (!this.isEmpty()) {
        this.flush()
        return this.write(struct, from)
      }
      // A clock Yjs cannot cut goes alone, over the budget: the relay takes it if it is within its cap.
      to = from + 1
    }
    const slices = this.structs.get(struct.id.client) ?? []
    slices.push({ struct, from, to })
    this.structs.set(struct.id.client, slices)
    this.size += header + (to === struct.length ? whole : sliceBytes(struct, from, to))
    if (to < struct.length || this.size > this.budget) this.flush()
    return to
  }

  delete(client: number, range: DeleteRange): void {
    if (this.size + CLIENT_HEADER_BYTES + DELETE_RANGE_BYTES > this.budget) this.flush()
    const ranges = this.deletions.get(client) ?? []
    if (ranges.length === 0) this.size += CLIENT_HEADER_BYTES
    ranges.push(range)
    this.deletions.set(client, ranges)
    this.size += DELETE_RANGE_BYTES
  }

  finish(): Uint8Array[] {
    if (!this.isEmpty()) this.flush()
    return this.pieces
  }

  private isEmpty(): boolean {
    return this.structs.size === 0 && this.deletions.size === 0
  }

  /** Encodes the piece as Yjs encodes an update: its structs client by client, then its delete set. */
  private flush(): void {
    const encoder = new Y.UpdateEncoderV1()
    encoding.writeVarUint(encoder.restEncoder, this.structs.size)
    for (const [client, slices] of this.structs) {
      encoding.writeVarUint(encoder.restEncoder, slices.length)
      encoder.writeClient(client)
      encoding.writeVarUint(encoder.restEncoder, slices[0]!.struct.id.clock + slices[0]!.from)
      for (const { struct, from, to } of slices) truncated(struct, to).write(encoder, from)
    }
    writeDeleteSet(encoder, this.deletions)
    this.pieces.push(encoder.toUint8Array())
    this.structs = new Map()
    this.deletions = new Map()
    this.size = PIECE_HEADER_BYTES
  }
}

/**
 * The furthest clock `to` such that the struct's clocks [from, to) take at most `room` bytes, or
 * `from` if none do. Only an Item whose content spans several clocks can be cut, and a text never
 * inside a surrogate pair (Yjs would turn both halves into U+FFFD).
 */
function largestSliceEnd(struct: Struct, from: number, room: number): number {
  if (struct instanceof Y.GC) return from
  // Every clock of a cuttable content but a deleted run's takes at least a byte.
  let low = from
  let high = struct.content instanceof Y.ContentDeleted ? struct.length - 1 : Math.min(struct.length - 1, from + room)
  while (low < high) {
    const middle = Math.ceil((low + high) / 2)
    if (sliceBytes(struct, from, middle) <= room) low = middle
    else high = middle - 1
  }
  if (low > from && struct.content instanceof Y.ContentString && isHighSurrogate(struct.content.str.charCodeAt(low - 1))) low -= 1
  return low
}

/** The encoded size of a struct's clocks [from, to). */
function sliceBytes(struct: Struct, from: number, to: number): number {
  const encoder = new Y.UpdateEncoderV1()
  truncated(struct, to).write(encoder, from)
  return encoding.length(encoder.restEncoder)
}

/** The struct without its clocks from `to` on: a copy, unless that leaves it whole. */
function truncated(struct: Struct, to: number): Struct {
  if (to === struct.length || struct instanceof Y.GC) return struct
  const content = struct.content.copy()
  content.splice(to)
  return new Y.Item(struct.id, null, struct.origin, null, struct.rightOrigin, struct.parent, struct.parentSub, content)
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}
