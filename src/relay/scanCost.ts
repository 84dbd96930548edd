import * as Y from 'yjs'

/**
 * A list item as the scan sees it: one of the doc's own (Y.Item or Y.GC, read only), or a virtual one
 * standing for a struct of the update, or for a piece Yjs would split off an item, which the doc does
 * not hold. Virtual nodes have no `right` of their own: every right pointer the update would change
 * lives in an overlay, so the doc is never touched.
 */
interface ScanNode {
  id: Y.ID
  length: number
  origin: Y.ID | null
  rightOrigin: Y.ID | null
  right?: ScanNode | null
  left?: ScanNode | null
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

const sameId = (a: Y.ID | null, b: Y.ID | null): boolean => a === b || (a !== null && b !== null && a.client === b.client && a.clock === b.clock)

/** The node of a sorted run that holds `clock`, or null. */
function holding(run: ScanNode[], clock: number): ScanNode | null {
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
 * minutes. Counting walks the same nodes without building anything; it costs about as much as the
 * scan itself (more on its first, uncompiled runs), so the budget bounds both.
 *
 * The doc is only read: this update's structs, and the pieces Yjs would split off the doc's items for
 * them, are virtual nodes linked through an overlay of right pointers, so structs whose origins are in
 * the same update are counted as exactly as those whose origins are in the doc. Structs go in the
 * causal order Yjs integrates them in. The count is exact for the doc as it is now: it must be taken in
 * the same turn as the update is applied.
 */
export function scanCost(doc: Y.Doc, update: Uint8Array, budget: number): { steps: number; over: boolean } {
  // Structs Yjs holds back (missing dependencies) are retried with every update: they count with it.
  const pending = doc.store.pendingStructs
  const decoded = Y.decodeUpdate(pending ? Y.mergeUpdates([Y.convertUpdateFormatV2ToV1(pending.update), update]) : update)
  const structs = decoded.structs as unknown as (Y.Item | Y.GC | Y.Skip)[]
  const store = doc.store
  const virtual = new Map<number, ScanNode[]>()
  const byClient = new Map<number, (Y.Item | Y.GC | Y.Skip)[]>()
  for (const struct of structs) {
    const run = byClient.get(struct.id.client) ?? []
    byClient.set(struct.id.client, run)
    run.push(struct)
  }
  const right = new Map<ScanNode, ScanNode | null>()
  const starts = new Map<object | string, ScanNode | null>()
  const mapStarts = new Map<object | string, Map<string, ScanNode>>()
  const rightOf = (node: ScanNode): ScanNode | null => {
    const overlaid = right.get(node)
    return overlaid !== undefined ? overlaid : (node.right ?? null)
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
  const base = (id: Y.ID): ScanNode | null => {
    const hit = holding(virtual.get(id.client) ?? [], id.clock)
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
  const find = (id: Y.ID): ScanNode | null => {
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
    const node = find(Y.createID(client, clock))
    if (node === null || node.id.clock === clock) return node
    const piece: ScanNode = {
      id: Y.createID(client, clock),
      length: node.id.clock + lengthOf(node) - clock,
      origin: Y.createID(client, clock - 1),
      rightOrigin: node.rightOrigin,
      parentKey: node.parentKey ?? (node.parent as object | null) ?? null,
      parentSub: node.parentSub ?? null,
      gone: isGone(node),
    }
    right.set(piece, rightOf(node))
    right.set(node, piece)
    lengths.set(node, clock - node.id.clock)
    const first = base(Y.createID(client, clock))!
    const split = pieces.get(first) ?? []
    pieces.set(first, split)
    let at = split.length
    while (at > 0 && split[at - 1]!.id.clock > clock) at -= 1
    split.splice(at, 0, piece)
    return piece
  }
  const add = (client: number, node: ScanNode): void => {
    const run = virtual.get(client) ?? []
    virtual.set(client, run)
    run.push(node)
  }

  let steps = 0
  let over = false
  const integrate = (struct: Y.Item | Y.GC | Y.Skip): void => {
    // What the doc already holds of it is skipped, as Yjs does; the rest's origin is the clock before.
    const state = Y.getState(store, struct.id.client)
    if (struct.id.clock + struct.length <= state) return
    const offset = Math.max(0, state - struct.id.clock)
    const id = Y.createID(struct.id.client, struct.id.clock + offset)
    const length = struct.length - offset
    if (!(struct instanceof Y.Item)) {
      add(id.client, { id, length, origin: null, rightOrigin: null, gone: true })
      return
    }
    const origin = offset > 0 ? Y.createID(id.client, id.clock - 1) : struct.origin
    if (origin) splitAt(origin.client, origin.clock + 1)
    const originNode = origin ? find(origin) : null
    const rightNode = struct.rightOrigin ? splitAt(struct.rightOrigin.client, struct.rightOrigin.clock) : null
    let parentKey: object | string | null = null
    let sub = struct.parentSub
    const parent = struct.parent as unknown
    if (typeof parent === 'string') parentKey = doc.share.get(parent) ?? `root:${parent}`
    else if (parent) {
      const node = find(parent as Y.ID)
      parentKey = node && !isGone(node) ? ((node as { content?: { type?: object } }).content?.type ?? node) : null
    } else {
      const node = originNode ?? rightNode
      if (node) {
        parentKey = node.parentKey ?? (node.parent as object | null) ?? null
        sub = node.parentSub ?? null
      }
    }
    const self: ScanNode = { id, length, origin, rightOrigin: struct.rightOrigin, parentKey, parentSub: sub }
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
    const before = new Map<ScanNode, number>()
    let conflictsFrom = 0
    while (node !== null && node !== rightNode) {
      scanned += 1
      if (steps + scanned > budget) {
        over = true
        break
      }
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
      right.set(self, rightOf(left))
      right.set(left, self)
    } else if (sub === null) {
      right.set(self, startOf(parentKey))
      starts.set(parentKey, self)
    } else {
      right.set(self, leftmostOfKey(parentKey, sub).node)
      const keys = mapStarts.get(parentKey) ?? new Map<string, ScanNode>()
      mapStarts.set(parentKey, keys)
      keys.set(sub, self)
    }
    // Its children's list is keyed by the node itself.
    if (struct.content instanceof Y.ContentType) (self as { content?: { type: object } }).content = { type: self }
    add(id.client, self)
  }

  // Causal order, as Yjs's integrateStructs stacks runs: a struct after those of this update its
  // origin, right origin, parent and previous clock are in.
  const next = new Map([...byClient.keys()].map((client) => [client, 0]))
  const unintegrated = (id: Y.ID | null): number | null => {
    const run = id && byClient.get(id.client)
    if (!id || !run) return null
    const last = run.at(-1)!
    return next.get(id.client)! < run.length && id.clock >= run[next.get(id.client)!]!.id.clock && id.clock < last.id.clock + last.length ? id.client : null
  }
  for (const start of byClient.keys()) {
    const stack = [start]
    const onStack = new Set([start])
    while (stack.length > 0 && !over) {
      const client = stack.at(-1)!
      const run = byClient.get(client)!
      const at = next.get(client)!
      if (at >= run.length) {
        onStack.delete(stack.pop()!)
        continue
      }
      const struct = run[at]!
      const dependencies =
        struct instanceof Y.Item ? [struct.origin, struct.rightOrigin, struct.parent && typeof struct.parent !== 'string' ? (struct.parent as Y.ID) : null] : []
      const dependency = dependencies.map(unintegrated).find((other) => other !== null && other !== client && !onStack.has(other))
      if (dependency !== undefined && dependency !== null) {
        stack.push(dependency)
        onStack.add(dependency)
        continue
      }
      integrate(struct)
      next.set(client, at + 1)
      if (stack.length > 1) onStack.delete(stack.pop()!)
    }
  }
  return { steps, over }
}
