import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { countItems } from './countItems.js'
import { SLICE_ITEMS } from './slicesInTurns.js'
import { type Cut, DEPENDENCIES, FROM, STRIDE, walkUpdate } from './walkUpdate.js'

/** The most items a room holds back of one sender's updates: what one retry applies is then no more than one slice of an update. */
export const HELD_ITEMS = SLICE_ITEMS

/** Whose updates left structs held back: the token id of the connection that sent them, or null for what was stored (never capped: it was acknowledged). */
export type HeldOwner = string | null

/** The key of the group of held-back deletions, beside one group per client of held-back structs. */
const DELETIONS = -1

/**
 * A part of what is held back, retried or discarded on its own: the structs of one client (one run of
 * a v1 update, the count, client and first clock before its structs), or the deleted ranges (the
 * delete set of a v1 update).
 */
interface Group {
  owner: HeldOwner
  /** The client of its structs, or DELETIONS. */
  client: number
  bytes: Uint8Array
  items: number
  /** Per client, the clock the group needs of it (reached once the doc's state passes it); null: to be retried at the next chance (read from the store, or reached). */
  missing: Map<number, number> | null
}

/** The groups waiting on one client, by the clock each needs of it, lowest first. */
interface Waiting {
  clocks: number[]
  keys: Map<number, Set<string>>
}

/** What one owner holds back. */
interface Usage {
  items: number
  bytes: number
}

/**
 * What Yjs holds back of a room's updates (structs and deletions whose dependencies have not arrived),
 * kept out of the room's doc. Left in the doc, Yjs would retry them inside whichever update brings
 * what they wait for, and their conflict scan would be charged to that update's sender; they would
 * also be in no update Yjs emits, so nothing stored of them. Here they are kept per client of the
 * structs (and the deletions apart) and per sender, each with what it waits for, so that the room retries
 * each on its own once the doc reaches it, and one that cannot be applied is discarded without the
 * others. What each sender holds back is at most HELD_ITEMS items and `maxBytes` bytes: what would pass
 * that is discarded as it comes, so that one member's structs that never integrate take nobody else's share.
 */
export class HeldBack {
  /** By groupKey. */
  private readonly groups = new Map<string, Group>()
  /** Per client waited on, the groups that wait on it: an update then looks only at those it reaches. */
  private readonly waiting = new Map<number, Waiting>()
  /** The groups the doc holds something for, to be retried. */
  private readonly ready = new Set<string>()
  private readonly usage = new Map<HeldOwner, Usage>()
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

  /**
   * The held-back update (v1), or null: the groups side by side, as Yjs reads a client's run and a
   * delete set; those of one client (or the deletions) held for several senders merged first.
   */
  get update(): Uint8Array | null {
    if (this.groups.size === 0) return null
    if (this.encoded) return this.encoded
    const parts = new Map<number, Uint8Array[]>()
    for (const { client, bytes } of this.groups.values()) parts.set(client, [...(parts.get(client) ?? []), bytes])
    const encoder = encoding.createEncoder()
    const deletions = parts.get(DELETIONS)
    encoding.writeVarUint(encoder, parts.size - (deletions ? 1 : 0))
    for (const [client, bytes] of parts) if (client !== DELETIONS) encoding.writeUint8Array(encoder, merged(client, bytes))
    if (deletions) encoding.writeUint8Array(encoder, merged(DELETIONS, deletions))
    else encoding.writeVarUint(encoder, 0)
    this.encoded = encoding.toUint8Array(encoder)
    return this.encoded
  }

  /** Holds a stored held-back update, each of its groups to be retried at the next chance. */
  load(update: Uint8Array): void {
    this.hold(update, null, null)
  }

  /**
   * Moves what Yjs holds back in the doc out of it, with what `owner` holds already; call it after
   * each update applied to the doc, with the sender of that update.
   */
  take(owner: HeldOwner): void {
    const { pendingStructs, pendingDs } = this.doc.store
    this.doc.store.pendingStructs = null
    this.doc.store.pendingDs = null
    if (pendingStructs) this.hold(Y.convertUpdateFormatV2ToV1(pendingStructs.update), this.doc, owner, pendingStructs.missing)
    if (pendingDs) this.hold(Y.convertUpdateFormatV2ToV1(pendingDs), this.doc, owner)
  }

  /** Whether the doc now holds something a group waits for. */
  reached(): boolean {
    return this.ready.size > 0
  }

  /** Gives away (to be retried, for its owner) the update of a group the doc now holds something for, or null if there is none. */
  next(): { owner: HeldOwner; update: Uint8Array } | null {
    const [key] = this.ready
    if (key === undefined) return null
    const group = this.groups.get(key)!
    this.drop(key, group)
    return { owner: group.owner, update: wrap(group.client, group.bytes) }
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
  private hold(update: Uint8Array, doc: Y.Doc | null, owner: HeldOwner, yjsMissing: Map<number, number> = new Map()): void {
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
      this.add(owner, run.client, bytes, missing)
    }
    if (cut.deleted.length === 0) return
    const missing = doc ? new Map<number, number>() : null
    // Yjs keeps of a deleted range only what starts past the doc's state of its client.
    if (missing) for (let at = 0; at < cut.deleted.length; at += 3) waitLowest(missing, cut.deleted[at]!, cut.deleted[at + 1]!)
    // The delete set follows the last run of structs (or the count of none).
    this.add(owner, DELETIONS, update.subarray(cut.runs.at(-1)?.to ?? 1), missing)
  }

  /**
   * Merges a group's new bytes into what it holds, unless that would take its owner past the cap: then
   * the new bytes are discarded.
   */
  private add(owner: HeldOwner, client: number, bytes: Uint8Array, missing: Map<number, number> | null): void {
    const key = JSON.stringify([client, owner])
    const known = this.groups.get(key)
    const joined = known ? merged(client, [known.bytes, bytes]) : bytes
    const items = countItems(wrap(client, joined))
    const usage = this.usage.get(owner) ?? { items: 0, bytes: 0 }
    const itemsAfter = usage.items - (known?.items ?? 0) + items
    const bytesAfter = usage.bytes - (known?.bytes.byteLength ?? 0) + joined.byteLength
    if (owner !== null && (itemsAfter > HELD_ITEMS || bytesAfter > this.maxBytes)) {
      this.discarded('cap')
      return
    }
    if (known) this.drop(key, known)
    if (known?.missing && missing) for (const [waited, clock] of known.missing) waitLowest(missing, waited, clock)
    const group = { owner, client, bytes: joined, items, missing: known && !known.missing ? null : missing }
    this.groups.set(key, group)
    if (group.missing) for (const [waited, clock] of group.missing) this.wait(key, waited, clock)
    else this.ready.add(key)
    this.use(owner, items, joined.byteLength)
  }

  private drop(key: string, group: Group): void {
    this.unwait(key, group)
    this.ready.delete(key)
    this.groups.delete(key)
    this.use(group.owner, -group.items, -group.bytes.byteLength)
  }

  /** Counts items and bytes held for `owner` (negative: no longer held). */
  private use(owner: HeldOwner, items: number, bytes: number): void {
    const usage = this.usage.get(owner) ?? { items: 0, bytes: 0 }
    usage.items += items
    usage.bytes += bytes
    if (usage.items === 0 && usage.bytes === 0) this.usage.delete(owner)
    else this.usage.set(owner, usage)
    this.held += bytes
    this.encoded = null
  }

  private wait(key: string, client: number, clock: number): void {
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

  private unwait(key: string, group: Group): void {
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

/** A group's bytes as an update of their own. */
function wrap(client: number, part: Uint8Array): Uint8Array {
  return client === DELETIONS ? concat([0], part) : concat([1], part, [0])
}

/** The bytes of one group holding what `parts` (groups of one client, or of deletions) hold. */
function merged(client: number, parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!
  const update = Y.mergeUpdates(parts.map((part) => wrap(client, part)))
  return client === DELETIONS ? update.subarray(1) : update.subarray(1, update.length - 1)
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
