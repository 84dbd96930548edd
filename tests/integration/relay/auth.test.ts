import * as authProtocol from 'y-protocols/auth'
import * as decoding from 'lib0/decoding'
import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import { MESSAGE } from '../../../src/shared/protocol/messages.js'
import { tokenSubprotocols } from '../../../src/shared/protocol/subprotocols.js'
import { RelayStore } from '../../../src/relay/store.js'
import { closedForGood, eventually, rawConnect, useClients } from '../../helpers/clients.js'
import { useRelays } from '../../helpers/relay.js'
import { updateFrame } from '../../helpers/updateFrame.js'

function isPermissionDenied(frame: Uint8Array): boolean {
  const decoder = decoding.createDecoder(frame)
  return decoding.readVarUint(decoder) === MESSAGE.auth && decoding.readVarUint(decoder) === authProtocol.messagePermissionDenied
}

describe('who the relay lets in', () => {
  const relays = useRelays()
  const clients = useClients()

  it.each([
    ['no token', undefined, '/brt/doc', CLOSE.tokenMissing],
    ['a malformed token', 'not-a-token', '/brt/doc', CLOSE.tokenInvalid],
    ['a token signed with another key', 'OTHER_KEY', '/brt/doc', CLOSE.tokenInvalid],
    ['an expired token', 'EXPIRED', '/brt/doc', CLOSE.tokenExpired],
    ['a token for another network', 'VALID', '/adaptation/doc', CLOSE.wrongNetwork],
    ['a revoked token', 'REVOKED', '/brt/doc', CLOSE.tokenRevoked],
    ['a bad room address', 'VALID', '/brt/doc/extra', CLOSE.badRoom],
    ['a bad feed address', 'VALID', '/Not A Network', CLOSE.badRoom],
    ['no token, on a feed', undefined, '/brt', CLOSE.tokenMissing],
    ['an expired token, on a feed', 'EXPIRED', '/brt', CLOSE.tokenExpired],
    ['a token for another network, on a feed', 'VALID', '/adaptation', CLOSE.wrongNetwork],
  ])('refuses %s with its close code, before sending a byte of any document', async (_case, kind, path, expected) => {
    const relay = await relays.start()
    let token: string | undefined
    if (kind === 'VALID' || kind === 'REVOKED') token = await relay.invite('brt', 'member')
    else if (kind === 'OTHER_KEY')
      token = await new SignJWT({ net: 'brt', role: 'member', name: 'Mallory' })
        .setProtectedHeader({ alg: 'HS256' })
        .setJti('x')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('k'.repeat(40)))
    else if (kind === 'EXPIRED') token = await relay.invite('brt', 'member', { expiresIn: '-1h' })
    else token = kind
    if (kind === 'REVOKED') {
      const store = new RelayStore(relay.dataDir)
      store.revoke((JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti)
      store.close()
    }
    const connection = rawConnect(relay.url, path, token)
    expect(await connection.closed).toEqual({ code: expected.code, reason: expected.reason })
    expect(connection.frames).toEqual([])
  })

  it('closes the live connections of a token revoked from another process', async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const client = clients.connect(relay.url, 'brt/live', token)
    await client.synced()
    const store = new RelayStore(relay.dataDir)
    store.revoke((JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti)
    store.close()
    await closedForGood(client, CLOSE.tokenRevoked, 'the connection is closed as revoked', 3000)
  })

  it('ends a session when its token expires', async () => {
    const relay = await relays.start()
    const client = clients.connect(relay.url, 'brt/short', await relay.invite('brt', 'member', { expiresIn: '2s' }))
    await client.synced()
    await eventually(() => client.closes.includes(CLOSE.tokenExpired.code), 'the session ends as expired', 5000)
  })

  it('lets a viewer read, but drops everything it sends and answers permission denied', async () => {
    const relay = await relays.start()
    const member = clients.connect(relay.url, 'brt/read-only', await relay.invite('brt', 'member'))
    await member.synced()
    member.doc.getText('t').insert(0, 'written by a member')
    const viewer = clients.connect(relay.url, 'brt/read-only', await relay.invite('brt', 'viewer'))
    await viewer.synced()
    expect(viewer.doc.getText('t').toString()).toBe('written by a member')

    const raw = rawConnect(relay.url, '/brt/read-only', await relay.invite('brt', 'viewer'))
    await raw.opened
    raw.ws.send(updateFrame('viewer was here'))
    await eventually(() => raw.frames.some(isPermissionDenied), 'the viewer is told permission is denied')
    viewer.doc.getText('t').insert(0, 'also not allowed ')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(member.doc.getText('t').toString()).toBe('written by a member')

    // Nor was any of it stored.
    member.provider.destroy()
    viewer.provider.destroy()
    raw.ws.close()
    const again = await relays.restart(relay)
    const fresh = clients.connect(again.url, 'brt/read-only', await again.invite('brt', 'member'))
    await fresh.synced()
    expect(fresh.doc.getText('t').toString()).toBe('written by a member')
  })

  it('lets only facilitators write the network catalog', async () => {
    const relay = await relays.start()
    const member = rawConnect(relay.url, '/brt/catalog', await relay.invite('brt', 'member'))
    await member.opened
    member.ws.send(updateFrame('member edit'))
    await eventually(() => member.frames.some(isPermissionDenied), 'the member is told permission is denied')
    const facilitator = rawConnect(relay.url, '/brt/catalog', await relay.invite('brt', 'facilitator'))
    await facilitator.opened
    facilitator.ws.send(updateFrame('facilitator edit'))
    const reader = clients.connect(relay.url, 'brt/catalog', await relay.invite('brt', 'viewer'))
    await reader.synced()
    await eventually(() => reader.doc.getText('t').toString() === 'facilitator edit', 'the facilitator edit arrives')
    expect(facilitator.frames.some(isPermissionDenied)).toBe(false)
    member.ws.close()
    facilitator.ws.close()
  })

  it('takes a token offered as a subprotocol, answers "casebook", never the token, and judges it as strictly', async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const ws = new WebSocket(`${relay.url}/brt/header`, tokenSubprotocols(token))
    const answered = new Promise<unknown>((resolve) => ws.once('upgrade', (response) => resolve(response.headers['sec-websocket-protocol'])))
    await new Promise((resolve) => ws.once('open', resolve))
    expect(await answered).toBe('casebook')
    ws.send(updateFrame('sent with the token in a header'))
    const reader = clients.connect(relay.url, 'brt/header', await relay.invite('brt', 'viewer'))
    await eventually(() => reader.doc.getText('t').toString() === 'sent with the token in a header', 'the update arrives')
    ws.close()

    // The header's token is the one judged, whatever the query string holds.
    const attacker = new WebSocket(`${relay.url}/brt/header?token=${token}`, tokenSubprotocols(await relay.invite('adaptation', 'facilitator')))
    const frames: Buffer[] = []
    attacker.on('message', (data: Buffer) => frames.push(data))
    expect(await new Promise((resolve) => attacker.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))).toEqual({
      code: CLOSE.wrongNetwork.code,
      reason: CLOSE.wrongNetwork.reason,
    })
    expect(frames).toEqual([])
  })
})
