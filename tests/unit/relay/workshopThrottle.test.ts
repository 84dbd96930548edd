import { describe, expect, it } from 'vitest'
import { JoinThrottle } from '../../../src/relay/joinThrottle.js'

describe('the throttle on exchanging workshop codes', () => {
  it('refuses an address its failures past the limit, for the rest of that minute, every try alike', () => {
    const throttle = new JoinThrottle(120, 3)
    for (let tries = 0; tries < 3; tries += 1) {
      expect(throttle.tried('203.0.113.1', 1000 + tries)).toBeNull()
      throttle.failed('203.0.113.1')
    }
    expect(throttle.tried('203.0.113.1', 2000)).toBe(59)
    expect(throttle.tried('203.0.113.1', 60_999)).toBe(1)
    expect(throttle.tried('198.51.100.2', 2000)).toBeNull()
    expect(throttle.tried('203.0.113.1', 61_000)).toBeNull()
  })

  it('refuses an address its exchanges past the limit, failed or not', () => {
    const throttle = new JoinThrottle(2, 10)
    expect([throttle.tried('a', 0), throttle.tried('a', 1), throttle.tried('a', 2)]).toEqual([null, null, 60])
  })

  it('says whether an address is throttled without counting a try', () => {
    const throttle = new JoinThrottle(1, 10)
    expect([throttle.throttled('a', 0), throttle.throttled('a', 1)]).toEqual([null, null])
    expect(throttle.tried('a', 2)).toBeNull()
    expect([throttle.throttled('a', 3), throttle.tried('a', 3)]).toEqual([60, 60])
  })

  it("runs an address's exchanges one after another, in the order they came, a failed one too; another address's beside them", async () => {
    const throttle = new JoinThrottle(120, 3)
    const log: string[] = []
    const exchange =
      (name: string, fails = false) =>
      async () => {
        log.push(`${name} starts`)
        await new Promise((resolve) => setImmediate(resolve))
        log.push(`${name} ends`)
        if (fails) throw new Error(name)
        return name
      }
    const answers = await Promise.allSettled([
      throttle.inTurn('a', exchange('a1', true)),
      throttle.inTurn('a', exchange('a2')),
      throttle.inTurn('b', exchange('b1')),
    ])
    expect(answers.map((answer) => (answer.status === 'fulfilled' ? answer.value : (answer.reason as Error).message))).toEqual(['a1', 'a2', 'b1'])
    const at = (entry: string) => log.indexOf(entry)
    expect(at('a2 starts')).toBeGreaterThan(at('a1 ends'))
    expect(at('b1 starts')).toBeLessThan(at('a1 ends'))
  })

  it('forgets addresses whose minute is over', () => {
    const throttle = new JoinThrottle(1, 1)
    throttle.tried('a', 0)
    throttle.sweep(59_999)
    expect(throttle.tried('a', 59_999)).toBe(1)
    throttle.sweep(60_000)
    expect(throttle.tried('a', 60_000)).toBeNull()
  })
})
