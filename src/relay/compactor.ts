import { Worker } from 'node:worker_threads'
import type { Logger } from 'pino'
import type { Compacted } from './documentStore.js'

/** What the relay tells the compaction worker. */
export type CompactRequest = { type: 'compact'; room: string } | { type: 'write' } | { type: 'close' }

/** What the compaction worker tells the relay. */
export type CompactResult =
  | { type: 'ready'; room: string }
  /** `updates` rows and `readBytes` (snapshot included) were replaced by a snapshot of `snapshotBytes`. */
  | { type: 'done'; room: string; updates: number; readBytes: number; snapshotBytes: number }
  | { type: 'failed'; room: string; message: string }

/** The store's own writes, held back while the worker writes, so that the event loop never waits on the database's lock. */
export interface Writes {
  hold(): void
  release(): void
}

// The worker's bundle sits beside the relay's in dist/cli; run from source (the tests), the built one.
const WORKER = import.meta.url.endsWith('.ts') ? new URL('../../dist/cli/compactWorker.js', import.meta.url) : new URL('./compactWorker.js', import.meta.url)

/**
 * Folds a room's stored updates into its snapshot in a worker thread, one room at a time (the relay's
 * Compactions asks for one at a time): rebuilding and encoding a document of millions of items takes
 * seconds, which the relay's event loop must not wait for. Only the updates the worker read are
 * replaced; those stored meanwhile stay, so no acknowledged update is lost whenever the relay stops.
 * A worker is started when a compaction is asked for and stopped once it is done and no other is
 * asked for in the same turn.
 */
export class Compactor {
  private worker: Worker | null = null
  private running: { room: string; done: (result: Compacted | null) => void } | null = null
  private holding = false
  /** Resolves once the last worker told to stop has. */
  private stopped: Promise<void> = Promise.resolve()

  constructor(
    private readonly dataDir: string,
    private readonly writes: Writes,
    private readonly log: Logger,
  ) {}

  /** Compacts the room; null if it could not (the worker failed: its updates stay stored). */
  compact(room: string): Promise<Compacted | null> {
    if (this.running) return Promise.reject(new Error('The compactor compacts one room at a time.'))
    return new Promise((done) => {
      this.running = { room, done }
      this.started().postMessage({ type: 'compact', room } satisfies CompactRequest)
    })
  }

  /** Waits for the worker to stop. */
  close(): Promise<void> {
    this.stop()
    return this.stopped
  }

  /** Stops the worker once it has nothing to do: its heap and database connection are some tens of MB. */
  private stop(): void {
    const worker = this.worker
    if (!worker || this.running) return
    this.worker = null
    this.stopped = new Promise((resolve) => worker.once('exit', () => resolve()))
    worker.postMessage({ type: 'close' } satisfies CompactRequest)
  }

  private started(): Worker {
    if (this.worker) return this.worker
    const worker = new Worker(WORKER, { workerData: { dataDir: this.dataDir } })
    worker.unref()
    worker.on('message', (result: CompactResult) => this.received(worker, result))
    // A worker that dies (out of memory, say) compacts nothing: the updates stay stored, and the next
    // compaction starts a new worker.
    worker.on('error', (error) => this.log.error({ err: error }, 'the compaction worker failed'))
    worker.on('exit', () => {
      if (this.worker !== worker) return
      this.worker = null
      if (this.running) this.finished({ type: 'failed', room: this.running.room, message: 'the compaction worker stopped' })
    })
    this.worker = worker
    return worker
  }

  private received(worker: Worker, result: CompactResult): void {
    if (result.type === 'ready') {
      this.holding = true
      this.writes.hold()
      worker.postMessage({ type: 'write' } satisfies CompactRequest)
      return
    }
    this.finished(result)
  }

  private finished(result: Exclude<CompactResult, { type: 'ready' }>): void {
    if (this.holding) {
      this.holding = false
      this.writes.release()
    }
    const running = this.running
    this.running = null
    if (result.type === 'failed') this.log.error({ room: result.room, reason: result.message }, 'could not compact a document; its updates stay stored')
    running?.done(result.type === 'done' ? { updates: result.updates, readBytes: result.readBytes, snapshotBytes: result.snapshotBytes } : null)
    setImmediate(() => this.stop())
  }
}
