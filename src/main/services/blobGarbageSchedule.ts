import type { Library } from '../library/library.js'
import type { AppLog } from '../log/appLog.js'

/** How often the library's unreferenced images are looked for while the app runs. */
const GARBAGE_INTERVAL_MS = 24 * 60 * 60 * 1000

/**
 * Runs the library's garbage collection of images (Library.collectBlobGarbage) in the background: once
 * at start, then once a day. A failure is logged and waits for the next run.
 */
export class BlobGarbageSchedule {
  private running: Promise<void> = Promise.resolve()
  private readonly timer: NodeJS.Timeout

  constructor(
    private readonly library: Library,
    private readonly log: AppLog,
  ) {
    this.run()
    this.timer = setInterval(() => this.run(), GARBAGE_INTERVAL_MS)
    // Nothing to wait for: a quit need not wait a day.
    this.timer.unref()
  }

  /** Stops the schedule, and waits for a run under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer)
    await this.running
  }

  private run(): void {
    this.running = this.running.then(() =>
      this.library.collectBlobGarbage().then(
        (removed) => {
          if (removed.length > 0) this.log.warn(`Removed ${removed.length} images that no document or version had referenced for 30 days.`)
        },
        (error: unknown) => this.log.error('Unreferenced images could not be looked for; they are looked for again tomorrow.', { error }),
      ),
    )
  }
}
