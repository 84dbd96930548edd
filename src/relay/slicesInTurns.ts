import * as encoding from 'lib0/encoding'
import { type Cut, DEPENDENCIES, FROM, ITEMS, LENGTH, type Run, STRIDE, walkUpdate } from './walkUpdate.js'

/** The most items the relay applies in one turn of the event loop: 15–30 ms of work here. */
export const SLICE_ITEMS = 10_000

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
  const items = yield* walkUpdate(update, cut, Infinity, sliceItems)
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
