import { describe, expect, it } from 'vitest'
import { inviteLink, invitePageLink, readInviteLink } from '../../../src/shared/protocol/inviteLink.js'

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJuZXQiOiJicnQifQ.c2lnbmF0dXJl-_'
const PARAMS = `relay=wss%3A%2F%2Frelay.example.org%3A8443%2Fcasebook&invite=${TOKEN}`

describe('invite links', () => {
  it('carry the relay’s address and the token together, both ways, whatever characters they hold', () => {
    const link = inviteLink('wss://relay.example.org:8443/casebook', TOKEN)
    expect(link).toBe(`casebook://join?${PARAMS}`)
    expect(readInviteLink(`  ${link}\n`)).toEqual({ relayUrl: 'wss://relay.example.org:8443/casebook', token: TOKEN })
  })

  it('as a link to the relay’s invite page, carry them in the fragment, under the relay’s path, both ways', () => {
    const link = invitePageLink('wss://relay.example.org:8443/casebook', TOKEN)
    expect(link).toBe(`https://relay.example.org:8443/casebook/join#${PARAMS}`)
    expect(readInviteLink(link)).toEqual({ relayUrl: 'wss://relay.example.org:8443/casebook', token: TOKEN })
  })

  it.each([
    ['ws://127.0.0.1:4455', `http://127.0.0.1:4455/join#relay=ws%3A%2F%2F127.0.0.1%3A4455&invite=${TOKEN}`],
    ['wss://relay.example.org', `https://relay.example.org/join#relay=wss%3A%2F%2Frelay.example.org&invite=${TOKEN}`],
    ['wss://relay.example.org/a/b/', `https://relay.example.org/a/b/join#relay=wss%3A%2F%2Frelay.example.org%2Fa%2Fb%2F&invite=${TOKEN}`],
    ['ws://[::1]:4455', `http://[::1]:4455/join#relay=ws%3A%2F%2F%5B%3A%3A1%5D%3A4455&invite=${TOKEN}`],
  ])('make the invite page of %s: http:// for ws://, https:// for wss://, the path kept', (relayUrl, page) => {
    expect(invitePageLink(relayUrl, TOKEN)).toBe(page)
    expect(readInviteLink(page)).toEqual({ relayUrl, token: TOKEN })
  })

  it('read as no link: a bare token, another scheme, page or host, a link missing a part, or parts of another shape', () => {
    for (const text of [
      TOKEN,
      '',
      `https://relay.example.org/join?relay=wss%3A%2F%2Frelay.example.org&invite=${TOKEN}`,
      `https://relay.example.org/join/#${PARAMS}`,
      `https://relay.example.org/joined#${PARAMS}`,
      `https://relay.example.org/join?from=mail#${PARAMS}`,
      // Another relay's invite on this relay's page, or under another path of it.
      `https://trusted.example.org/join#${PARAMS}`,
      `https://relay.example.org/other/join#${PARAMS}`,
      `http://relay.example.org/join#${PARAMS}`,
      `ftp://relay.example.org/join#${PARAMS}`,
      `casebook://workshop?relay=wss%3A%2F%2Frelay.example.org&invite=${TOKEN}`,
      `casebook://join?invite=${TOKEN}`,
      'casebook://join?relay=wss%3A%2F%2Frelay.example.org&invite=',
      `casebook://join?relay=wss%3A%2F%2Frelay.example.org%&invite=${TOKEN}`,
      `casebook://join?relay=https%3A%2F%2Frelay.example.org&invite=${TOKEN}`,
      `casebook://join?relay=wss%3A%2F%2Frelay.example.org%3Fx%3D1&invite=${TOKEN}`,
      'casebook://join?relay=wss%3A%2F%2Frelay.example.org&invite=not-a-token',
    ])
      expect(readInviteLink(text), text).toBeNull()
  })

  it('read a hostile fragment, markup in place of the relay or the token, as no link', () => {
    const markup = encodeURIComponent('<img src=x onerror=alert(1)>')
    for (const params of [
      `relay=${markup}&invite=${TOKEN}`,
      `relay=wss%3A%2F%2Frelay.example.org&invite=${markup}`,
      `relay=wss%3A%2F%2Fa.org%22%3E${markup}&invite=${TOKEN}`,
    ])
      expect(readInviteLink(`https://relay.example.org/join#${params}`), params).toBeNull()
  })
})
