import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { clientAddress } from '../../../src/relay/clientAddress.js'

function request(peer: string, forwardedFor?: string): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } } as unknown as IncomingMessage
}

describe('the address a client is counted under', () => {
  it('is the last X-Forwarded-For entry, only from loopback and only with trustProxy', () => {
    expect(clientAddress(request('127.0.0.1', '198.51.100.7, 203.0.113.9'), true)).toBe('203.0.113.9')
    expect(clientAddress(request('::1', '203.0.113.9'), true)).toBe('203.0.113.9')
    expect(clientAddress(request('::ffff:127.0.0.1', '203.0.113.9'), true)).toBe('203.0.113.9')
    expect(clientAddress(request('127.0.0.1', '203.0.113.9'), false)).toBe('127.0.0.1')
    expect(clientAddress(request('192.0.2.1', '203.0.113.9'), true)).toBe('192.0.2.1')
    // An entry that is no address counts the connection as the proxy's.
    expect(clientAddress(request('127.0.0.1', '203.0.113.9, unknown'), true)).toBe('127.0.0.1')
    expect(clientAddress(request('127.0.0.1'), true)).toBe('127.0.0.1')
  })

  it('counts an IPv6 address by its /64, however it is written, and an IPv4-mapped one as IPv4', () => {
    expect(clientAddress(request('2001:db8:aa:bb:cc:dd:ee:ff'), false)).toBe('2001:db8:aa:bb::/64')
    expect(clientAddress(request('2001:DB8:0:1::a'), false)).toBe('2001:db8:0:1::/64')
    expect(clientAddress(request('2001:db8::1'), false)).toBe('2001:db8:0:0::/64')
    expect(clientAddress(request('64:ff9b::192.0.2.1'), false)).toBe('64:ff9b:0:0::/64')
    expect(clientAddress(request('fe80::1%eth0'), false)).toBe('fe80:0:0:0::/64')
    expect(clientAddress(request('::ffff:192.0.2.1'), false)).toBe('192.0.2.1')
  })
})
