import type { PendingUpdate } from './documentStore.js'

interface Unconfirmed extends PendingUpdate {
  /** Its publisher's count (BusMessage `update`'s `n`). */
  n: number
  at: number
}

/**
 * The updates other instances published and have not yet said are stored. An instance fans out an
 * update before it is durable; killed before its COMMIT, its clients' next sync finds the update in
 * the other instances' rooms, and sends nothing again. So an instance that holds one which its
 * publisher never confirms stores it itself (the same update twice in the store is harmless: Yjs
 * applies it once).
 */
export class UnconfirmedUpdates {
  private readonly byPublisher = new Map<string, Unconfirmed[]>()

  constructor(
    /** How long a publisher has to confirm, far longer than a commit takes. */
    private readonly patienceMs: number,
  ) {}

  received(publisher: string, { room, update, n }: { room: string; update: Uint8Array; n: number }): void {
    const unconfirmed = this.byPublisher.get(publisher) ?? []
    this.byPublisher.set(publisher, unconfirmed)
    unconfirmed.push({ room, update, n, at: Date.now() })
  }

  /** The publisher has stored every update it published up to `upTo`. */
  stored(publisher: string, upTo: number): void {
    const unconfirmed = this.byPublisher.get(publisher)
    if (!unconfirmed) return
    const kept = unconfirmed.filter(({ n }) => n > upTo)
    if (kept.length === 0) this.byPublisher.delete(publisher)
    else this.byPublisher.set(publisher, kept)
  }

  /** The updates past their publisher's patience, forgotten here: to store. */
  due(now = Date.now()): PendingUpdate[] {
    const due: PendingUpdate[] = []
    for (const [publisher, unconfirmed] of this.byPublisher) {
      const kept = unconfirmed.filter(({ at }) => at > now - this.patienceMs)
      for (const { room, update, at } of unconfirmed) if (at <= now - this.patienceMs) due.push({ room, update })
      if (kept.length === 0) this.byPublisher.delete(publisher)
      else this.byPublisher.set(publisher, kept)
    }
    return due
  }
}
