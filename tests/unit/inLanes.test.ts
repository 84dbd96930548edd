import { describe, expect, it } from 'vitest'
import { inLanes } from '../../src/shared/inLanes.js'

const tick = () => new Promise((resolve) => setTimeout(resolve, 1))

describe('inLanes', () => {
  it('runs every item once, at most `lanes` at a time, each lane on one item at a time', async () => {
    const done: number[] = []
    const busy = new Set<number>()
    let running = 0
    let most = 0
    await inLanes([10, 11, 12, 13, 14, 15, 16], 3, async (item, position, lane) => {
      expect(item).toBe(position + 10)
      expect(busy.has(lane)).toBe(false)
      busy.add(lane)
      running += 1
      most = Math.max(most, running)
      await tick()
      running -= 1
      busy.delete(lane)
      done.push(position)
    })
    expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(most).toBe(3)
  })

  it('throws the first failure only once every lane has stopped, and starts no item after it', async () => {
    const events: string[] = []
    const run = inLanes([0, 1, 2, 3, 4, 5], 3, async (item) => {
      events.push(`start ${item}`)
      if (item === 0) throw new Error('zero failed')
      await tick()
      await tick()
      events.push(`end ${item}`)
    })
    await expect(run).rejects.toThrow('zero failed')
    // 1 and 2 were under way: they ended before inLanes threw; nothing started after the failure.
    expect(events).toEqual(['start 0', 'start 1', 'start 2', 'end 1', 'end 2'])
  })

  it('refuses fewer than one lane when there are items, and runs nothing', async () => {
    const ran: number[] = []
    const task = async (item: number) => {
      ran.push(item)
    }
    await expect(inLanes([1, 2], 0, task)).rejects.toThrow(RangeError)
    await inLanes([], 0, task)
    expect(ran).toEqual([])
  })
})
