import * as decoding from 'lib0/decoding'
import { type Id, readStruct } from './readStruct.js'

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
      const from = decoder.pos
      const read = readStruct(decoder, { client, clock }, cut !== null)
      clock += read.length
      items += read.items
      if (cut) {
        const at = reserve(cut)
        cut.structs[at + FROM] = from
        cut.structs[at + LENGTH] = read.length
        cut.structs[at + ITEMS] = read.items
        const parent = typeof read.parent === 'string' ? null : read.parent
        const [named, rightNamed] = read.origin || read.rightOrigin ? [read.origin, read.rightOrigin] : [parent, null]
        noteDependency(cut.structs, at + DEPENDENCIES, client, named)
        noteDependency(cut.structs, at + DEPENDENCIES + 2, client, rightNamed)
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

/** Notes at `at` the id a struct of `client` depends on, if it is another client's; else -1. */
function noteDependency(structs: Float64Array, at: number, client: number, id: Id | null): void {
  const other = id !== null && id.client !== client
  structs[at] = other ? id.client : -1
  structs[at + 1] = other ? id.clock : -1
}
