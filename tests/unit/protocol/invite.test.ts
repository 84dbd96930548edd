import { describe, expect, it } from 'vitest'
import { mayWrite, readInviteClaims } from '../../../src/shared/protocol/invite.js'
import { parseRoomPath } from '../../../src/shared/protocol/rooms.js'

const claims = { net: 'brt-network', role: 'member', name: 'Ana', city: 'Lagos', exp: 1_900_000_000, jti: 'abc', iat: 1 }

describe('invite claims', () => {
  it('reads a valid set, dropping what they do not define', () => {
    expect(readInviteClaims(claims)).toEqual({ net: 'brt-network', role: 'member', name: 'Ana', city: 'Lagos', exp: 1_900_000_000, jti: 'abc' })
    expect(readInviteClaims({ ...claims, city: undefined })).not.toHaveProperty('city')
  })

  it("reads the network's display name when it has one, and a token without one as before", () => {
    expect(readInviteClaims({ ...claims, title: 'Bus Rapid Transit' })).toEqual({
      net: 'brt-network',
      title: 'Bus Rapid Transit',
      role: 'member',
      name: 'Ana',
      city: 'Lagos',
      exp: 1_900_000_000,
      jti: 'abc',
    })
    expect(readInviteClaims({ ...claims, title: 'x'.repeat(100) })?.title).toHaveLength(100)
    expect(readInviteClaims(claims)).not.toHaveProperty('title')
  })

  it.each([
    ['no network', { net: undefined }],
    ['a network that is not an id', { net: 'Bus Network' }],
    ['an unknown role', { role: 'admin' }],
    ['an empty name', { name: '' }],
    ['a name too long', { name: 'x'.repeat(101) }],
    ['an empty city', { city: '' }],
    ['an empty display name', { title: '' }],
    ['a display name too long', { title: 'x'.repeat(101) }],
    ['a display name that is no string', { title: 42 }],
    ['a null display name', { title: null }],
    ['a display name of spaces only', { title: '   ' }],
    ['a display name with a bidi override, which could make it read as another', { title: 'Paris \u202eHousing' }],
    ['a display name with a control character', { title: 'Bus\nRapid' }],
    ['a fractional expiry', { exp: 1.5 }],
    ['no id', { jti: undefined }],
  ])('refuses %s', (_case, patch) => {
    expect(readInviteClaims({ ...claims, ...patch })).toBeNull()
  })

  it('refuses what is not an object', () => {
    for (const payload of [null, 'claims', 42, []]) expect(readInviteClaims(payload)).toBeNull()
  })

  it('lets viewers write nothing, members all but the catalog, facilitators everything', () => {
    expect([mayWrite('viewer', 'doc'), mayWrite('member', 'doc'), mayWrite('member', 'catalog'), mayWrite('facilitator', 'catalog')]).toEqual([
      false,
      true,
      false,
      true,
    ])
  })
})

describe('room paths', () => {
  it.each([
    ['/brt/3f2a9c0d11e04b7a', { network: 'brt', document: '3f2a9c0d11e04b7a' }],
    ['/brt-network/catalog?token=x', { network: 'brt-network', document: 'catalog' }],
    ['/brt', null],
    ['/brt/doc/extra', null],
    ['/BRT/doc', null],
    ['/brt/doc%20name', null],
    [`/brt/${'d'.repeat(129)}`, null],
  ])('%s', (path, expected) => {
    expect(parseRoomPath(path)).toEqual(expected)
  })
})
