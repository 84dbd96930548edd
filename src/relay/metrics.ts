import Counter from 'prom-client/lib/counter.js'
import Gauge from 'prom-client/lib/gauge.js'
import Registry from 'prom-client/lib/registry.js'

/** Seconds over which updates per second is averaged. */
const RATE_WINDOW = 10

/** The relay's Prometheus metrics, in a registry of its own (several relays may share a process in tests). */
export class RelayMetrics {
  readonly registry = new Registry()
  readonly connections = new Gauge({ name: 'casebook_relay_connections', help: 'Open client connections.', registers: [this.registry] })
  readonly documentsLoaded = new Gauge({ name: 'casebook_relay_documents_loaded', help: 'Documents held in memory.', registers: [this.registry] })
  readonly presenceIds = new Gauge({
    name: 'casebook_relay_presence_ids',
    help: 'Awareness client ids the loaded documents keep a clock for: those with a state, and those withdrawn by connections still open.',
    registers: [this.registry],
  })
  readonly updates = new Counter({ name: 'casebook_relay_updates_total', help: 'Updates stored.', registers: [this.registry] })
  readonly bytesStored = new Counter({ name: 'casebook_relay_stored_bytes_total', help: 'Bytes of updates stored.', registers: [this.registry] })
  readonly compactions = new Counter({
    name: 'casebook_relay_compactions_total',
    help: 'Documents whose stored updates were folded into their snapshot.',
    registers: [this.registry],
  })
  readonly memoryUnloads = new Counter({
    name: 'casebook_relay_memory_unloaded_documents_total',
    help: 'Documents unloaded because the heap passed its ceiling.',
    registers: [this.registry],
  })
  readonly memoryCloses = new Counter({
    name: 'casebook_relay_memory_closed_connections_total',
    help: 'Connections closed with 1013 (try again later) because their document was unloaded to free memory.',
    registers: [this.registry],
  })
  readonly rejected = new Counter({
    name: 'casebook_relay_rejected_frames_total',
    help: 'Frames refused, by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  })
  readonly heldBackDiscarded = new Counter({
    name: 'casebook_relay_held_back_discarded_total',
    help: 'Held-back structs or deletions discarded: their conflict scan past --max-update-scan, not integrable, or past the cap on what a document holds back.',
    registers: [this.registry],
  })
  readonly blobsStored = new Counter({ name: 'casebook_relay_blobs_stored_total', help: 'Blobs (images) stored.', registers: [this.registry] })
  readonly blobBytesStored = new Counter({ name: 'casebook_relay_blob_bytes_stored_total', help: 'Bytes of blobs stored.', registers: [this.registry] })
  readonly blobRefusals = new Counter({
    name: 'casebook_relay_blob_refusals_total',
    help: 'Requests of the blob routes refused, by reason.',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  })
  readonly limitsShared = new Gauge({
    name: 'casebook_relay_limits_shared',
    help: 'Whether connection limits count what every relay instance holds, through Redis (1), or what this one holds alone (0: no Redis, or Redis unreachable).',
    registers: [this.registry],
  })
  private readonly perSecond: number[] = new Array<number>(RATE_WINDOW).fill(0)
  private second = Math.floor(Date.now() / 1000)

  constructor() {
    const metrics = this
    new Gauge({
      name: 'casebook_relay_updates_per_second',
      help: `Updates stored per second, averaged over the last ${RATE_WINDOW} seconds.`,
      registers: [this.registry],
      collect() {
        metrics.advance()
        this.set(metrics.perSecond.reduce((sum, count) => sum + count, 0) / RATE_WINDOW)
      },
    })
    // Read when scraped. prom-client's default metrics are not used: their event-loop monitor and
    // garbage-collection observer cost the relay a fifth of its fan-out latency at the 99th percentile.
    new Gauge({
      name: 'process_resident_memory_bytes',
      help: 'Resident memory size in bytes.',
      registers: [this.registry],
      collect() {
        this.set(process.memoryUsage.rss())
      },
    })
    new Gauge({
      name: 'nodejs_heap_size_used_bytes',
      help: 'Process heap size used from Node.js in bytes.',
      registers: [this.registry],
      collect() {
        this.set(process.memoryUsage().heapUsed)
      },
    })
  }

  stored(updates: number, bytes: number): void {
    this.advance()
    this.perSecond[this.second % RATE_WINDOW]! += updates
    this.updates.inc(updates)
    this.bytesStored.inc(bytes)
  }

  /** Clears the slots of the seconds that passed since the last call. */
  private advance(): void {
    const now = Math.floor(Date.now() / 1000)
    for (let second = Math.max(this.second + 1, now - RATE_WINDOW + 1); second <= now; second += 1) this.perSecond[second % RATE_WINDOW] = 0
    this.second = Math.max(this.second, now)
  }
}
