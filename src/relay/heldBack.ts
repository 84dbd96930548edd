import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { countItems } from './countItems.js'
import { SLICE_ITEMS } from './slicesInTurns.js'
import { type Cut, DEPENDENCIES, FROM, STRIDE, walkUpdate } from './walkUpdate.js'

/** The most items a room holds back: what one retry applies is then no more than one slice of an update. */
export const HELD_ITEMS = SLICE_ITEMS

/** The key of the group of held-back deletions, beside one group per client of held-back structs. */
const DELETIONS = -1

/**
 * A part of what is held back, retried or discarded on its own: the structs of one client (one run of
 * a v1 update, the count, client and first clock before its structs), or the deleted ranges (the
 * delete set of a v1 update).
 */
interface Group {
  bytes: Uint8Array
  items: number
  /** Per client, the clock the group needs of it (reached once the doc's state passes it); null: to be retried at the next chance (read from the store, or reached). */
  missing: Map<number, number> | null
}

/** The groups waiting on one client, by the clock each needs of it, lowest first. */
interface Waiting {
  clocks: number[]
  keys: Map<number, Set<number>>
}

/**
 * What Yjs holds back of a room's updates (structs and deletions whose dependencies have not arrived),
 * kept out of the room's doc. Left in the doc, Yjs would retry them inside whichever update brings
 * what they wait for, and their conflict scan would be charged to that update's sender; they would
 * also be in no update Yjs emits, so nothing stored of them. Here they are kept per client of the
 * structs (and the deletions apart), each with what it waits for, so that the room retries each on its
 * own once the doc reaches it, and one that cannot be applied is discarded without the others. All of
 * it is at most HELD_ITEMS items and `maxBytes` bytes: what would pass that is discarded as it comes.
 */
export class HeldBack {
  private readonly groups = new Map<number, Group>()
  /** Per client waited on, the groups that wait on it: an update then looks only at those it reaches. */
  private readonly waiting = new Map<number, Waiting>()
  /** The groups the doc holds something for, to be retried. */
  private readonly ready = new Set<number>()
  private items = 0
  /** The bytes of all groups. */
  private held = 0
  private encoded: Uint8Array | null = null

  constructor(
    private readonly doc: Y.Doc,
    private readonly maxBytes: number,
    /** Told each time held-back structs or deletions are discarded, past the cap or unreadable. */
    private readonly discarded: (reason: 'cap' | 'unreadable') => void,
  ) {
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      if (this.waiting.size === 0) return
      for (const [client, state] of transaction.afterState) if (state !== transaction.beforeState.get(client)) this.advanced(client, state)
    })
  }

  /** The bytes held back, about those of `update`. */
  get bytes(): number {
    return this.held
  }

  /** The held-back update (v1), or null: the groups side by side, as Yjs reads a client's run and a delete set. */
  get update(): Uint8Array | null {
    if (this.groups.size === 0) return null
    if (this.encoded) return this.encoded
    const encoder = encoding.createEncoder()
    const deletions = this.groups.get(DELETIONS)
    encoding.writeVarUint(encoder, this.groups.size - (deletions ? 1 : 0))
    for (const [key, { bytes }] of this.groups) if (key !== DELETIONS) encoding.writeUint8Array(encoder, bytes)
    if (deletions) encoding.writeUint8Array(encoder, deletions.bytes)
    else encoding.writeVarUint(encoder, 0)
    this.encoded = encoding.toUint8Array(encoder)
    return this.encoded
  }

  /** Holds a stored held-back update, each of its groups to be retried at the next chance. */
  load(update: Uint8Array): void {
    this.hold(update, null)
  }

  /** Moves what Yjs holds back in the doc out of it, with what is held already; call it after each update applied to the doc. */
  take(): void {
    const { pendingStructs, pendingDs } = this.doc.store
    this.doc.store.pendingStructs = null
    this.doc.store.pendingDs = null
    if (pendingStructs) this.hold(Y.convertUpdateFormatV2ToV1(pendingStructs.update), this.doc, pendingStructs.missing)
    if (pendingDs) this.hold(Y.convertUpdateFormatV2ToV1(pendingDs), this.doc)
  }

  /** Whether the doc now holds something a group waits for. */
  reached(): boolean {
    return this.ready.size > 0
  }

  /** Gives away (to be retried) the update of a group the doc now holds something for, or null if there is none. */
  next(): Uint8Array | null {
    const [key] = this.ready
    if (key === undefined) return null
    const group = this.groups.get(key)!
    this.drop(key, group)
    if (key === DELETIONS) return concat([0], group.bytes)
    return concat([1], group.bytes, [0])
  }

  /** Marks ready the groups that need a clock of `client` below `state`, the doc's state of it now. */
  private advanced(client: number, state: number): void {
    const waiting = this.waiting.get(client)
    while (waiting && waiting.clocks.length > 0 && waiting.clocks[0]! < state) {
      for (const key of [...waiting.keys.get(waiting.clocks[0]!)!]) {
        const group = this.groups.get(key)!
        this.unwait(key, group)
        group.missing = null
        this.ready.add(key)
      }
    }
  }

  /**
   * Holds each client's structs, and the deletions, of a v1 update: merged with what that group holds,
   * waiting for what `doc` does not hold of their dependencies (or, without a doc, retried next).
   */
  private hold(update: Uint8Array, doc: Y.Doc | null, yjsMissing: Map<number, number> = new Map()): void {
    const cut: Cut = { structs: new Float64Array(STRIDE * 64), count: 0, runs: [], deleted: [] }
    try {
      walkUpdate(update, cut, Infinity, Infinity).next()
    } catch {
      this.discarded('unreadable')
      return
    }
    for (const run of cut.runs) {
      const header = encoding.createEncoder()
      for (const value of [run.end - run.next, run.client, run.nextClock]) encoding.writeVarUint(header, value)
      const bytes = concat(encoding.toUint8Array(header), update.subarray(cut.structs[run.next * STRIDE + FROM]!, run.to))
      let missing: Map<number, number> | null = null
      if (doc) {
        missing = new Map()
        // The clock itself, not the doc's state of its client: a group waiting on a far clock is not
        // retried at each write of that client below it.
        const wait = (client: number, clock: number) => {
          if (clock >= Y.getState(doc.store, client)) waitLowest(missing!, client, clock)
        }
        wait(run.client, run.nextClock - 1)
        for (let at = run.next * STRIDE; at < run.end * STRIDE; at += STRIDE) {
          for (const dependency of [DEPENDENCIES, DEPENDENCIES + 2])
            if (cut.structs[at + dependency]! >= 0) wait(cut.structs[at + dependency]!, cut.structs[at + dependency + 1]!)
        }
        // Waiting on something the walk does not see: as Yjs said.
        if (missing.size === 0) missing = new Map(yjsMissing)
      }
      this.add(run.client, bytes, missing)
    }
    if (cut.deleted.length === 0) return
    const missing = doc ? new Map<number, number>() : null
    // Yjs keeps of a deleted range only what starts past the doc's state of its client.
    if (missing) for (let at = 0; at < cut.deleted.length; at += 3) waitLowest(missing, cut.deleted[at]!, cut.deleted[at + 1]!)
    // The delete set follows the last run of structs (or the count of none).
    this.add(DELETIONS, update.subarray(cut.runs.at(-1)?.to ?? 1), missing)
  }

  /** Merges a group's new bytes into what it holds, unless that would pass the cap: then the new bytes are discarded. */
  private add(key: number, bytes: Uint8Array, missing: Map<number, number> | null): void {
    const known = this.groups.get(key)
    let merged = bytes
    if (known) {
      const wrap = (part: Uint8Array) => (key === DELETIONS ? concat([0], part) : concat([1], part, [0]))
      const update = Y.mergeUpdates([wrap(known.bytes), wrap(bytes)])
      merged = key === DELETIONS ? update.subarray(1) : update.subarray(1, update.length - 1)
    }
    const items = countItems(key === DELETIONS ? concat([0], merged) : concat([1], merged, [0]))
    const [itemsAfter, bytesAfter] = [this.items - (known?.items ?? 0) + items, this.held - (known?.bytes.byteLength ?? 0) + merged.byteLength]
    if (itemsAfter > HELD_ITEMS || bytesAfter > this.maxBytes) {
      this.discarded('cap')
      return
    }
    if (known) this.drop(key, known)
    if (known?.missing && missing) for (const [client, clock] of known.missing) waitLowest(missing, client, clock)
    const group = { bytes: merged, items, missing: known && !known.missing ? null : missing }
    this.groups.set(key, group)
    if (group.missing) for (const [client, clock] of group.missing) this.wait(key, client, clock)
    else this.ready.add(key)
    this.items += items
    this.held += merged.byteLength
    this.encoded = null
  }

  private drop(key: number, group: Group): void {
    this.unwait(key, group)
    this.ready.delete(key)
    this.groups.delete(key)
    this.items -= group.items
    this.held -= group.bytes.byteLength
    this.encoded = null
  }

  private wait(key: number, client: number, clock: number): void {
    const waiting = this.waiting.get(client) ?? { clocks: [], keys: new Map() }
    this.waiting.set(client, waiting)
    const keys = waiting.keys.get(clock)
    if (keys) {
      keys.add(key)
      return
    }
    waiting.keys.set(clock, new Set([key]))
    let at = waiting.clocks.length
    while (at > 0 && waiting.clocks[at - 1]! > clock) at -= 1
    waiting.clocks.splice(at, 0, clock)
  }

  private unwait(key: number, group: Group): void {
    for (const [client, clock] of group.missing ?? []) {
      const waiting = this.waiting.get(client)!
      const keys = waiting.keys.get(clock)!
      keys.delete(key)
      if (keys.size > 0) continue
      waiting.keys.delete(clock)
      waiting.clocks.splice(waiting.clocks.indexOf(clock), 1)
      if (waiting.clocks.length === 0) this.waiting.delete(client)
    }
  }
}

/** Notes that a group waits for `client`'s clocks past `clock`, keeping the lowest. */
function waitLowest(missing: Map<number, number>, client: number, clock: number): void {
  const known = missing.get(client)
  if (known === undefined || clock < known) missing.set(client, clock)
}

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((bytes, part) => bytes + part.length, 0))
  let at = 0
  for (const part of parts) {
    joined.set(part, at)
    at += part.length
  }
  return joined
}
