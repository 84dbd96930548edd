/**
 * Runs `task` on every item, `lanes` at a time: each lane takes the next item when done with one.
 * `lane` says which lane runs the item, for a lane that holds something of its own (a worker).
 */
export async function inLanes<T>(items: readonly T[], lanes: number, task: (item: T, position: number, lane: number) => Promise<void>): Promise<void> {
  let next = 0
  const run = async (lane: number) => {
    for (let position = next++; position < items.length; position = next++) await task(items[position] as T, position, lane)
  }
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, (_, lane) => run(lane)))
}
