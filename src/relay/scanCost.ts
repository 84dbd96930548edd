import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import { type Id, readStruct, type Struct } from './readStruct.js'

/**
 * A list item as the scan sees it: one of the doc's own (Y.Item or Y.GC, read only), or a virtual one
 * standing for a struct of the update, or for a piece Yjs would split off an item, which the doc does
 * not hold. A virtual node keeps its own right pointer; those of the doc's nodes that the update
 * would change are kept in an overlay, so the doc is never touched.
 */
interface ScanNode {
  id: Id
  length: number
  origin: Id | null
  rightOrigin: Id | null
  right?: ScanNode | null
  left?: ScanNode | null
  virtual?: true
  /** The list the node is in: a type of the doc, a virtual node whose content is a type, or a root name. */
  parentKey?: object | string | null
  parent?: unknown
  parentSub?: string | null
  /** Deleted for good (a GC struct): nothing integrates next to it. */
  gone?: boolean
  isGC?: boolean
}

interface Parent {
  _start?: ScanNode | null
  _map?: Map<string, ScanNode>
}

const isGone = (node: ScanNode): boolean => node.gone === true || node.isGC === true || node instanceof Y.GC

const sameId = (a: Id | null, b: Id | null): boolean => a === b || (a !== null && b !== null && a.client === b.client && a.clock === b.clock)

/** The node of a sorted run that holds `clock`, or null. */
function holding(run: ScanNode[], clock: number): ScanNode | null {
  // Most often the last: an item typed just before.
  const last = run.at(-1)
  if (last && clock >= last.id.clock && clock < last.id.clock + last.length) return last
  let low = 0
  let high = run.length - 1
  while (low <= high) {
    const middle = (low + high) >> 1
    const node = run[middle]!
    if (clock < node.id.clock) high = middle - 1
    else if (clock >= node.id.clock + node.length) low = middle + 1
    else return node
  }
  return null
}

/**
 * Counts the steps of Yjs 13.6's conflict scan (the while loop of Item.integrate, which walks the items
 * between a new item's origin and its right origin) that applying `update` to `doc` would take, stopping
 * once the count passes `budget`. Yjs's own loop has no bound: an update of items whose origins are far
 * apart in the doc (a writer that never saw a long text, typing backwards into it; or many crafted
 * writers sharing one origin) makes it quadratic, and one Y.applyUpdate then holds the event loop for
 * minutes. Counting walks the same nodes without building anything, so the budget bounds both.
 *
 * The update is read once, without its content (readStruct), and the doc only read: this update's
 * structs, and the pieces Yjs would split off the doc's items for them, are virtual nodes linked
 * through an overlay of right pointers, so structs whose origins are in the same update are counted
 * as exactly as those whose origins are in the doc. Structs go in the causal order Yjs integrates them
 * in, and those Yjs would hold back count nothing. The count is for the doc as it is now: it must
 * be taken in the same turn as the update is applied. It is Yjs's own on the attacks and on merges of
 * real traces, and on random merges of several writers Yjs's own in three in four, below it in 1 in 75.
 */
export function scanCost(doc: Y.Doc, update: Uint8Array, budget: number): { steps: number; over: boolean } {
  // Structs Yjs held back of earlier updates are not in the doc (the room sets them aside, and
  // counts them itself when it retries them): the count is this update's alone.
  const byClient = structsByClient(update)
  const store = doc.store
  const virtual = new Map<number, ScanNode[]>()
  const overlay = new Map<ScanNode, ScanNode | null>()
  const starts = new Map<object | string, ScanNode | null>()
  const mapStarts = new Map<object | string, Map<string, ScanNode>>()
  const rightOf = (node: ScanNode): ScanNode | null => {
    const overlaid = node.virtual ? undefined : overlay.get(node)
    return overlaid !== undefined ? overlaid : (node.right ?? null)
  }
  const setRight = (node: ScanNode, right: ScanNode | null): void => {
    if (node.virtual) node.right = right
    else overlay.set(node, right)
  }
  const startOf = (parent: object | string): ScanNode | null =>
    starts.has(parent) ? starts.get(parent)! : typeof parent === 'object' ? ((parent as Parent)._start ?? null) : null
  const leftmostOfKey = (parent: object | string, sub: string): { node: ScanNode | null; walked: number } => {
    let node = mapStarts.get(parent)?.get(sub) ?? (typeof parent === 'object' ? ((parent as Parent)._map?.get(sub) ?? null) : null)
    let walked = 0
    // Yjs walks to the leftmost value of the key too.
    while (node?.left) {
      node = node.left
      walked += 1
    }
    return { node, walked }
  }

  /** The node holding `id` before any split this update makes: one of the update's, one of the doc's, or null. */
  const base = (id: Id): ScanNode | null => {
    const run = virtual.get(id.client)
    const hit = run ? holding(run, id.clock) : null
    if (hit) return hit
    const real = store.clients.get(id.client) as unknown as ScanNode[] | undefined
    if (!real || real.length === 0) return null
    const last = real.at(-1)!
    if (id.clock >= last.id.clock + last.length) return null
    return real[Y.findIndexSS(real as never, id.clock)]!
  }
  // Pieces Yjs would split off a node before this update's items integrate (getItemCleanStart/End), by clock.
  const pieces = new Map<ScanNode, ScanNode[]>()
  const lengths = new Map<ScanNode, number>()
  const lengthOf = (node: ScanNode): number => lengths.get(node) ?? node.length
  const find = (id: Id): ScanNode | null => {
    const found = base(id)
    const split = found && pieces.get(found)
    if (!split) return found
    // The last piece starting at or before the clock.
    let low = 0
    let high = split.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (split[middle]!.id.clock <= id.clock) low = middle + 1
      else high = middle
    }
    return low === 0 ? found : split[low - 1]!
  }
  /** Splits the node holding `clock` so that a node starts at it, as Yjs would; returns that node. */
  const splitAt = (client: number, clock: number): ScanNode | null => {
    const at = { client, clock }
    const node = find(at)
    if (node === null || node.id.clock === clock) return node
    const piece: ScanNode = {
      id: at,
      length: node.id.clock + lengthOf(node) - clock,
      origin: { client, clock: clock - 1 },
      rightOrigin: node.rightOrigin,
      parentKey: node.parentKey ?? (node.parent as object | null) ?? null,
      parentSub: node.parentSub ?? null,
      gone: isGone(node),
      right: rightOf(node),
      virtual: true,
    }
    setRight(node, piece)
    lengths.set(node, clock - node.id.clock)
    const first = base(at)!
    const split = pieces.get(first) ?? []
    pieces.set(first, split)
    let index = split.length
    while (index > 0 && split[index - 1]!.id.clock > clock) index -= 1
    split.splice(index, 0, piece)
    return piece
  }
  /** The clock after what the doc, and this update as integrated so far, hold of a client. */
  const stateOf = (client: number): number => {
    const last = virtual.get(client)?.at(-1)
    return last ? last.id.clock + last.length : Y.getState(store, client)
  }
  const add = (client: number, node: ScanNode): void => {
    const run = virtual.get(client) ?? []
    virtual.set(client, run)
    run.push(node)
  }

  let steps = 0
  let over = false
  const integrate = (struct: Struct): void => {
    // What the doc already holds of it is skipped, as Yjs does; the rest's origin is the clock before.
    const state = Y.getState(store, struct.id.client)
    if (struct.kind === 'skip' || struct.id.clock + struct.length <= state) return
    const offset = Math.max(0, state - struct.id.clock)
    const id = offset > 0 ? { client: struct.id.client, clock: struct.id.clock + offset } : struct.id
    const length = struct.length - offset
    if (struct.kind === 'gc') {
      add(id.client, { id, length, origin: null, rightOrigin: null, gone: true, virtual: true })
      return
    }
    const origin = offset > 0 ? { client: id.client, clock: id.clock - 1 } : struct.origin
    if (origin) splitAt(origin.client, origin.clock + 1)
    const originNode = origin ? find(origin) : null
    const rightNode = struct.rightOrigin ? splitAt(struct.rightOrigin.client, struct.rightOrigin.clock) : null
    let parentKey: object | string | null = null
    let sub = struct.parentSub
    const parent = struct.parent
    if (typeof parent === 'string') parentKey = doc.share.get(parent) ?? `root:${parent}`
    else if (parent) {
      const node = find(parent)
      parentKey = node && !isGone(node) ? ((node as { content?: { type?: object } }).content?.type ?? node) : null
    } else {
      const node = originNode ?? rightNode
      if (node) {
        parentKey = node.parentKey ?? (node.parent as object | null) ?? null
        sub = node.parentSub ?? null
      }
    }
    const self: ScanNode = { id, length, origin, rightOrigin: struct.rightOrigin, parentKey, parentSub: sub, right: null, virtual: true }
    if (parentKey === null || (originNode && isGone(originNode)) || (rightNode && isGone(rightNode))) {
      self.gone = true
      add(id.client, self)
      return
    }
    let left = originNode
    let scanned = 0
    let node: ScanNode | null
    if (originNode) node = rightOf(originNode)
    else if (sub !== null) ({ node, walked: scanned } = leftmostOfKey(parentKey, sub))
    else node = startOf(parentKey)
    // Yjs's loop, step for step: which items are before (here, when each was met), which conflict
    // (those met since `conflictsFrom`, as Yjs's set of them is emptied), where the new item goes.
    let before: Map<ScanNode, number> | null = null
    let conflictsFrom = 0
    while (node !== null && node !== rightNode) {
      scanned += 1
      if (steps + scanned > budget) {
        over = true
        break
      }
      before ??= new Map()
      before.set(node, scanned)
      if (sameId(origin, node.origin)) {
        if (node.id.client < id.client) {
          left = node
          conflictsFrom = scanned + 1
        } else if (sameId(struct.rightOrigin, node.rightOrigin)) break
      } else if (node.origin) {
        const met = before.get(find(node.origin)!)
        if (met === undefined) break
        if (met < conflictsFrom) {
          left = node
          conflictsFrom = scanned + 1
        }
      } else break
      node = rightOf(node)
    }
    steps += scanned
    if (left !== null) {
      self.right = rightOf(left)
      setRight(left, self)
    } else if (sub === null) {
      self.right = startOf(parentKey)
      starts.set(parentKey, self)
    } else {
      self.right = leftmostOfKey(parentKey, sub).node
      const keys = mapStarts.get(parentKey) ?? new Map<string, ScanNode>()
      mapStarts.set(parentKey, keys)
      keys.set(sub, self)
    }
    // Its children's list is keyed by the node itself.
    if (struct.isType) (self as { content?: { type: object } }).content = { type: self }
    add(id.client, self)
  }

  // Causal order, as Yjs's integrateStructs stacks runs: a struct after those of this update its
  // origin, right origin and parent are in.
  const next = new Map([...byClient.keys()].map((client) => [client, 0]))
  /**
   * What a struct waits for: nothing (null); a struct of this update its origin, right origin or
   * parent is (that struct's client), unless that client is stacked already (a cycle, which no real
   * history makes); or what neither the doc nor the update holds (undefined), another client's struct
   * or a gap in its own client's clocks.
   */
  const waitsFor = (struct: Struct, stacked: Set<number>): number | null | undefined => {
    const client = struct.id.client
    if (struct.kind === 'skip') return null
    if (struct.id.clock > stateOf(client)) return undefined
    if (struct.kind === 'gc') return null
    for (const id of [struct.origin, struct.rightOrigin, typeof struct.parent === 'string' ? null : struct.parent]) {
      if (id === null || id.client === client || id.clock < stateOf(id.client)) continue
      const run = byClient.get(id.client) ?? []
      const at = next.get(id.client) ?? 0
      const last = run.at(-1)
      if (!last || at >= run.length || id.clock < run[at]!.id.clock || id.clock >= last.id.clock + last.length) return undefined
      if (!stacked.has(id.client)) return id.client
    }
    return null
  }
  for (const start of byClient.keys()) {
    const stack = [start]
    const stacked = new Set([start])
    while (stack.length > 0 && !over) {
      const client = stack.at(-1)!
      const run = byClient.get(client)!
      const at = next.get(client)!
      if (at >= run.length) {
        stacked.delete(stack.pop()!)
        continue
      }
      const struct = run[at]!
      const waiting = waitsFor(struct, stacked)
      if (waiting === undefined) {
        // Yjs holds it back until what it waits for arrives, with the structs stacked on it and the
        // rest of their clients' runs: they scan nothing now.
        for (const held of stack) next.set(held, byClient.get(held)!.length)
        break
      }
      if (waiting !== null) {
        stack.push(waiting)
        stacked.add(waiting)
        continue
      }
      integrate(struct)
      next.set(client, at + 1)
      if (stack.length > 1) stacked.delete(stack.pop()!)
    }
  }
  return { steps, over }
}

/**
 * The structs of an update (v1), by client, each client's in clock order as the update holds them. A
 * client listed twice keeps its last list, as Yjs reads it: counting the first too could make the
 * structs Yjs merges look held back, and their scan go uncounted.
 */
function structsByClient(update: Uint8Array): Map<number, Struct[]> {
  const decoder = decoding.createDecoder(update)
  const byClient = new Map<number, Struct[]>()
  for (let clients = decoding.readVarUint(decoder); clients > 0; clients -= 1) {
    const structs = decoding.readVarUint(decoder)
    const client = decoding.readVarUint(decoder)
    let clock = decoding.readVarUint(decoder)
    const run: Struct[] = []
    byClient.set(client, run)
    for (let index = 0; index < structs; index += 1) {
      const struct = readStruct(decoder, { client, clock }, false)
      clock += struct.length
      run.push(struct)
    }
  }
  return byClient
}
