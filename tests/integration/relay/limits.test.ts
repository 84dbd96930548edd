import { connect as connectSocket } from 'node:net'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { RelayStore } from '../../../src/relay/store.js'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import { encodeUpdate } from '../../../src/shared/protocol/syncFrames.js'
import { eventually, rawConnect, storedAcks, useClients, type RawConnection } from '../../helpers/clients.js'
import { useRelays, type RelayProcess } from '../../helpers/relay.js'

/** An update frame inserting `text` as a new client would. */
function textUpdate(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return encodeUpdate(Y.encodeStateAsUpdate(doc))
}

/** A connection the relay admitted: it has had the relay's first frame. */
async function admitted(relay: RelayProcess, path: string, token: string, headers: Record<string, string> = {}): Promise<RawConnection> {
  const connection = rawConnect(relay.url, path, token, '', headers)
  await connection.opened
  await eventually(() => connection.frames.length > 0, `the relay greets ${path}`)
  return connection
}

/** A connection the relay refused: the close it got, and every frame it received before (none, it should be). */
async function refused(
  relay: RelayProcess,
  path: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<{ code: number; reason: string; frames: number }> {
  const connection = rawConnect(relay.url, path, token, '', headers)
  const closed = await connection.closed
  return { ...closed, frames: connection.frames.length }
}

function storedIn(relay: RelayProcess, room: string): boolean {
  const store = new RelayStore(relay.dataDir)
  try {
    return store.hasDocument(room)
  } finally {
    store.close()
  }
}

/** The text of a document as the relay's database holds it. */
function storedText(relay: RelayProcess, room: string): string {
  const store = new RelayStore(relay.dataDir)
  const { snapshot, updates } = store.load(room)
  store.close()
  const doc = new Y.Doc()
  for (const update of snapshot ? [snapshot, ...updates] : updates) Y.applyUpdate(doc, update)
  return doc.getText('t').toString()
}

async function documentsLoaded(relay: RelayProcess): Promise<number> {
  return ((await (await fetch(`${relay.http}/healthz`)).json()) as { documentsLoaded: number }).documentsLoaded
}

const rejected = (reason: string) => `casebook_relay_rejected_frames_total{reason="${reason}"}`

describe("the relay's limits", () => {
  const relays = useRelays()
  const clients = useClients()

  it('acknowledges an update sent again without storing it again, and stores only what is new of one partly known', async () => {
    const relay = await relays.start()
    const source = new Y.Doc()
    source.getText('t').insert(0, 'x'.repeat(100_000))
    const raw = rawConnect(relay.url, '/brt/again', await relay.invite('brt', 'member'), '&ack=1')
    await raw.opened
    for (let n = 0; n < 5; n += 1) raw.ws.send(encodeUpdate(Y.encodeStateAsUpdate(source)))
    await eventually(() => storedAcks(raw).at(-1) === 5, 'all five copies are acknowledged')
    const once = await relay.metrics()
    expect(once.get('casebook_relay_updates_total')).toBe(1)
    expect(once.get('casebook_relay_stored_bytes_total')).toBeGreaterThan(100_000)
    expect(once.get('casebook_relay_stored_bytes_total')).toBeLessThan(100_100)

    source.getText('t').insert(100_000, ', and a new ending')
    raw.ws.send(encodeUpdate(Y.encodeStateAsUpdate(source)))
    await eventually(() => storedAcks(raw).at(-1) === 6, 'the whole state sent again is acknowledged')
    const after = await relay.metrics()
    expect(after.get('casebook_relay_updates_total')).toBe(2)
    expect(after.get('casebook_relay_stored_bytes_total')! - once.get('casebook_relay_stored_bytes_total')!).toBeLessThan(100)

    expect(storedText(relay, 'brt/again')).toBe(`${'x'.repeat(100_000)}, and a new ending`)
  })

  it('takes a message of almost 2 MiB by default, and refuses one over 2 MiB with 1009, storing nothing of it', async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const fits = rawConnect(relay.url, '/brt/big', token, '&ack=1')
    await fits.opened
    fits.ws.send(textUpdate('a'.repeat((2 << 20) - 100)))
    await eventually(() => storedAcks(fits).at(-1) === 1, 'the message under the cap is stored')
    const tooBig = rawConnect(relay.url, '/brt/bigger', token)
    await tooBig.opened
    tooBig.ws.send(textUpdate('b'.repeat(2 << 20)))
    // ws closes it itself, with no reason.
    expect((await tooBig.closed).code).toBe(CLOSE.messageTooBig.code)
    const values = await relay.metrics()
    expect(values.get(rejected('messageTooBig'))).toBe(1)
    expect(values.get('casebook_relay_updates_total')).toBe(1)
    expect(storedIn(relay, 'brt/bigger')).toBe(false)
  })

  it('refuses an update that would take a document past --max-document-bytes with 4413, keeping what it held', async () => {
    const relay = await relays.start({ args: ['--max-document-bytes', '50000'] })
    const token = await relay.invite('brt', 'member')
    const raw = rawConnect(relay.url, '/brt/capped', token, '&ack=1')
    await raw.opened
    raw.ws.send(textUpdate('a'.repeat(30_000)))
    await eventually(() => storedAcks(raw).at(-1) === 1, 'the first update is stored')
    raw.ws.send(textUpdate('b'.repeat(30_000)))
    expect(await raw.closed).toEqual({ code: CLOSE.documentTooLarge.code, reason: CLOSE.documentTooLarge.reason })
    expect((await relay.metrics()).get(rejected('documentTooLarge'))).toBe(1)

    const reader = clients.connect(relay.url, 'brt/capped', token)
    await reader.synced()
    expect(reader.doc.getText('t').toString()).toBe('a'.repeat(30_000))
    expect(storedText(relay, 'brt/capped')).toBe('a'.repeat(30_000))
  })

  it('refuses a connection over --max-connections-per-token with 4530, feeds included, and admits it once one closes', async () => {
    const relay = await relays.start({ args: ['--max-connections-per-token', '3'] })
    const token = await relay.invite('brt', 'member')
    const open = [await admitted(relay, '/brt/one', token), await admitted(relay, '/brt/two', token), await admitted(relay, '/brt', token)]
    expect(await refused(relay, '/brt/three', token)).toEqual({ ...CLOSE.tooManyConnectionsForToken, frames: 0 })
    expect(await documentsLoaded(relay)).toBe(2)
    expect((await relay.metrics()).get(rejected('tooManyConnectionsForToken'))).toBe(1)
    // Another invite's holder is not held back.
    await admitted(relay, '/brt/three', await relay.invite('brt', 'member'))
    open[0]!.ws.close()
    await open[0]!.closed
    await eventually(async () => (await documentsLoaded(relay)) === 2, 'the relay has let the closed document go')
    await admitted(relay, '/brt/four', token)
  })

  it('refuses a connection over --max-connections-per-address with 4531, whatever its token', async () => {
    const relay = await relays.start({ args: ['--max-connections-per-address', '2'] })
    await admitted(relay, '/brt/one', await relay.invite('brt', 'member'))
    await admitted(relay, '/brt', await relay.invite('brt', 'viewer'))
    expect(await refused(relay, '/brt/two', await relay.invite('brt', 'facilitator'))).toEqual({ ...CLOSE.tooManyConnectionsFromAddress, frames: 0 })
    expect((await relay.metrics()).get(rejected('tooManyConnectionsFromAddress'))).toBe(1)
    expect(await documentsLoaded(relay)).toBe(1)
  })

  it('refuses a token a document over --max-documents-per-token with 4532, but not more connections to those it has open', async () => {
    const relay = await relays.start({ args: ['--max-documents-per-token', '2'] })
    const token = await relay.invite('brt', 'member')
    await admitted(relay, '/brt/one', token)
    await admitted(relay, '/brt/two', token)
    await admitted(relay, '/brt/one', token)
    expect(await refused(relay, '/brt/three', token)).toEqual({ ...CLOSE.tooManyDocumentsForToken, frames: 0 })
    expect(await documentsLoaded(relay)).toBe(2)
    expect((await relay.metrics()).get(rejected('tooManyDocumentsForToken'))).toBe(1)
  })

  it('refuses a token more new documents a minute than --new-documents-per-minute with 4533, but not a stored one', async () => {
    const relay = await relays.start({ args: ['--new-documents-per-minute', '2'] })
    const writer = clients.connect(relay.url, 'brt/stored', await relay.invite('brt', 'member'), { ack: true })
    await writer.synced()
    writer.doc.getText('t').insert(0, 'already here')
    await eventually(() => writer.stored.length > 0, 'the stored document is stored')

    const token = await relay.invite('brt', 'member')
    for (const path of ['/brt/new-1', '/brt/new-2']) (await admitted(relay, path, token)).ws.close()
    expect(await refused(relay, '/brt/new-3', token)).toEqual({ ...CLOSE.tooManyNewDocuments, frames: 0 })
    await admitted(relay, '/brt/stored', token)
    expect((await relay.metrics()).get(rejected('tooManyNewDocuments'))).toBe(1)
    expect(storedIn(relay, 'brt/new-3')).toBe(false)
  })

  it('closes requests that sent half their headers after 10 s, with 408, and counts them', { timeout: 40_000 }, async () => {
    const relay = await relays.start()
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => {
        const socket = connectSocket(relay.port, '127.0.0.1')
        socket.write(`GET /brt/slow?token=x HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`)
        let answer = ''
        socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk))
        return new Promise<string>((resolve) => socket.on('close', () => resolve(answer)))
      }),
    )
    expect(new Set(answers.map((answer) => answer.split('\r\n')[0]))).toEqual(new Set(['HTTP/1.1 408 Request Timeout']))
    expect((await relay.metrics()).get(rejected('requestTimeout'))).toBe(20)
  })

  it('after --failed-tokens-per-minute bad tokens from an address refuses its bad ones with 4534 but still admits a valid one, and logs it once', async () => {
    const relay = await relays.start({ args: ['--failed-tokens-per-minute', '5'] })
    const codes: number[] = []
    for (let n = 0; n < 8; n += 1) codes.push((await refused(relay, '/brt/doc', `bad-token-${n}`)).code)
    expect(codes).toEqual([...Array<number>(5).fill(CLOSE.tokenInvalid.code), ...Array<number>(3).fill(CLOSE.tooManyFailedTokens.code)])
    // A member behind the same address (a proxy, a NAT) is not locked out by a guesser.
    const member = await admitted(relay, '/brt/doc', await relay.invite('brt', 'member'))
    expect(member.ws.readyState).toBe(member.ws.OPEN)
    const values = await relay.metrics()
    expect(values.get(rejected('tokenInvalid'))).toBe(5)
    expect(values.get(rejected('tooManyFailedTokens'))).toBe(3)
    relay.process.kill('SIGTERM')
    await relay.exited
    // The first refusal is logged at once, the others within the minute when it is over or the relay stops.
    const lines = relay.logs.filter((line) => /refused/.test(String(line['msg'])))
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'refused connections', address: '127.0.0.1', refused: { tokenInvalid: 1 } }),
      expect.objectContaining({ msg: 'refused connections', address: '127.0.0.1', refused: { tokenInvalid: 4, tooManyFailedTokens: 3 } }),
    ])
  })

  it('with --trust-proxy counts a client by the address the proxy appended to X-Forwarded-For, and an IPv6 one by its /64', async () => {
    const relay = await relays.start({ args: ['--trust-proxy', '--failed-tokens-per-minute', '3', '--max-connections-per-address', '1'] })
    // The attacker claims a member's address; the proxy appends the one it really came from.
    const attacker = { 'x-forwarded-for': '198.51.100.7, 203.0.113.9' }
    const codes: number[] = []
    for (let n = 0; n < 4; n += 1) codes.push((await refused(relay, '/brt/doc', `bad-token-${n}`, attacker)).code)
    expect(codes).toEqual([CLOSE.tokenInvalid.code, CLOSE.tokenInvalid.code, CLOSE.tokenInvalid.code, CLOSE.tooManyFailedTokens.code])
    // Neither the member the attacker named nor the proxy's own address is throttled.
    expect((await refused(relay, '/brt/doc', 'mistyped', { 'x-forwarded-for': '198.51.100.7' })).code).toBe(CLOSE.tokenInvalid.code)
    expect((await refused(relay, '/brt/doc', 'mistyped')).code).toBe(CLOSE.tokenInvalid.code)

    // One connection per address: per client, not per proxy.
    await admitted(relay, '/brt/doc', await relay.invite('brt', 'member'), attacker)
    expect((await refused(relay, '/brt/doc', await relay.invite('brt', 'member'), { 'x-forwarded-for': '203.0.113.9' })).code).toBe(
      CLOSE.tooManyConnectionsFromAddress.code,
    )
    await admitted(relay, '/brt/doc', await relay.invite('brt', 'member'), { 'x-forwarded-for': '198.51.100.7' })
    await admitted(relay, '/brt/doc', await relay.invite('brt', 'member'), { 'x-forwarded-for': '2001:db8:0:1::a' })
    expect((await refused(relay, '/brt/doc', await relay.invite('brt', 'member'), { 'x-forwarded-for': '2001:db8:0:1:ffff::b' })).code).toBe(
      CLOSE.tooManyConnectionsFromAddress.code,
    )
    await admitted(relay, '/brt/doc', await relay.invite('brt', 'member'), { 'x-forwarded-for': '2001:db8:0:2::a' })

    relay.process.kill('SIGTERM')
    await relay.exited
    const addresses = relay.logs.filter((line) => line['msg'] === 'refused connections').map((line) => line['address'])
    expect(new Set(addresses)).toEqual(new Set(['203.0.113.9', '198.51.100.7', '127.0.0.1', '2001:db8:0:1::/64']))

    // Without the flag, the header is anybody's to write, and is ignored.
    const direct = await relays.start({ args: ['--max-connections-per-address', '1'] })
    await admitted(direct, '/brt/doc', await direct.invite('brt', 'member'), { 'x-forwarded-for': '203.0.113.1' })
    expect((await refused(direct, '/brt/doc', await direct.invite('brt', 'member'), { 'x-forwarded-for': '203.0.113.2' })).code).toBe(
      CLOSE.tooManyConnectionsFromAddress.code,
    )
  })
})
