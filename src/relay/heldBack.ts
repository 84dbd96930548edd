import * as Y from 'yjs'

/**
 * What Yjs holds back of a room's updates (structs and deletions whose dependencies have not arrived),
 * kept out of the room's doc. Left in the doc, Yjs would retry them inside whichever update brings
 * what they wait for, and their conflict scan would be charged to that update's sender; they would
 * also be in no update Yjs emits, so nothing stored of them. Here they are one v1 update, with the
 * lowest clock of each client they miss, that the room retries itself once the doc reaches one.
 */
export class HeldBack {
  private held: Uint8Array | null = null
  /** Per client, the clock past which the doc holds something held-back structs or deletions wait for (as Yjs's own). */
  private readonly missing = new Map<number, number>()

  /** The held-back update, or null. */
  get update(): Uint8Array | null {
    return this.held
  }

  /**
   * Moves what Yjs holds back in `doc` out of it, merged with what is held already; call it after each
   * update applied to the doc. Returns whether there was any.
   */
  take(doc: Y.Doc): boolean {
    const { pendingStructs, pendingDs } = doc.store
    if (!pendingStructs && !pendingDs) return false
    const parts = this.held ? [this.held] : []
    if (pendingStructs) {
      parts.push(Y.convertUpdateFormatV2ToV1(pendingStructs.update))
      for (const [client, clock] of pendingStructs.missing) this.wait(client, clock)
    }
    if (pendingDs) {
      parts.push(Y.convertUpdateFormatV2ToV1(pendingDs))
      // Yjs keeps of a deleted range only what starts past the doc's state of its client.
      for (const [client, ranges] of Y.decodeUpdateV2(pendingDs).ds.clients) for (const { clock } of ranges) this.wait(client, clock)
    }
    this.held = parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts)
    doc.store.pendingStructs = null
    doc.store.pendingDs = null
    return true
  }

  /** Whether `doc` now holds something the held-back update waits for. */
  reached(doc: Y.Doc): boolean {
    for (const [client, clock] of this.missing) if (clock < Y.getState(doc.store, client)) return true
    return false
  }

  /** Gives the held-back update away (to be retried or discarded), holding nothing after. */
  release(): Uint8Array | null {
    const held = this.held
    this.held = null
    this.missing.clear()
    return held
  }

  /** Notes that what is held waits for `client`'s clocks past `clock`. */
  private wait(client: number, clock: number): void {
    const known = this.missing.get(client)
    if (known === undefined || clock < known) this.missing.set(client, clock)
  }
}
