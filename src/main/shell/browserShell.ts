import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { contentSecurityPolicy } from '../../shared/contentSecurityPolicy.js'
import { MAX_IMPORT_BYTES } from '../../shared/ipc/importableFile.js'
import { decodeShellFrame, encodeBytesResponse, encodeDocumentFrame, hasBytesValue } from '../../shared/ipc/shellFrames.js'
import { SHELL_SECRET_PARAM, SHELL_SOCKET_PATH, type ShellReply, type ShellRequest } from '../../shared/ipc/shellProtocol.js'
import { preloadRendererFiles, type RendererFile, readRendererFile } from '../rendererFile.js'
import type { Services } from '../services/services.js'

/** The largest contract message a page may send: a file to import, with room for its request. */
const MAX_MESSAGE_BYTES = MAX_IMPORT_BYTES + (1 << 20)

/**
 * The browser shell: the back end's services behind a WebSocket on 127.0.0.1, and the built renderer
 * as static files. Only a page that presents this launch's secret (handed over in the URL's fragment,
 * which browsers never send to servers) from this server's own origin may use the contract; anything
 * else gets 403 before the WebSocket handshake. A request whose Host is not this server's own
 * (127.0.0.1:PORT or localhost:PORT) gets 421, page or WebSocket: a site whose name was made to point
 * at 127.0.0.1 (DNS rebinding) would otherwise be same-origin with it. The renderer is the same one the
 * desktop app loads.
 *
 * It listens before the services are up: the page is fetched and parsed while the back end loads and
 * opens the library, and its WebSocket is admitted once they are (or closed, if they fail).
 */
export class BrowserShell {
  readonly secret = randomBytes(24).toString('base64url')
  private readonly server: Server
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  private readonly preloaded: Map<string, ServedFile>

  private constructor(
    private readonly services: Promise<Services>,
    private readonly rendererDir: string,
  ) {
    this.preloaded = new Map([...preloadRendererFiles(rendererDir)].map(([path, file]) => [path, served(file)]))
    this.server = createServer((request, response) => void this.serveFile(request, response))
    this.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(request, socket, head))
  }

  static async start(services: Promise<Services>, { port = 0, rendererDir }: { port?: number; rendererDir: string }): Promise<BrowserShell> {
    const shell = new BrowserShell(services, rendererDir)
    await new Promise<void>((resolve, reject) => {
      shell.server.once('error', reject)
      shell.server.listen(port, '127.0.0.1', () => resolve())
    })
    return shell
  }

  get origin(): string {
    const address = this.server.address()
    if (address === null || typeof address === 'string') throw new Error('The shell is not listening.')
    return `http://127.0.0.1:${address.port}`
  }

  /** What to open in a browser: the page, with the secret in the fragment. */
  get url(): string {
    return `${this.origin}/#${SHELL_SECRET_PARAM}=${this.secret}`
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.close(1001, 'Casebook is shutting down.')
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()))
    this.server.closeAllConnections()
    await closed
  }

  /** The Host the request names, if it is this server's own. */
  private ownHost(request: IncomingMessage): string | null {
    const host = request.headers.host?.toLowerCase()
    const port = new URL(this.origin).port
    return host === `127.0.0.1:${port}` || host === `localhost:${port}` ? host : null
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy())
    const host = this.ownHost(request)
    if (!host) return void socket.end('HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
    const url = new URL(request.url ?? '/', this.origin)
    const given = Buffer.from(url.searchParams.get(SHELL_SECRET_PARAM) ?? '')
    const expected = Buffer.from(this.secret)
    const secretMatches = given.length === expected.length && timingSafeEqual(given, expected)
    if (url.pathname !== SHELL_SOCKET_PATH || !secretMatches || request.headers.origin !== `http://${host}`) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    this.services.then(
      (services) => this.wss.handleUpgrade(request, socket, head, (ws) => this.attach(services, ws)),
      () => socket.destroy(),
    )
  }

  private attach(services: Services, ws: WebSocket): void {
    // An export's bytes travel as they are, in a binary frame (shellFrames.ts).
    const send = (reply: ShellReply) => ws.readyState === ws.OPEN && ws.send(hasBytesValue(reply) ? encodeBytesResponse(reply) : JSON.stringify(reply))
    const client = services.connect({
      event: (event) => send({ type: 'event', event }),
      documentMessage: (id, message) => ws.readyState === ws.OPEN && ws.send(encodeDocumentFrame(id, message)),
    })
    ws.on('message', async (data: Buffer, isBinary) => {
      let request: ShellRequest
      try {
        const frame = isBinary
          ? decodeShellFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
          : { type: 'request' as const, request: JSON.parse(data.toString('utf8')) as ShellRequest }
        if (frame.type === 'document') return client.documentMessage(frame.id, frame.message)
        if (frame.type !== 'request') throw new Error('not a request')
        request = frame.request
        if (request.type !== 'request' || !Number.isSafeInteger(request.n)) throw new Error('not a request')
      } catch {
        return ws.close(1007, 'A message could not be read.')
      }
      const reply = await client.request(request.channel, request.input)
      send({ type: 'response', n: request.n, ...reply })
    })
    ws.on('close', () => void client.close())
    ws.on('error', () => ws.terminate())
  }

  private async serveFile(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const host = this.ownHost(request)
    if (!host) return void response.writeHead(421, { 'content-type': 'text/plain' }).end("This address is not Casebook's; open the one Casebook printed.\n")
    const path = new URL(request.url ?? '/', this.origin).pathname
    const read = async () => {
      const file = await readRendererFile(this.rendererDir, path)
      return file && served(file)
    }
    const file = request.method === 'GET' ? (this.preloaded.get(path) ?? (await read())) : null
    if (!file) return void response.writeHead(404).end()
    // Kept by the browser, a launch on the same port loads the page from its cache (not, as measured,
    // its module scripts' compiled code: docs/ARCHITECTURE.md, the browser shell).
    // A chunk's name holds a hash of its content (scripts/build.mjs), so it is never asked for again;
    // the rest is asked for each time, and answered 304 when unchanged.
    const caching = { etag: file.etag, 'cache-control': path.startsWith('/chunks/') ? 'max-age=31536000, immutable' : 'no-cache' }
    if (request.headers['if-none-match'] === file.etag) return void response.writeHead(304, caching).end()
    response.writeHead(200, {
      ...caching,
      'content-type': file.type,
      // The page reaches the back end over its own WebSocket only.
      'content-security-policy': contentSecurityPolicy(`ws://${host}`),
      'x-content-type-options': 'nosniff',
    })
    response.end(file.body)
  }
}

interface ServedFile extends RendererFile {
  etag: string
}

function served(file: RendererFile): ServedFile {
  return { ...file, etag: `"${createHash('sha1').update(file.body).digest('base64url')}"` }
}
