import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decodeClaims, signInvite, verificationKey, verifyInvite } from '../../../src/relay/invites.js'

describe('invite tokens', () => {
  it('get ids that the command line reads as an argument, never as an option', async () => {
    const secret = randomBytes(32)
    const ids = await Promise.all(
      Array.from({ length: 300 }, async () => (await signInvite(secret, { network: 'brt', role: 'member', name: 'Ana', expiresIn: '1h' })).claims.jti),
    )
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{18}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it("carry the network's display name when given one, signed with the rest, and leave it out otherwise", async () => {
    const secret = randomBytes(32)
    const keys = [await verificationKey(secret)]
    const named = await signInvite(secret, { network: 'brt', title: 'Bus Rapid Transit', role: 'member', name: 'Ana', expiresIn: '1h' })
    expect(decodeClaims(named.token)).toMatchObject({ net: 'brt', title: 'Bus Rapid Transit' })
    expect(await verifyInvite(keys, named.token)).toMatchObject({ claims: { net: 'brt', title: 'Bus Rapid Transit' } })
    const plain = await signInvite(secret, { network: 'brt', role: 'member', name: 'Ana', expiresIn: '1h' })
    expect(decodeClaims(plain.token)).not.toHaveProperty('title')
    expect(await verifyInvite(keys, plain.token)).toMatchObject({ claims: { net: 'brt' } })
  })
})
