/** How many worker threads were started since the test last set it to 0 (see countingWorkers). */
export const started = { workers: 0 }

/**
 * node:worker_threads with a Worker that counts itself in `started`: what a test that mocks the module
 * with it sees of the threads code under test starts, with no hook in that code.
 * `vi.mock('node:worker_threads', (original) => import('../helpers/countedWorkers.js').then((counted) => counted.countingWorkers(original)))`
 */
export async function countingWorkers(importOriginal: () => Promise<unknown>): Promise<typeof import('node:worker_threads')> {
  const original = (await importOriginal()) as typeof import('node:worker_threads')
  class CountedWorker extends original.Worker {
    constructor(...args: ConstructorParameters<typeof original.Worker>) {
      super(...args)
      started.workers++
    }
  }
  return { ...original, Worker: CountedWorker }
}
