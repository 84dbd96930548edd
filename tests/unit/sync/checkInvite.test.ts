import { describe, expect, it } from 'vitest'
import { signInvite } from '../../../src/relay/invites.js'
import { checkInvite } from '../../../src/main/sync/checkInvite.js'

const token = (await signInvite(new TextEncoder().encode('x'.repeat(32)), { network: 'brt', role: 'member', name: 'Ana', expiresIn: '1h' })).token

describe('checkInvite', () => {
  it('joins a relay elsewhere by wss:// only, and says why a ws:// address is refused', () => {
    expect(checkInvite({ relayUrl: 'wss://relay.example.org/', token }).relayUrl).toBe('wss://relay.example.org')
    expect(checkInvite({ relayUrl: 'https://relay.example.org:8443', token }).relayUrl).toBe('wss://relay.example.org:8443')
    for (const relayUrl of ['ws://relay.example.org', 'http://203.0.113.7:4455', 'ws://[2001:db8::1]:4455', 'ws://127.0.0.1.example.org', 'ws://10.0.0.1']) {
      expect(() => checkInvite({ relayUrl, token }), relayUrl).toThrow(/is not encrypted: anyone on the way could read your invite.*Use the relay's wss:\/\//)
    }
    expect(() => checkInvite({ relayUrl: 'http://203.0.113.7:4455', token })).toThrow(/wss:\/\/203\.0\.113\.7:4455\)/)
  })

  it('takes ws:// and http:// on loopback: 127.0.0.0/8, ::1 and localhost', () => {
    expect(checkInvite({ relayUrl: 'ws://127.0.0.1:4455', token }).relayUrl).toBe('ws://127.0.0.1:4455')
    expect(checkInvite({ relayUrl: 'http://127.8.9.10:4455', token }).relayUrl).toBe('ws://127.8.9.10:4455')
    expect(checkInvite({ relayUrl: 'ws://[::1]:4455', token }).relayUrl).toBe('ws://[::1]:4455')
    expect(checkInvite({ relayUrl: 'http://localhost:4455', token }).relayUrl).toBe('ws://localhost:4455')
  })

  it('still refuses what is no relay address at all', () => {
    for (const relayUrl of ['relay dot org', 'ftp://relay.example.org', 'wss://relay.example.org/?token=x']) {
      expect(() => checkInvite({ relayUrl, token }), relayUrl).toThrow(/is not a relay address/)
    }
  })
})
