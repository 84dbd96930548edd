import { availableParallelism, totalmem } from 'node:os'

/**
 * How many workers casebook import converts on: one per core, but each may use --memory-limit MB, so
 * no more than the machine's memory holds at that, and no more than 4, so that a many-core machine
 * does not start a dozen of them; at least one.
 */
export function importWorkers(memoryMb: number): number {
  return Math.max(1, Math.min(availableParallelism(), 4, Math.floor(totalmem() / (memoryMb * 1024 * 1024))))
}
