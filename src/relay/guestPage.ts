import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join } from 'node:path'
import { contentSecurityPolicy } from '../shared/contentSecurityPolicy.js'
import { GUEST_ASSETS_PREFIX, wsUrl } from '../shared/protocol/workshops.js'
import { isLoopback } from './clientAddress.js'

/** The page every `/w/<code>` serves: it reads its code from its own address. */
const PAGE = 'guest.html'
const ASSET_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}
/** A file directly in the guest folder: no slash, no leading dot, nothing percent-encoded, so nothing outside it. */
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\.(?:js|css|woff2|svg|png)$/
/** A Host header that can stand in a CSP source: a name or address and a port, nothing else. */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/

export interface GuestPageOptions {
  /** The built guest page (dist/guest); undefined when there is none. */
  guestDir: string | undefined
  tls: boolean
  trustProxy: boolean
}

/**
 * Answers `GET /w/<anything>`: the guest page, or one of its files under /w/assets/. The page may
 * connect to this relay alone: its own origin ('self'), and the WebSocket origin of the host it was
 * asked for, which 'self' does not cover in every browser. It is never cached and sends no referrer,
 * since its address holds the workshop's code.
 */
export async function serveGuestPage(request: IncomingMessage, response: ServerResponse, path: string, options: GuestPageOptions): Promise<void> {
  const asset = path.startsWith(GUEST_ASSETS_PREFIX) ? path.slice(GUEST_ASSETS_PREFIX.length) : null
  if (asset !== null) return sendGuestAsset(response, options.guestDir, ASSET_NAME.test(asset) ? asset : null)
  return sendGuestHtml(response, options.guestDir, PAGE, connectSources(request, options), 'The guest page')
}

/**
 * Answers an HTML page of the guest folder (the guest page, the invite page): under the policy, which
 * lets it connect to `connectSources` alone, never cached, sending no referrer; or says it is not built.
 */
export async function sendGuestHtml(response: ServerResponse, guestDir: string | undefined, name: string, connectSources: string, what: string): Promise<void> {
  const page = await guestFile(guestDir, name)
  if (!page) {
    return void response
      .writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' })
      .end(`${what} is not built; run npm run build.\n`)
  }
  response
    .writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': contentSecurityPolicy(connectSources),
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    })
    .end(page)
}

/**
 * 'self' and the relay's WebSocket origin as the page's address names it: wss:// when the relay
 * serves TLS, or when the reverse proxy it trusts (--trust-proxy) says it received the request over
 * https; ws:// otherwise.
 */
function connectSources(request: IncomingMessage, { tls, trustProxy }: GuestPageOptions): string {
  const host = request.headers.host ?? ''
  if (!HOST.test(host)) return "'self'"
  const proxiedTls = trustProxy && isLoopback(request.socket.remoteAddress ?? '') && request.headers['x-forwarded-proto'] === 'https'
  return `'self' ${wsUrl(`${tls || proxiedTls ? 'https' : 'http'}://${host}`)}`
}

/** Answers a file of the guest folder (`name`, checked by the caller: null for none) with its type, or 404. */
export async function sendGuestAsset(response: ServerResponse, guestDir: string | undefined, name: string | null): Promise<void> {
  const content = name === null ? null : await guestFile(guestDir, name)
  if (name === null || !content) {
    return void response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }).end('Not found\n')
  }
  response
    .writeHead(200, {
      'content-type': ASSET_TYPES[extname(name)]!,
      'x-content-type-options': 'nosniff',
      // guest.js, guest.css and the invite page's join.js and join.css keep their names from one build to
      // the next (the chunks' names carry a hash of their content), so a browser asks each time whether a file changed.
      'cache-control': 'no-cache',
      'referrer-policy': 'no-referrer',
    })
    .end(content)
}

/** A file of the guest folder, or null when there is no such file. */
export async function guestFile(guestDir: string | undefined, name: string): Promise<Buffer | null> {
  if (guestDir === undefined) return null
  try {
    return await readFile(join(guestDir, name))
  } catch (error) {
    if (['ENOENT', 'EISDIR', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return null
    throw error
  }
}
