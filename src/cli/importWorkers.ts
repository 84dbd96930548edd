import { availableParallelism, totalmem } from 'node:os'

/**
 * How many workers casebook import converts on: one per core, but each may use --memory-limit MB: no more than the machine's memory holds, and
 * no more than 4 (more cores than that convert little faster, as the stores are serial).
 */
export function importWorkers(memoryMb: number): number {
  return Math.max(1, Math.min(availableParallelism(), 4, Math.floor(totalmem() / (memoryMb * 1024 * 1024))))
}
