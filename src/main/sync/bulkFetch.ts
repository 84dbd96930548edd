import * as Y from 'yjs'
import type { FetchedDocument, FetchLimits, FetchRequest } from '../../shared/protocol/fetchFrames.js'

/** Fetches answered or under way at once: one is being stored while the next crosses the network. */
const IN_FLIGHT = 2
/** The state vector of a document this device does not have. */
const NOTHING = Y.encodeStateVector(new Y.Doc())

/**
 * Documents new to this device, fetched over the network's feed a batch at a time (docs/SYNC.md,
 * "Joining a large network") rather than each over a socket of its own. A batch counts as in flight
 * until its answer is handled (`handle` resolved), so that at most IN_FLIGHT batches are held in
 * memory however slowly they are stored; what a relay did not answer, `handle` passes on.
 */
export class BulkFetch {
  private readonly waiting = new Set<string>()
  /** Each request's documents, and whether its answer is being handled. */
  private readonly inFlight = new Map<number, { ids: string[]; handling: boolean }>()
  private limits: FetchLimits | null = null
  private nextRequest = 1
  /** Answers being handled. */
  private readonly handling = new Set<Promise<void>>()

  constructor(
    private readonly send: (request: number, documents: FetchRequest[]) => boolean,
    /** Stores what was answered and passes on each id asked and not answered. */
    private readonly handle: (asked: string[], answered: FetchedDocument[]) => Promise<void>,
    /** An answer was handled, and its documents are no longer in flight. */
    private readonly onHandled: () => void = () => {},
  ) {}

  /** Whether the relay, as last connected, answers fetches. */
  get available(): boolean {
    return this.limits !== null
  }

  /** Documents waiting or in flight. */
  ids(): Iterable<string> {
    return [...this.waiting, ...[...this.inFlight.values()].flatMap(({ ids }) => ids)]
  }

  add(id: string): void {
    this.waiting.add(id)
    this.pump()
  }

  /** The feed connected to a relay that answers fetches within `limits`. */
  connected(limits: FetchLimits): void {
    this.limits = limits
    this.pump()
  }

  /** The feed dropped: answers not yet come will not, so their documents wait again. */
  disconnected(): void {
    this.limits = null
    for (const [request, { ids, handling }] of this.inFlight) {
      if (handling) continue
      for (const id of ids) this.waiting.add(id)
      this.inFlight.delete(request)
    }
  }

  /** Forgets every document waiting, and resolves once no answer is being handled. */
  async stop(): Promise<void> {
    this.disconnected()
    this.waiting.clear()
    await Promise.all(this.handling)
  }

  /** Takes every document waiting, for a relay that turned out not to answer fetches. */
  takeWaiting(): string[] {
    const ids = [...this.waiting]
    this.waiting.clear()
    return ids
  }

  answered(request: number, documents: FetchedDocument[]): void {
    const asked = this.inFlight.get(request)
    // An answer to a request made on an earlier connection, whose documents wait again.
    if (!asked || asked.handling) return
    asked.handling = true
    const handled: Promise<void> = this.handle(asked.ids, documents).finally(() => {
      this.handling.delete(handled)
      this.inFlight.delete(request)
      this.pump()
      this.onHandled()
    })
    this.handling.add(handled)
  }

  private pump(): void {
    while (this.limits && this.inFlight.size < IN_FLIGHT && this.waiting.size > 0) {
      const ids = [...this.waiting].slice(0, this.limits.maxDocuments)
      const request = this.nextRequest++
      if (
        !this.send(
          request,
          ids.map((document) => ({ document, stateVector: NOTHING })),
        )
      )
        return
      for (const id of ids) this.waiting.delete(id)
      this.inFlight.set(request, { ids, handling: false })
    }
  }
}
