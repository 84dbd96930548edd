import { describe, expect, it } from 'vitest'
import { inviteFromFragment } from '../../../src/renderer/join/inviteFromFragment.js'

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJuZXQiOiJicnQifQ.c2lnbmF0dXJl-_'

describe('the invite page', () => {
  it('offers the casebook:// link made anew from the invite in its fragment', () => {
    // Encoded otherwise than inviteLink encodes (the relay's colon and slashes as they are): the link is made anew.
    expect(inviteFromFragment(`invite=${TOKEN}&relay=wss://relay.example.org/casebook`, 'Relay.Example.org')).toEqual({
      relayUrl: 'wss://relay.example.org/casebook',
      link: `casebook://join?relay=wss%3A%2F%2Frelay.example.org%2Fcasebook&invite=${TOKEN}`,
    })
  })

  it.each([
    ['', 'This link holds no invite. Ask whoever invited you to send the whole link again.'],
    [`relay=${encodeURIComponent('<img src=x onerror=alert(1)>')}&invite=${TOKEN}`, /^This link does not hold an invite that Casebook made/],
    [
      `relay=wss%3A%2F%2Frelay.example.org&invite=${encodeURIComponent('"><script>alert(1)</script>')}`,
      /^This link does not hold an invite that Casebook made/,
    ],
    ['relay=wss%3A%2F%2Frelay.example.org%&invite=x', /^This link does not hold an invite that Casebook made/],
    [
      `relay=wss%3A%2F%2Fother.example.org&invite=${TOKEN}`,
      'This invite is to another relay (wss://other.example.org) than the one that showed this page. Ask whoever invited you to send the link again.',
    ],
  ])('refuses %j with a plain message', (fragment, refusal) => {
    const page = inviteFromFragment(fragment, 'relay.example.org')
    expect(page).toEqual({ refusal: expect.any(String) })
    expect('refusal' in page && page.refusal).toMatch(refusal)
  })
})
