import { describe, expect, it } from 'vitest'
import { CoalescedTask } from '../../src/main/coalescedTask.js'

describe('a coalesced task', () => {
  it('runs once at a time, and the requests made during a run share the next one', async () => {
    let state = 0
    const seen: number[] = []
    let running = 0
    const releases: (() => void)[] = []
    const task = new CoalescedTask(async () => {
      running += 1
      expect(running).toBe(1)
      seen.push(state)
      await new Promise<void>((resolve) => releases.push(resolve))
      running -= 1
    })
    const first = task.run()
    await Promise.resolve()
    state = 1
    const second = task.run()
    state = 2
    const third = task.run()
    expect(third).toBe(second)
    await new Promise((resolve) => setImmediate(resolve))
    releases.shift()!()
    await first
    await new Promise((resolve) => setImmediate(resolve))
    releases.shift()!()
    await second
    expect(seen).toEqual([0, 2])
    await task.settled()
  })

  it('goes on after a failed run, which rejects only the requests it covered', async () => {
    let fail = true
    const task = new CoalescedTask(async () => {
      if (fail) throw new Error('disk full')
    })
    await expect(task.run()).rejects.toThrow('disk full')
    fail = false
    await expect(task.run()).resolves.toBeUndefined()
  })
})
