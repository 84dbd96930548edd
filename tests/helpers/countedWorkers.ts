/** The worker threads started since the test last set `started` to 0, and those running now (see countingWorkers). */
export const workers = { started: 0, running: 0 }

/**
 * node:worker_threads with a Worker that counts itself in `workers`: what a test that mocks the module
 * with it sees of the threads code under test starts and ends, with no hook in that code.
 * `vi.mock('node:worker_threads', (original) => import('../helpers/countedWorkers.js').then((counted) => counted.countingWorkers(original)))`
 */
export async function countingWorkers(importOriginal: () => Promise<unknown>): Promise<typeof import('node:worker_threads')> {
  const original = (await importOriginal()) as typeof import('node:worker_threads')
  class CountedWorker extends original.Worker {
    constructor(...args: ConstructorParameters<typeof original.Worker>) {
      super(...args)
      workers.started++
      workers.running++
      this.once('exit', () => workers.running--)
    }
  }
  return { ...original, Worker: CountedWorker }
}
