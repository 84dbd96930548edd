import * as Y from 'yjs'

/**
 * Collects what applying one update adds to a doc, whether it is applied whole or a slice at a time
 * over several turns of the event loop (other connections' updates may be applied in between; only
 * transactions with this `origin` count). What is new is the update Yjs emits for each transaction.
 * Yjs holds back structs and deletions whose dependencies have not arrived (pending); they are in no
 * emitted update until then, so an update that left something pending is stored whole, lest that
 * part be lost on a restart.
 */
export class NewContent {
  private readonly fresh: Uint8Array[] = []
  private readonly pendingBefore: Pending
  private pendingAfter: Pending | null = null
  private readonly collect = (emitted: Uint8Array, origin: unknown) => {
    if (origin === this.origin) this.fresh.push(emitted)
  }

  constructor(
    private readonly doc: Y.Doc,
    private readonly origin: unknown,
  ) {
    this.pendingBefore = pending(doc)
    doc.on('update', this.collect)
  }

  apply(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, this.origin)
  }

  /** Stops collecting; call it once the last slice is applied, or one failed. */
  stop(): void {
    this.doc.off('update', this.collect)
    this.pendingAfter = pending(this.doc)
  }

  /**
   * What to store, once stopped, for the `applied` updates (the whole update, or the slices of it applied
   * before one was refused): each transaction's new part as it is (merging a sliced update's parts would
   * take one long turn), or all that was applied if it left something pending.
   */
  toStore(applied: Uint8Array[]): Uint8Array[] {
    const after = this.pendingAfter ?? pending(this.doc)
    if (!sameBytes(this.pendingBefore.structs, after.structs) || !sameBytes(this.pendingBefore.deletions, after.deletions)) return applied
    return this.fresh
  }
}

interface Pending {
  structs: Uint8Array | null
  deletions: Uint8Array | null
}

function pending(doc: Y.Doc): Pending {
  return { structs: doc.store.pendingStructs?.update ?? null, deletions: doc.store.pendingDs }
}

function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === b) return true
  return a !== null && b !== null && Buffer.compare(a, b) === 0
}
