/**
 * Documents waiting to be synced, run at most `limit` at a time, so that a network of thousands of
 * documents never opens thousands of sockets. A document asked for again while its sync runs is run
 * once more afterwards (the change may have come too late for the running one). Pausing aborts the
 * running syncs and keeps them queued; resuming starts again.
 */
export class SyncQueue {
  private readonly waiting = new Set<string>()
  private readonly running = new Map<string, AbortController>()
  private readonly again = new Set<string>()
  private paused = true
  private stopWaiters: (() => void)[] = []

  constructor(
    private readonly limit: number,
    private readonly sync: (id: string, signal: AbortSignal) => Promise<void>,
    /** Told when a sync ends, with its error if it failed for a reason other than a pause. */
    private readonly onDone: (id: string, error?: unknown) => void,
  ) {}

  add(id: string): void {
    if (this.running.has(id)) this.again.add(id)
    else this.waiting.add(id)
    this.pump()
  }

  /** The documents waiting, running, or to run again. */
  ids(): Iterable<string> {
    return [...this.waiting, ...this.running.keys()]
  }

  /** Drops the document's sync, waiting or running (aborted), until it is added again. */
  cancel(id: string): void {
    this.waiting.delete(id)
    this.again.delete(id)
    this.running.get(id)?.abort(new Error('cancelled'))
  }

  pause(): void {
    this.paused = true
    for (const [id, controller] of this.running) {
      this.again.add(id)
      controller.abort(new Error('paused'))
    }
  }

  resume(): void {
    this.paused = false
    this.pump()
  }

  /** Aborts the running syncs, forgets the waiting ones, and resolves once none runs. */
  stop(): Promise<void> {
    this.pause()
    this.waiting.clear()
    this.again.clear()
    if (this.running.size === 0) return Promise.resolve()
    return new Promise((resolve) => this.stopWaiters.push(resolve))
  }

  private pump(): void {
    while (!this.paused && this.running.size < this.limit && this.waiting.size > 0) {
      const id = this.waiting.values().next().value as string
      this.waiting.delete(id)
      this.start(id)
    }
    if (this.running.size === 0) for (const resolve of this.stopWaiters.splice(0)) resolve()
  }

  private start(id: string): void {
    const controller = new AbortController()
    this.running.set(id, controller)
    this.sync(id, controller.signal).then(
      () => this.finish(id),
      (error: unknown) => this.finish(id, error),
    )
  }

  private finish(id: string, error?: unknown): void {
    // An aborted sync failed because of the pause, not of its own.
    const aborted = this.running.get(id)!.signal.aborted
    this.running.delete(id)
    if (this.again.delete(id)) this.waiting.add(id)
    if (!aborted) this.onDone(id, error)
    this.pump()
  }
}
