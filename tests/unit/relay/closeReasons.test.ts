import { describe, expect, it } from 'vitest'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'

describe('the relay’s close codes', () => {
  it('each have a reason that fits a close frame, which ws refuses to send past 123 bytes (the client then sees 1006 alone)', () => {
    const over = Object.entries(CLOSE).filter(([, { reason }]) => Buffer.byteLength(reason) > 123)
    expect(over).toEqual([])
  })

  it('each have a code of their own', () => {
    const codes = Object.values(CLOSE).map(({ code }) => code)
    expect(new Set(codes).size).toBe(codes.length)
  })
})
