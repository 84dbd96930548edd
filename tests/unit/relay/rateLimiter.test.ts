import { afterEach, describe, expect, it, vi } from 'vitest'
import { RateLimiter } from '../../../src/relay/rateLimiter.js'

describe('the per-connection rate limiter', () => {
  afterEach(() => vi.useRealTimers())

  it('allows a burst, then the sustained rate', () => {
    vi.useFakeTimers({ toFake: ['performance'] })
    const limiter = new RateLimiter(10, 5)
    expect(Array.from({ length: 6 }, () => limiter.take())).toEqual([true, true, true, true, true, false])
    vi.advanceTimersByTime(300)
    expect(Array.from({ length: 4 }, () => limiter.take())).toEqual([true, true, true, false])
  })
})
