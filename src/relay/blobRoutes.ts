import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Logger } from 'pino'
import { CasebookError } from '../shared/errors.js'
import { isBlobHash } from '../shared/model/blobHash.js'
import { checkImage } from '../shared/model/checkImage.js'
import { isNetworkId } from '../shared/model/networkId.js'
import { CLOSE, type CloseName } from '../shared/protocol/closeCodes.js'
import type { InviteClaims } from '../shared/protocol/invite.js'
import { roomName } from '../shared/protocol/rooms.js'
import type { AddressRefusals } from './addressRefusals.js'
import { bearerToken } from './bearerToken.js'
import { BLOB_REFUSALS, type BlobRefusal, BlobRefused } from './blobRefused.js'
import type { Blobs } from './blobs.js'
import { clientAddress } from './clientAddress.js'
import type { RelayLimits } from './limits.js'
import type { RelayMetrics } from './metrics.js'
import { sendJson } from './sendJson.js'

export interface BlobRoutesOptions {
  blobs: Blobs
  limits: Pick<RelayLimits, 'maxBlobBytes' | 'blobQuotaBytes'>
  trustProxy: boolean
  metrics: RelayMetrics
  /** The relay's count of failed token checks per address, which the rooms' share. */
  refusals: AddressRefusals
  log: Logger
  /**
   * Checks a token for a network as opening one of its rooms would: signature, expiry, revocation,
   * its network, and a workshop's session token's workshop still running.
   */
  checkToken(network: string, token: string | null): Promise<{ claims: InviteClaims } | { failure: CloseName }>
  /** Whether a document the relay holds (by its room's name) has an image of this blob. */
  references(room: string, hash: string): Promise<boolean>
}

const BLOB_PATH = /^\/blobs\/([^/]*)\/([^/]*)$/

/**
 * A blob is answered as bytes that nothing renders or runs: a browser that opens its address gets a
 * download in a sandbox, whatever the bytes are. Never changed once stored, so cached for good.
 */
const BLOB_HEADERS = {
  'content-type': 'application/octet-stream',
  'x-content-type-options': 'nosniff',
  'cache-control': 'private, max-age=31536000, immutable',
  'content-security-policy': "sandbox; default-src 'none'",
}

/**
 * The relay's blob routes (docs/PROTOCOL.md, Blobs): `HEAD`, `GET` and `PUT /blobs/<network>/<sha256>`,
 * with an invite of the network as bearer token. A blob is stored once per network, only if its bytes
 * are its hash and an image (checkImage), within --max-blob-bytes and the network's
 * --blob-quota-bytes, and answered 201 only once it is durable.
 */
export class BlobRoutes {
  /** Blobs being stored, not yet durable, which closing the store must wait for. */
  private readonly storing = new Set<Promise<unknown>>()

  constructor(private readonly options: BlobRoutesOptions) {}

  /** Whether a request's path (without its query) is one of these routes. */
  handles(path: string): boolean {
    return path === '/blobs' || path.startsWith('/blobs/')
  }

  async answer(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    try {
      await this.route(request, response, path)
    } catch (error) {
      if (!(error instanceof BlobRefused)) throw error
      this.options.metrics.blobRefusals.inc({ reason: error.reason })
      // What is left of a body it did not read is not read: the connection ends with the answer.
      error.send(response, request.complete ? {} : { connection: 'close' })
    }
  }

  /** Resolves once every blob stored is durable (or failed to be). */
  async settled(): Promise<void> {
    await Promise.allSettled(this.storing)
  }

  private async route(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const [, network = '', hash = ''] = BLOB_PATH.exec(path) ?? []
    if (!isNetworkId(network) || !isBlobHash(hash)) {
      throw new BlobRefused('notFound', "There is nothing here: a blob's address is /blobs/<network>/<sha256>, its hash in 64 lowercase hexadecimal digits.")
    }
    const { method } = request
    if (method !== 'GET' && method !== 'HEAD' && method !== 'PUT') {
      throw new BlobRefused('badMethod', 'A blob is read with GET or HEAD, and stored with PUT.', { allow: 'GET, HEAD, PUT' })
    }
    const claims = await this.admit(request, network)
    await this.checkWorkshop(claims, hash)
    if (method === 'PUT') return this.put(request, response, claims, hash)
    const { blobs } = this.options
    const size = await blobs.size(network, hash)
    if (size === null) throw new BlobRefused('notFound', 'This network has no such image on the relay.')
    const headers = { ...BLOB_HEADERS, 'content-length': String(size) }
    if (method === 'HEAD') return void response.writeHead(200, headers).end()
    const bytes = await blobs.read(network, hash)
    response.writeHead(200, headers).end(bytes)
  }

  /**
   * The claims of the request's bearer token, checked as a room's connection's are, and its failures
   * counted with theirs: an address past --failed-tokens-per-minute is refused as throttled.
   */
  private async admit(request: IncomingMessage, network: string): Promise<InviteClaims> {
    const checked = await this.options.checkToken(network, bearerToken(request))
    if (!('failure' in checked)) return checked.claims
    const from = clientAddress(request, this.options.trustProxy)
    const failure = this.options.refusals.throttled(from) ? 'tooManyFailedTokens' : checked.failure
    this.options.refusals.refused(from, failure, true)
    throw new BlobRefused(isBlobRefusal(failure) ? failure : 'tokenInvalid', CLOSE[failure].reason)
  }

  /** A workshop's session token reaches only the blobs its document shows (and only while it runs: checkToken). */
  private async checkWorkshop(claims: InviteClaims, hash: string): Promise<void> {
    if (claims.doc === undefined || (await this.options.references(roomName({ network: claims.net, document: claims.doc }), hash))) return
    throw new BlobRefused('notInWorkshop', "A workshop's invite reaches only the images of its document, and this image is not in it.")
  }

  /** `PUT`: checks and stores the blob, or answers that the network holds it already, without reading it. */
  private async put(request: IncomingMessage, response: ServerResponse, claims: InviteClaims, hash: string): Promise<void> {
    // Viewers write no document (invite.ts, mayWrite), so they add no image to one either.
    if (claims.role === 'viewer') throw new BlobRefused('viewerUpload', "A viewer's invite may read the network's images, not upload them.")
    const { maxBlobBytes, blobQuotaBytes } = this.options.limits
    const declared = request.headers['content-length']
    if (declared === undefined) throw new BlobRefused('lengthRequired', 'An image is sent with its Content-Length.')
    const length = Number(declared)
    if (length > maxBlobBytes)
      throw new BlobRefused('tooLarge', `This image is ${megabytes(length)}; the relay keeps images of at most ${megabytes(maxBlobBytes)}.`)
    const network = claims.net
    const { blobs } = this.options
    const held = await blobs.size(network, hash)
    // Its body, left unread, is read and dropped by Node once this answer is sent.
    if (held !== null) return sendJson(response, 200, { hash, size: held })
    const overQuota = () =>
      new BlobRefused('quota', `The network's images on the relay would pass its quota of ${megabytes(blobQuotaBytes)}; ask the relay's operator for more.`)
    if ((await blobs.used(network)) + length > blobQuotaBytes) throw overQuota()
    const body = await readHashed(request)
    if (body === null) return
    if (body.hash !== hash) throw new BlobRefused('hashMismatch', "The image's bytes do not match the SHA-256 in its address: it changed on its way here.")
    refuseUnlessImage(body.bytes, maxBlobBytes)
    const storing = blobs.put(network, hash, body.bytes, blobQuotaBytes)
    this.storing.add(storing)
    const put = await storing.finally(() => this.storing.delete(storing))
    if (put === 'quota') throw overQuota()
    if (put === 'stored') {
      this.options.metrics.blobsStored.inc()
      this.options.metrics.blobBytesStored.inc(body.bytes.byteLength)
      this.options.log.info({ network, size: body.bytes.byteLength, token: claims.jti }, 'stored a blob')
    }
    sendJson(response, put === 'stored' ? 201 : 200, { hash, size: body.bytes.byteLength })
  }
}

/**
 * A request's body and its SHA-256, hashed as it arrives; null if the client went away (or was cut
 * off by --request-timeout-ms) before the end. Node's parser ends the body at its Content-Length,
 * which was checked, so no more than that is ever read.
 */
async function readHashed(request: IncomingMessage): Promise<{ bytes: Buffer; hash: string } | null> {
  const hash = createHash('sha256')
  const chunks: Buffer[] = []
  try {
    for await (const chunk of request as AsyncIterable<Buffer>) {
      hash.update(chunk)
      chunks.push(chunk)
    }
  } catch {
    return null
  }
  return { bytes: Buffer.concat(chunks), hash: hash.digest('hex') }
}

/** checkImage's refusal (SVG, not an image, too many pixels) as the route's. */
function refuseUnlessImage(bytes: Uint8Array, maxBytes: number): void {
  try {
    checkImage(bytes, maxBytes)
  } catch (error) {
    if (!(error instanceof CasebookError) || !isBlobRefusal(error.reason ?? '')) throw error
    throw new BlobRefused(error.reason as BlobRefusal, error.message)
  }
}

function isBlobRefusal(name: string): name is BlobRefusal {
  return Object.hasOwn(BLOB_REFUSALS, name)
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`
}
