import { describe, expect, it } from 'vitest'
import { SyncQueue } from '../../../src/main/sync/syncQueue.js'

/** A sync for each id that runs until the test finishes or fails it. */
function controlledSyncs() {
  const running = new Map<string, { finish: () => void; fail: (error: Error) => void; signal: AbortSignal }>()
  const started: string[] = []
  const sync = (id: string, signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      started.push(id)
      running.set(id, { finish: resolve, fail: reject, signal })
      signal.addEventListener('abort', () => reject(signal.reason))
    })
  return { running, started, sync }
}

const turn = () => new Promise((resolve) => setImmediate(resolve))

describe('the sync queue', () => {
  it('runs at most its limit at once, and each waiting document once', async () => {
    const { running, started, sync } = controlledSyncs()
    const done: string[] = []
    const queue = new SyncQueue(2, sync, (id) => done.push(id))
    for (const id of ['a', 'b', 'c', 'a', 'd', 'c']) queue.add(id)
    queue.resume()
    expect(started).toEqual(['a', 'b'])
    running.get('a')!.finish()
    await turn()
    expect(started).toEqual(['a', 'b', 'c'])
    running.get('b')!.finish()
    await turn()
    expect(started).toEqual(['a', 'b', 'c', 'd'])
    for (const id of ['c', 'd']) running.get(id)!.finish()
    await turn()
    expect(started).toEqual(['a', 'b', 'c', 'd'])
    expect(done.sort()).toEqual(['a', 'b', 'c', 'd'])
  })

  it('runs a document again when it is asked for while its sync runs', async () => {
    const { running, started, sync } = controlledSyncs()
    const queue = new SyncQueue(4, sync, () => {})
    queue.resume()
    queue.add('a')
    queue.add('a')
    expect(started).toEqual(['a'])
    running.get('a')!.finish()
    await turn()
    expect(started).toEqual(['a', 'a'])
  })

  it('waits while paused, aborts running syncs on a pause and runs them again on resume', async () => {
    const { running, started, sync } = controlledSyncs()
    const errors: unknown[] = []
    const queue = new SyncQueue(4, sync, (_id, error) => error && errors.push(error))
    queue.add('a')
    expect(started).toEqual([])
    queue.resume()
    expect(started).toEqual(['a'])
    queue.pause()
    expect(running.get('a')!.signal.aborted).toBe(true)
    await turn()
    expect(started).toEqual(['a'])
    queue.resume()
    expect(started).toEqual(['a', 'a'])
    running.get('a')!.fail(new Error('the disk is full'))
    await turn()
    expect(errors).toEqual([new Error('the disk is full')])
  })

  it('stops: aborts what runs, forgets what waits', async () => {
    const { started, sync } = controlledSyncs()
    const queue = new SyncQueue(1, sync, () => {})
    queue.resume()
    queue.add('a')
    queue.add('b')
    await queue.stop()
    expect(started).toEqual(['a'])
    queue.resume()
    expect(started).toEqual(['a'])
  })

  it('cancels one document: aborts its running sync without running it again, drops it from the waiting, and tells nobody', async () => {
    const { running, started, sync } = controlledSyncs()
    const done: [string, unknown][] = []
    const queue = new SyncQueue(1, sync, (id, error) => done.push([id, error]))
    queue.resume()
    queue.add('a')
    queue.add('a')
    queue.add('b')
    queue.add('c')
    queue.cancel('a')
    queue.cancel('b')
    expect(running.get('a')!.signal.aborted).toBe(true)
    await turn()
    expect(started).toEqual(['a', 'c'])
    running.get('c')!.finish()
    await turn()
    expect(done).toEqual([['c', undefined]])
    queue.add('a')
    expect(started).toEqual(['a', 'c', 'a'])
  })
})
