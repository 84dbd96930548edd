import { describe, expect, it } from 'vitest'
import { settingsSchema } from '../../../src/shared/model/settings.js'

const network = { id: 'brt', relayUrl: 'wss://relay.example.org', token: 'token', role: 'member', name: 'Ana', joinedAt: '2026-11-27T14:00:00.000Z' }

describe('a network joined with a workshop’s code, in the settings', () => {
  it('keeps its workshop beside the session token, and settings saved before workshops read as they were', () => {
    const workshop = { code: 'K7Q42MXR', document: 'a'.repeat(16), endsAt: Date.parse('2026-11-27T16:00:00Z') }
    expect(settingsSchema.parse({ networks: [{ ...network, workshop }] }).networks[0]?.workshop).toEqual(workshop)
    const old = settingsSchema.parse({ networks: [network] })
    expect(old.networks).toEqual([network])
    expect('workshop' in old.networks[0]!).toBe(false)
  })
})
