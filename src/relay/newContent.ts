import * as Y from 'yjs'

/**
 * Collects what applying one update adds to a doc, whether it is applied whole or a slice at a time
 * over several turns of the event loop (other connections' updates may be applied in between; only
 * transactions with this `origin` count). What is new is the update Yjs emits for each transaction:
 * each is stored as it is (merging a sliced update's parts would take one long turn). What Yjs holds
 * back is in none of them; the room keeps and stores it apart (see HeldBack).
 */
export class NewContent {
  /** What the transactions applied so far added, once stopped. */
  readonly fresh: Uint8Array[] = []
  private readonly collect = (emitted: Uint8Array, origin: unknown) => {
    if (origin === this.origin) this.fresh.push(emitted)
  }

  constructor(
    private readonly doc: Y.Doc,
    private readonly origin: unknown,
  ) {
    doc.on('update', this.collect)
  }

  apply(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, this.origin)
  }

  /** Stops collecting; call it once the last slice is applied, or one failed. */
  stop(): void {
    this.doc.off('update', this.collect)
  }
}
