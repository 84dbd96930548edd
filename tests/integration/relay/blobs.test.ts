import Database from 'better-sqlite3'
import { SignJWT } from 'jose'
import { createHash } from 'node:crypto'
import { connect } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { RelayStore } from '../../../src/relay/store.js'
import { type Client, eventually, useClients } from '../../helpers/clients.js'
import { flipByte } from '../../helpers/flipByte.js'
import { pngImage, SCRIPTED_SVG } from '../../helpers/images.js'
import { type RelayProcess, useRelays } from '../../helpers/relay.js'
import { guestToken, rawGet, startWorkshop } from '../../helpers/relayWorkshops.js'

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

interface Answer {
  status: number
  headers: Headers
  bytes: Buffer
}

/** A request of a blob route with fetch, the token as bearer token. */
async function blobRequest(
  relay: RelayProcess,
  method: string,
  network: string,
  hash: string,
  { token, body, headers = {} }: { token?: string | undefined; body?: Uint8Array | ReadableStream<Uint8Array>; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const response = await fetch(`${relay.http}/blobs/${network}/${hash}`, {
    method,
    headers: {
      ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/octet-stream' } : {}),
      ...headers,
    },
    ...(body ? { body, duplex: 'half' as const } : {}),
  })
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) }
}

function put(relay: RelayProcess, network: string, bytes: Uint8Array, token: string | undefined, hash = sha256(bytes)): Promise<Answer> {
  return blobRequest(relay, 'PUT', network, hash, { token, body: bytes })
}

function json(answer: Answer): unknown {
  return JSON.parse(answer.bytes.toString('utf8'))
}

function reasonOf(answer: Answer): unknown {
  return (json(answer) as { error?: { reason?: unknown } }).error?.reason
}

/** Every blob row of the relay's database, read beside it: network, hash and size. */
function blobRows(relay: RelayProcess): { network: string; hash: string; size: number }[] {
  const db = new Database(join(relay.dataDir, 'relay.sqlite'), { readonly: true })
  try {
    return db.prepare<[], { network: string; hash: string; size: number }>('select network, hash, size from blobs order by network, hash').all()
  } finally {
    db.close()
  }
}

/** Revokes an invite as `casebook revoke` does, in the relay's database from beside it. */
function revoke(relay: RelayProcess, token: string): void {
  const store = new RelayStore(relay.dataDir)
  store.revoke((JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti)
  store.close()
}

/** A PNG whose header says 10,100 × 10,000 pixels (101 megapixels): its IHDR's size changed, nothing else. */
function hugePngHeader(): Uint8Array {
  const bytes = Buffer.from(pngImage(8, 8))
  bytes.writeUInt32BE(10_100, 16)
  bytes.writeUInt32BE(10_000, 20)
  return bytes
}

/** Sends `head` and `body` on a socket of its own, and resolves with all the relay answers before it closes. */
function rawExchange(relay: RelayProcess, head: string, body: Buffer, { endAfter = true } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(relay.port, '127.0.0.1')
    const received: Buffer[] = []
    socket.on('data', (chunk: Buffer) => received.push(chunk))
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)))
    socket.on('close', () => resolve(Buffer.concat(received).toString('latin1')))
    socket.write(head)
    socket.write(body)
    if (endAfter) socket.end()
  })
}

/** Writes an image node naming `hash` into a document's body, as the editor would, and waits until the relay stored it. */
async function addImage(client: Client, hash: string): Promise<void> {
  const before = client.stored.length
  const image = new Y.XmlElement('image')
  image.setAttribute('blob', hash)
  image.setAttribute('alt', 'The new station')
  client.doc.getXmlFragment('body').insert(0, [image])
  await eventually(() => client.stored.length > before, 'the relay stored the image node')
}

describe("the relay's blobs", () => {
  const relays = useRelays()
  const clients = useClients()

  it('stores an image a member PUTs, durably, and gives it back to a viewer: GET with the same bytes and safe headers, HEAD with its size', async () => {
    const relay = await relays.start()
    const member = await relay.invite('brt', 'member')
    const viewer = await relay.invite('brt', 'viewer')
    const image = pngImage(64, 48)
    const hash = sha256(image)

    const stored = await put(relay, 'brt', image, member)
    expect(stored.status).toBe(201)
    expect(json(stored)).toEqual({ hash, size: image.byteLength })

    const got = await blobRequest(relay, 'GET', 'brt', hash, { token: viewer })
    expect(got.status).toBe(200)
    expect(got.bytes.equals(Buffer.from(image))).toBe(true)
    expect(got.headers.get('content-type')).toBe('application/octet-stream')
    expect(got.headers.get('x-content-type-options')).toBe('nosniff')
    expect(got.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'")
    expect(got.headers.get('cache-control')).toBe('private, max-age=31536000, immutable')
    expect(got.headers.get('content-length')).toBe(String(image.byteLength))

    const head = await blobRequest(relay, 'HEAD', 'brt', hash, { token: viewer })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe(String(image.byteLength))
    expect(head.bytes.byteLength).toBe(0)
    expect((await blobRequest(relay, 'HEAD', 'brt', sha256(pngImage(64, 48, 2)), { token: viewer })).status).toBe(404)

    const metrics = await relay.metrics()
    expect(metrics.get('casebook_relay_blobs_stored_total')).toBe(1)
    expect(metrics.get('casebook_relay_blob_bytes_stored_total')).toBe(image.byteLength)

    // A 201 is an image stored: a relay killed right after it still holds it.
    relay.process.kill('SIGKILL')
    await relay.exited
    const again = await relays.start({ dataDir: relay.dataDir })
    expect((await blobRequest(again, 'GET', 'brt', hash, { token: viewer })).bytes.equals(Buffer.from(image))).toBe(true)
  })

  it('stores each image once per network: a second PUT answers 200 and counts nothing; another network stores its own', async () => {
    const relay = await relays.start()
    const ana = await relay.invite('brt', 'member', { name: 'Ana' })
    const bruno = await relay.invite('brt', 'facilitator', { name: 'Bruno' })
    const other = await relay.invite('metro', 'member')
    const image = pngImage(40, 30)
    const hash = sha256(image)

    expect((await put(relay, 'brt', image, ana)).status).toBe(201)
    const second = await put(relay, 'brt', image, bruno)
    expect(second.status).toBe(200)
    expect(json(second)).toEqual({ hash, size: image.byteLength })
    expect(blobRows(relay)).toEqual([{ network: 'brt', hash, size: image.byteLength }])

    expect((await put(relay, 'metro', image, other)).status).toBe(201)
    expect(blobRows(relay)).toEqual([
      { network: 'brt', hash, size: image.byteLength },
      { network: 'metro', hash, size: image.byteLength },
    ])
    expect((await relay.metrics()).get('casebook_relay_blobs_stored_total')).toBe(2)
  })

  type Attack = { status: number; reason: string; args?: string[]; attack(relay: RelayProcess, image: Uint8Array): Promise<Answer> }
  const attacks: Record<string, Attack> = {
    'no token': { status: 401, reason: 'tokenMissing', attack: (relay, image) => put(relay, 'brt', image, undefined) },
    'a forged token': {
      status: 401,
      reason: 'tokenInvalid',
      async attack(relay, image) {
        const forged = await new SignJWT({ net: 'brt', role: 'member', name: 'Mallory' })
          .setProtectedHeader({ alg: 'HS256' })
          .setJti('forged')
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode('k'.repeat(40)))
        return put(relay, 'brt', image, forged)
      },
    },
    'an expired token': {
      status: 401,
      reason: 'tokenExpired',
      attack: async (relay, image) => put(relay, 'brt', image, await relay.invite('brt', 'member', { expiresIn: '-1h' })),
    },
    'a revoked token': {
      status: 403,
      reason: 'tokenRevoked',
      async attack(relay, image) {
        const token = await relay.invite('brt', 'member')
        revoke(relay, token)
        return put(relay, 'brt', image, token)
      },
    },
    "another network's token, on this network's path": {
      status: 403,
      reason: 'wrongNetwork',
      attack: async (relay, image) => put(relay, 'brt', image, await relay.invite('metro', 'facilitator')),
    },
    "this network's token, on another network's path": {
      status: 403,
      reason: 'wrongNetwork',
      attack: async (relay, image) => put(relay, 'metro', image, await relay.invite('brt', 'facilitator')),
    },
    "a viewer's upload": { status: 403, reason: 'viewerUpload', attack: async (relay, image) => put(relay, 'brt', image, await relay.invite('brt', 'viewer')) },
    'tampered bytes (not those of the hash)': {
      status: 400,
      reason: 'hashMismatch',
      attack: async (relay, image) => put(relay, 'brt', flipByte(Buffer.from(image), 20), await relay.invite('brt', 'member'), sha256(image)),
    },
    'an SVG that carries a script': {
      status: 400,
      reason: 'svg',
      attack: async (relay) => put(relay, 'brt', SCRIPTED_SVG, await relay.invite('brt', 'member')),
    },
    'a file that is no image': {
      status: 400,
      reason: 'notImage',
      attack: async (relay) => put(relay, 'brt', new TextEncoder().encode('#!/bin/sh\necho hello\n'), await relay.invite('brt', 'member')),
    },
    'a PNG header of 101 megapixels': {
      status: 400,
      reason: 'tooManyPixels',
      attack: async (relay) => put(relay, 'brt', hugePngHeader(), await relay.invite('brt', 'member')),
    },
    'an image over --max-blob-bytes, by its Content-Length': {
      status: 413,
      reason: 'tooLarge',
      args: ['--max-blob-bytes', '10000'],
      attack: async (relay) => put(relay, 'brt', pngImage(200, 200), await relay.invite('brt', 'member')),
    },
    'an image without a Content-Length (chunked)': {
      status: 411,
      reason: 'lengthRequired',
      async attack(relay, image) {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(image.subarray(0, 100))
            controller.enqueue(image.subarray(100))
            controller.close()
          },
        })
        return blobRequest(relay, 'PUT', 'brt', sha256(image), { token: await relay.invite('brt', 'member'), body })
      },
    },
    'an image past the quota of the network': {
      status: 507,
      reason: 'quota',
      args: ['--blob-quota-bytes', '5000'],
      attack: async (relay) => put(relay, 'brt', pngImage(60, 60, 3), await relay.invite('brt', 'member')),
    },
  }

  it.each(Object.entries(attacks))('refuses %s, and stores nothing', async (_case, { status, reason, args = [], attack }) => {
    const relay = await relays.start({ args })
    const image = pngImage(32, 32)
    const answer = await attack(relay, image)
    expect(answer.status).toBe(status)
    expect(json(answer)).toEqual({ error: { reason, message: expect.stringMatching(/^[A-Z].+\.$/) } })

    const member = await relay.invite('brt', 'member')
    expect((await blobRequest(relay, 'HEAD', 'brt', sha256(image), { token: member })).status).toBe(404)
    expect(blobRows(relay)).toEqual([])
    const metrics = await relay.metrics()
    expect(metrics.get(`casebook_relay_blob_refusals_total{reason="${reason}"}`)).toBe(1)
    expect(metrics.get('casebook_relay_blobs_stored_total')).toBe(0)
  })

  it('keeps a network within --blob-quota-bytes: the image that would pass it is refused with 507, and usage stays', async () => {
    const first = pngImage(32, 32, 1)
    const second = pngImage(32, 32, 2)
    const relay = await relays.start({ args: ['--blob-quota-bytes', String(first.byteLength + second.byteLength - 1)] })
    const member = await relay.invite('brt', 'member')
    expect((await put(relay, 'brt', first, member)).status).toBe(201)
    const refused = await put(relay, 'brt', second, member)
    expect(refused.status).toBe(507)
    expect(reasonOf(refused)).toBe('quota')
    expect(blobRows(relay)).toEqual([{ network: 'brt', hash: sha256(first), size: first.byteLength }])
    expect((await blobRequest(relay, 'GET', 'brt', sha256(second), { token: member })).status).toBe(404)
    // What the network holds already is still answered, and another network has its own quota.
    expect((await put(relay, 'brt', first, member)).status).toBe(200)
    expect((await put(relay, 'metro', second, await relay.invite('metro', 'member'))).status).toBe(201)
  })

  it('answers from the Content-Length, before the body is sent: an image over --max-blob-bytes, one past the quota, and one held already', async () => {
    const stored = pngImage(32, 32, 1)
    const relay = await relays.start({ args: ['--max-blob-bytes', '100000', '--blob-quota-bytes', String(stored.byteLength + 50_000)] })
    const member = await relay.invite('brt', 'member')
    expect((await put(relay, 'brt', stored, member)).status).toBe(201)
    const headOf = (length: number) =>
      `PUT /blobs/brt/${'a'.repeat(64)} HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer ${member}\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`
    // The socket stays open and sends nothing more: a relay that waited for the body would answer 408 only after its timeout.
    const tooLarge = await rawExchange(relay, headOf(100_001), Buffer.alloc(0), { endAfter: false })
    expect(tooLarge).toMatch(/^HTTP\/1\.1 413 [\s\S]*"tooLarge"/)
    const overQuota = await rawExchange(relay, headOf(50_001), Buffer.alloc(0), { endAfter: false })
    expect(overQuota).toMatch(/^HTTP\/1\.1 507 [\s\S]*"quota"/)
    const held = await rawExchange(relay, headOf(stored.byteLength).replace('a'.repeat(64), sha256(stored)), Buffer.alloc(0), { endAfter: false })
    expect(held).toMatch(new RegExp(`^HTTP/1\\.1 200 [\\s\\S]*\\{"hash":"${sha256(stored)}","size":${stored.byteLength}\\}`))
    expect(blobRows(relay)).toHaveLength(1)
  })

  it('reads no more of a body than its Content-Length: bytes sent past it are no part of the image', async () => {
    const relay = await relays.start()
    const member = await relay.invite('brt', 'member')
    const image = Buffer.from(pngImage(32, 32))
    const long = Buffer.concat([image, Buffer.alloc(20_000, 7)])
    const head = `PUT /blobs/brt/${sha256(long)} HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer ${member}\r\nContent-Length: ${image.byteLength}\r\n\r\n`
    // What follows the declared body is read as another request, which does not parse.
    expect(await rawExchange(relay, head, long)).toMatch(/^HTTP\/1\.1 400 /)
    expect((await blobRequest(relay, 'HEAD', 'brt', sha256(long), { token: member })).status).toBe(404)
    expect(blobRows(relay)).toEqual([])
  })

  it('cuts off a body that stalls past --request-timeout-ms, and stores nothing of it', async () => {
    const relay = await relays.start({ args: ['--request-timeout-ms', '1000'] })
    const member = await relay.invite('brt', 'member')
    const image = Buffer.from(pngImage(32, 32))
    const head = `PUT /blobs/brt/${sha256(image)} HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer ${member}\r\nContent-Length: ${image.byteLength}\r\n\r\n`
    const answer = await rawExchange(relay, head, image.subarray(0, 100), { endAfter: false })
    expect(answer).toMatch(/^HTTP\/1\.1 408 /)
    expect(blobRows(relay)).toEqual([])
    expect((await put(relay, 'brt', image, member)).status).toBe(201)
  })

  it('takes a body that keeps coming, past --request-timeout-ms, as a slow uplink sends it', async () => {
    const relay = await relays.start({ args: ['--request-timeout-ms', '1000'] })
    const member = await relay.invite('brt', 'member')
    // About 60 KB, sent in ten pieces over 2 s: slower than 1 s for the whole, faster than 32 KB a second.
    const image = Buffer.from(pngImage(128, 128, 3))
    const head = `PUT /blobs/brt/${sha256(image)} HTTP/1.1\r\nHost: relay\r\nAuthorization: Bearer ${member}\r\nContent-Length: ${image.byteLength}\r\nConnection: close\r\n\r\n`
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(relay.port, '127.0.0.1')
      const received: Buffer[] = []
      socket.on('data', (chunk: Buffer) => received.push(chunk))
      socket.on('error', reject)
      socket.on('close', () => resolve(Buffer.concat(received).toString('latin1')))
      socket.write(head)
      const piece = Math.ceil(image.byteLength / 10)
      let sent = 0
      const next = setInterval(() => {
        socket.write(image.subarray(sent, sent + piece))
        sent += piece
        if (sent >= image.byteLength) clearInterval(next)
      }, 200)
    })
    expect(image.byteLength).toBeGreaterThan(40_000)
    expect(answer).toMatch(/^HTTP\/1\.1 201 /)
    expect(blobRows(relay)).toHaveLength(1)
  })

  it('answers 404 for any other path under /blobs, a traversal or a bad hash, and 405 for another method', async () => {
    const relay = await relays.start()
    const member = await relay.invite('brt', 'member')
    const image = pngImage(16, 16)
    const hash = sha256(image)
    expect((await put(relay, 'brt', image, member)).status).toBe(201)
    const authorization = `Bearer ${member}`
    for (const path of [
      `/blobs/brt/../../relay.sqlite`,
      `/blobs/brt/%2e%2e%2frelay.sqlite`,
      `/blobs/../brt/${hash}`,
      `/blobs/brt/${hash.toUpperCase()}`,
      `/blobs/brt/${hash.slice(1)}`,
      `/blobs/brt/${hash}/x`,
      `/blobs/brt//${hash}`,
      `/blobs/BRT/${hash}`,
      '/blobs/brt',
      '/blobs',
    ]) {
      const answer = await rawGet(relay, path, { authorization })
      expect({ path, status: answer.status, reason: (JSON.parse(answer.body.toString()) as { error: { reason: string } }).error.reason }).toEqual({
        path,
        status: 404,
        reason: 'notFound',
      })
    }
    // A PUT to a bad hash stores nothing.
    expect((await put(relay, 'brt', pngImage(16, 16, 9), member, 'f'.repeat(63))).status).toBe(404)
    expect(blobRows(relay)).toHaveLength(1)
    const deleted = await blobRequest(relay, 'DELETE', 'brt', hash, { token: member })
    expect(deleted.status).toBe(405)
    expect(deleted.headers.get('allow')).toBe('GET, HEAD, PUT')
    expect(blobRows(relay)).toHaveLength(1)
  })

  it('counts failed tokens with the connections’: past --failed-tokens-per-minute an address is refused as throttled, a valid token still served', async () => {
    const relay = await relays.start({ args: ['--failed-tokens-per-minute', '2'] })
    const image = pngImage(16, 16)
    const hash = sha256(image)
    const reasons = []
    for (let n = 0; n < 3; n += 1) reasons.push(reasonOf(await blobRequest(relay, 'GET', 'brt', hash, { token: 'not-a-token' })))
    expect(reasons).toEqual(['tokenInvalid', 'tokenInvalid', 'tooManyFailedTokens'])
    expect((await put(relay, 'brt', image, await relay.invite('brt', 'member'))).status).toBe(201)
  })

  it("gives a workshop's guest only the images its document shows, and only while the workshop runs", async () => {
    const relay = await relays.start()
    const facilitator = await relay.invite('brt', 'facilitator')
    const shown = pngImage(20, 20, 1)
    const notShown = pngImage(20, 20, 2)
    const added = pngImage(20, 20, 3)
    const writer = clients.connect(relay.url, 'brt/notes', facilitator, { ack: true })
    await writer.synced()
    await addImage(writer, sha256(shown))
    expect((await put(relay, 'brt', shown, facilitator)).status).toBe(201)
    expect((await put(relay, 'brt', notShown, facilitator)).status).toBe(201)
    const { code } = await startWorkshop(relay, facilitator, 'notes')
    const guest = await guestToken(relay, relays.issued, code)

    const got = await blobRequest(relay, 'GET', 'brt', sha256(shown), { token: guest })
    expect(got.status).toBe(200)
    expect(got.bytes.equals(Buffer.from(shown))).toBe(true)
    for (const method of ['GET', 'HEAD']) {
      const refused = await blobRequest(relay, method, 'brt', sha256(notShown), { token: guest })
      expect(refused.status).toBe(403)
      if (method === 'GET') expect(reasonOf(refused)).toBe('notInWorkshop')
    }
    const upload = await put(relay, 'brt', added, guest)
    expect(upload.status).toBe(403)
    expect(reasonOf(upload)).toBe('notInWorkshop')
    expect(blobRows(relay)).toHaveLength(2)

    // The guest adds the image to the document, then uploads it.
    const guestClient = clients.connect(relay.url, 'brt/notes', guest, { ack: true })
    await guestClient.synced()
    await addImage(guestClient, sha256(added))
    expect((await put(relay, 'brt', added, guest)).status).toBe(201)

    // With nobody in the document, the relay reads it from its store.
    writer.provider.destroy()
    guestClient.provider.destroy()
    await eventually(async () => (await relay.metrics()).get('casebook_relay_documents_loaded') === 0, 'the document is unloaded')
    expect((await blobRequest(relay, 'GET', 'brt', sha256(added), { token: guest })).status).toBe(200)
    expect((await blobRequest(relay, 'GET', 'brt', sha256(notShown), { token: guest })).status).toBe(403)

    const ended = await fetch(`${relay.http}/workshops/${code}/end`, { method: 'POST', headers: { authorization: `Bearer ${facilitator}` } })
    expect(ended.status).toBe(200)
    const after = await blobRequest(relay, 'GET', 'brt', sha256(shown), { token: guest })
    expect(after.status).toBe(401)
    expect(reasonOf(after)).toBe('workshopEnded')
  })
})
