import type { Logger } from 'pino'
import { describe, expect, it } from 'vitest'
import { AddressRefusals } from '../../../src/relay/addressRefusals.js'

function recordingLog(): { log: Logger; lines: unknown[] } {
  const lines: unknown[] = []
  return { log: { info: (fields: unknown, message: string) => lines.push({ ...(fields as object), message }) } as unknown as Logger, lines }
}

describe('refusals per address', () => {
  it('throttles an address for the rest of the minute in which its checks failed too often, and no other', () => {
    const { log } = recordingLog()
    const refusals = new AddressRefusals(3, log)
    for (let n = 0; n < 3; n += 1) refusals.refused('10.0.0.1', 'tokenInvalid', true, 1000 + n)
    refusals.refused('10.0.0.1', 'tooManyConnectionsForToken', false, 1010)
    expect(refusals.throttled('10.0.0.1', 1011)).toBe(true)
    expect(refusals.throttled('10.0.0.2', 1011)).toBe(false)
    expect(refusals.throttled('10.0.0.1', 61_000)).toBe(false)
  })

  it('does not count refusals that were no failed check', () => {
    const refusals = new AddressRefusals(2, recordingLog().log)
    for (let n = 0; n < 5; n += 1) refusals.refused('10.0.0.1', 'tooManyConnectionsFromAddress', false, 1000)
    expect(refusals.throttled('10.0.0.1', 1000)).toBe(false)
  })

  it('logs an address once a minute at most, with what it was refused since the line before', () => {
    const { log, lines } = recordingLog()
    const refusals = new AddressRefusals(1000, log)
    for (let second = 0; second < 150; second += 1) refusals.refused('10.0.0.1', second % 2 ? 'tokenExpired' : 'tokenInvalid', true, second * 1000)
    refusals.sweep(200_000)
    expect(lines).toEqual([
      { address: '10.0.0.1', refused: { tokenInvalid: 1 }, message: 'refused connections' },
      { address: '10.0.0.1', refused: { tokenExpired: 30, tokenInvalid: 30 }, message: 'refused connections' },
      { address: '10.0.0.1', refused: { tokenExpired: 30, tokenInvalid: 30 }, message: 'refused connections' },
      { address: '10.0.0.1', refused: { tokenExpired: 15, tokenInvalid: 14 }, message: 'refused connections' },
    ])
    refusals.sweep(400_000)
    refusals.refused('10.0.0.1', 'tokenInvalid', true, 400_001)
    expect(lines).toHaveLength(5)
  })
})
