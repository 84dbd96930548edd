import { describe, expect, it } from 'vitest'
import { inviteLink, readInviteLink } from '../../../src/shared/protocol/inviteLink.js'

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJuZXQiOiJicnQifQ.c2lnbmF0dXJl-_'

describe('invite links', () => {
  it('carry the relay’s address and the token together, both ways, whatever characters they hold', () => {
    const link = inviteLink('wss://relay.example.org:8443/casebook', TOKEN)
    expect(link).toBe(`casebook://join?relay=wss%3A%2F%2Frelay.example.org%3A8443%2Fcasebook&invite=${TOKEN}`)
    expect(readInviteLink(`  ${link}\n`)).toEqual({ relayUrl: 'wss://relay.example.org:8443/casebook', token: TOKEN })
  })

  it('read as no link: a bare token, another scheme or host, or a link missing a part', () => {
    for (const text of [
      TOKEN,
      '',
      `https://relay.example.org/join?relay=wss%3A%2F%2Frelay.example.org&invite=${TOKEN}`,
      `casebook://workshop?relay=wss%3A%2F%2Frelay.example.org&invite=${TOKEN}`,
      `casebook://join?invite=${TOKEN}`,
      'casebook://join?relay=wss%3A%2F%2Frelay.example.org&invite=',
      `casebook://join?relay=wss%3A%2F%2Frelay.example.org%&invite=${TOKEN}`,
    ])
      expect(readInviteLink(text)).toBeNull()
  })
})
