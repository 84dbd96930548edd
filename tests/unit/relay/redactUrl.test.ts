import { describe, expect, it } from 'vitest'
import { redactUrl } from '../../../src/relay/redactUrl.js'

describe('what the relay logs of a URL', () => {
  it.each([
    ['/brt/notes?token=x.y.z', '/brt/notes?…'],
    ['/brt/notes#token', '/brt/notes?…'],
    ['/brt/notes', '/brt/notes'],
    ['/w/K7Q4-2MXR', '/w/…'],
    ['/w/K7Q42MXR/join', '/w/…/join'],
    ['/w/k7q42mxr/?from=qr', '/w/…/?…'],
    ['/workshops/K7Q42MXR/remove', '/workshops/…/remove'],
    ['//w/K7Q42MXR', '//w/…'],
    ['https://relay.example.org/w/K7Q4-2MXR', 'https://relay.example.org/w/…'],
    ['/workshops', '/workshops'],
    ['/w/assets/guest.js', '/w/assets/guest.js'],
  ])('writes %j as %j', (url, logged) => {
    expect(redactUrl(url)).toBe(logged)
  })

  it('leaves what is not text alone', () => {
    expect(redactUrl(42)).toBe(42)
  })
})
