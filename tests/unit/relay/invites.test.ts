import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { signInvite } from '../../../src/relay/invites.js'

describe('invite tokens', () => {
  it('get ids that the command line reads as an argument, never as an option', async () => {
    const secret = randomBytes(32)
    const ids = await Promise.all(
      Array.from({ length: 300 }, async () => (await signInvite(secret, { network: 'brt', role: 'member', name: 'Ana', expiresIn: '1h' })).claims.jti),
    )
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{18}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
