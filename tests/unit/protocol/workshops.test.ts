import { describe, expect, it } from 'vitest'
import { mayOpen, readInviteClaims } from '../../../src/shared/protocol/invite.js'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import {
  CODE_ALPHABET,
  formatCode,
  httpUrl,
  readCode,
  readWorkshopError,
  readWorkshopInput,
  workshopEndOf,
  workshopLink,
  wsUrl,
} from '../../../src/shared/protocol/workshops.js'

describe('workshop codes', () => {
  it('have no look-alikes in their alphabet', () => {
    for (const lookAlike of '0O1IL5S8B') expect(CODE_ALPHABET).not.toContain(lookAlike)
  })

  it('are shown in two groups of four', () => {
    expect(formatCode('K7Q42MXR')).toBe('K7Q4-2MXR')
  })

  it.each([
    ['K7Q42MXR', 'K7Q42MXR'],
    ['K7Q4-2MXR', 'K7Q42MXR'],
    [' k7q4 2mxr ', 'K7Q42MXR'],
    ['k7-q4-2m-xr', 'K7Q42MXR'],
    ['K7Q4-2MX', null],
    ['K7Q4-2MXRR', null],
    ['K7Q4-2MX0', null],
    ['K7Q4-2MXO', null],
    ['K7Q4_2MXR', null],
    ['', null],
  ])('read %j as %j', (input, code) => {
    expect(readCode(input)).toBe(code)
  })
})

describe('what someone gives to join a workshop', () => {
  it.each([
    ['K7Q4-2MXR', { code: 'K7Q42MXR' }],
    ['https://relay.example.org/w/K7Q4-2MXR', { code: 'K7Q42MXR', relayUrl: 'wss://relay.example.org' }],
    ['  HTTP://127.0.0.1:4455/w/k7q42mxr/  ', { code: 'K7Q42MXR', relayUrl: 'ws://127.0.0.1:4455' }],
    ['https://relay.example.org/w/K7Q4-2MXR?from=qr#top', { code: 'K7Q42MXR', relayUrl: 'wss://relay.example.org' }],
    ['https://relay.example.org/w/K7Q4-2MX0', null],
    ['https://relay.example.org/x/K7Q4-2MXR', null],
    ['https://relay.example.org/w/K7Q4-2MXR/join', null],
    ['ftp://relay.example.org/w/K7Q4-2MXR', null],
    ['wss://relay.example.org/w/K7Q4-2MXR', null],
    ['a code', null],
  ])('reads %j as %j', (input, read) => {
    expect(readWorkshopInput(input)).toEqual(read)
  })

  it('links to the guest page from any form of the public address', () => {
    for (const url of ['https://relay.example.org', 'https://relay.example.org/', 'wss://relay.example.org', 'WSS://relay.example.org//']) {
      expect(workshopLink(url, 'K7Q42MXR')).toBe('https://relay.example.org/w/K7Q4-2MXR')
    }
    expect(workshopLink('ws://127.0.0.1:4455', 'K7Q42MXR')).toBe('http://127.0.0.1:4455/w/K7Q4-2MXR')
    expect(readWorkshopInput(workshopLink('wss://relay.example.org', 'K7Q42MXR'))).toEqual({ code: 'K7Q42MXR', relayUrl: 'wss://relay.example.org' })
  })
})

describe("a relay's address", () => {
  it('is reached over HTTP at http:// for ws:// and https:// for wss://, its path kept and a trailing slash gone', () => {
    expect(httpUrl('wss://relay.example.org/')).toBe('https://relay.example.org')
    expect(httpUrl('ws://127.0.0.1:4000')).toBe('http://127.0.0.1:4000')
    expect(httpUrl('WSS://relay.example.org/casebook')).toBe('https://relay.example.org/casebook')
    expect(httpUrl('https://relay.example.org')).toBe('https://relay.example.org')
  })

  it('is reached by WebSocket at ws:// for http:// and wss:// for https://', () => {
    expect(wsUrl('https://relay.example.org/')).toBe('wss://relay.example.org')
    expect(wsUrl('HTTP://127.0.0.1:4455')).toBe('ws://127.0.0.1:4455')
    expect(wsUrl('wss://relay.example.org/casebook')).toBe('wss://relay.example.org/casebook')
  })
})

describe("a workshop route's refusal", () => {
  it('is read where each part is what it should be', () => {
    expect(readWorkshopError({ error: { reason: 'workshopEnded', message: 'Ended.', endedAt: 1_900_000_000_000 } })).toEqual({
      reason: 'workshopEnded',
      message: 'Ended.',
      endedAt: 1_900_000_000_000,
    })
    expect(readWorkshopError({ error: { reason: 'somethingNew', message: '', endedAt: Number.NaN } })).toEqual({})
    expect(readWorkshopError({ error: { reason: 'toString', endedAt: '16:30' } })).toEqual({})
    for (const body of [null, 'text', { error: 'noWorkshop' }, { token: 'x' }]) expect(readWorkshopError(body)).toEqual({})
  })
})

describe("a relay's close of a workshop's connection", () => {
  it('ends the workshop on 4407, removes its holder on 4408, and is nothing more on any other code', () => {
    expect(workshopEndOf(CLOSE.workshopEnded.code)).toBe('ended')
    expect(workshopEndOf(CLOSE.removedFromWorkshop.code)).toBe('removed')
    for (const other of [CLOSE.tokenExpired.code, CLOSE.tokenRevoked.code, CLOSE.wrongDocument.code, CLOSE.goingAway.code, 1006])
      expect(workshopEndOf(other)).toBeNull()
  })
})

describe("a workshop's session token", () => {
  const claims = { net: 'brt', role: 'member', name: 'Ana', exp: 1_900_000_000, jti: 'abc', doc: 'notes', ws: 'K7Q42MXR' }

  it('carries its document and workshop', () => {
    expect(readInviteClaims(claims)).toEqual(claims)
  })

  it.each([
    ['a document without a workshop', { ws: undefined }],
    ['a workshop without a document', { doc: undefined }],
    ['a document that no room can be', { doc: 'notes/other' }],
    ['an empty document', { doc: '' }],
    ['a workshop code as shown, not as stored', { ws: 'K7Q4-2MXR' }],
    ['a workshop code in lower case', { ws: 'k7q42mxr' }],
    ['a workshop code that is not one', { ws: 'K7Q42MX0' }],
    ['a workshop that is not text', { ws: 42 }],
  ])('is refused with %s', (_case, patch) => {
    expect(readInviteClaims({ ...claims, ...patch })).toBeNull()
  })

  it('opens its document and its comments room, and nothing else; an invite opens any room', () => {
    const opens = (document: string) => mayOpen({ doc: 'notes' }, document)
    expect([opens('notes'), opens('notes-comments')]).toEqual([true, true])
    expect([opens('notes-versions'), opens('catalog'), opens('budget'), opens('budget-comments'), opens('notes-comments-comments')]).toEqual([
      false,
      false,
      false,
      false,
      false,
    ])
    expect(mayOpen({}, 'catalog')).toBe(true)
  })
})
