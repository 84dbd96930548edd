/**
 * Runs `task` on every item, `lanes` at a time: each lane takes the next item when done with one.
 * `lane` says which lane runs the item, for a lane that holds something of its own (a worker).
 * After a task fails no lane takes a new item, and the first failure is thrown only once every
 * lane has stopped: nothing runs on after the caller moves on.
 */
export async function inLanes<T>(items: readonly T[], lanes: number, task: (item: T, position: number, lane: number) => Promise<void>): Promise<void> {
  if (items.length && !(lanes >= 1)) throw new RangeError(`inLanes needs at least one lane, not ${lanes}.`)
  let next = 0
  let failed = false
  const run = async (lane: number) => {
    while (!failed && next < items.length) {
      const position = next++
      try {
        await task(items[position] as T, position, lane)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  const settled = await Promise.allSettled(Array.from({ length: Math.min(lanes, items.length) }, (_, lane) => run(lane)))
  const failure = settled.find((result) => result.status === 'rejected')
  if (failure) throw failure.reason
}
