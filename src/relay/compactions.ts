import type { Logger } from 'pino'
import type { Compacted } from './documentStore.js'

/**
 * The rooms waiting to be compacted, compacted one at a time: a compaction folds a whole document,
 * and several at once would only compete for the same core and disk.
 */
export class Compactions {
  private readonly queue = new Set<string>()
  /** The room being compacted, and the loop that compacts them. */
  private compacting: string | null = null
  private running: Promise<void> | null = null

  constructor(
    private readonly compact: (room: string) => Promise<Compacted | null>,
    private readonly onCompacted: (room: string, compacted: Compacted) => void,
    private readonly log: Logger,
  ) {}

  /** Compacts the room once those asked for before are done; nothing if it waits or is being compacted already (what is stored meanwhile waits for its next compaction). */
  request(room: string): void {
    if (this.compacting === room) return
    this.queue.add(room)
    this.running ??= this.run()
  }

  /** Resolves once every compaction asked for is done. */
  async settled(): Promise<void> {
    while (this.running) await this.running
  }

  private async run(): Promise<void> {
    for (let [room] = this.queue; room !== undefined; [room] = this.queue) {
      this.queue.delete(room)
      this.compacting = room
      try {
        const compacted = await this.compact(room)
        if (compacted) this.onCompacted(room, compacted)
      } catch (error) {
        this.log.error({ err: error, room }, 'could not compact a document; its updates stay stored')
      }
      this.compacting = null
    }
    this.running = null
  }
}
