import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks'
import { getHeapStatistics } from 'node:v8'

/** What the ceiling needs to know of a loaded document. */
export interface Unloadable {
  /** When the document was last joined or changed (performance.now()). */
  lastActive: number
}

/**
 * The relay's memory ceiling: once V8's heap passes a share of its limit, the least recently used
 * quarter of the loaded documents are to be unloaded, so that the process never dies of heap
 * exhaustion. Unloading frees nothing until the next full garbage collection, so after choosing, the
 * ceiling chooses no more until one has run; otherwise the garbage of the documents just unloaded
 * would count against the rest, and every document would go.
 */
export class MemoryCeiling {
  /** The heap size, in bytes, above which documents are unloaded. */
  readonly bytes: number
  private waitingForGc: PerformanceObserver | null = null

  constructor(share: number) {
    this.bytes = Math.floor(share * getHeapStatistics().heap_size_limit)
  }

  /** Whether the heap is past the ceiling now. */
  isPassed(): boolean {
    return getHeapStatistics().used_heap_size > this.bytes
  }

  /** The documents to unload now, least recently used first; none while the heap is under the ceiling. */
  choose<T extends Unloadable>(loaded: Iterable<T>): T[] {
    if (this.waitingForGc || !this.isPassed()) return []
    const byAge = [...loaded].sort((a, b) => a.lastActive - b.lastActive)
    const chosen = byAge.slice(0, Math.ceil(byAge.length / 4))
    if (chosen.length > 0) this.waitForFullGc()
    return chosen
  }

  close(): void {
    this.waitingForGc?.disconnect()
    this.waitingForGc = null
  }

  private waitForFullGc(): void {
    const observer = new PerformanceObserver((list) => {
      const entries = list.getEntries() as (PerformanceEntry & { detail?: { kind?: number } })[]
      if (entries.some((entry) => entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) this.close()
    })
    observer.observe({ entryTypes: ['gc'] })
    this.waitingForGc = observer
  }
}
