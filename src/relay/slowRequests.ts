import type { IncomingMessage, ServerOptions, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import type { Logger } from 'pino'
import type { RelayMetrics } from './metrics.js'

/** What a request's body must average, after its first `timeoutMs`: a phone's slow uplink, 256 kbit/s. */
export const MIN_BODY_BYTES_PER_SECOND = 32 * 1024

/**
 * Server options that close a request (a WebSocket upgrade included) whose headers are not all in
 * within `timeoutMs`: a socket that sends half a request must not be held for minutes. Node looks
 * for such requests every `connectionsCheckingInterval`, 30 s unless told otherwise. Node's own
 * `requestTimeout` is off: it would hold a whole body, an image's 20 MB too, to `timeoutMs`
 * (16 Mbit/s for 20 MB in 10 s); limitBodyTime gives a body time by its length instead.
 */
export function slowRequestOptions(timeoutMs: number): ServerOptions {
  return { headersTimeout: timeoutMs, requestTimeout: 0, connectionsCheckingInterval: Math.min(1000, timeoutMs) }
}

/**
 * Gives a request's body `timeoutMs`, and as long again as its Content-Length takes at
 * MIN_BODY_BYTES_PER_SECOND, to arrive (a body of unknown length, `timeoutMs` alone); past that it
 * is answered 408, as Node would, counted, and closed, so that a body sent a byte at a time cannot
 * hold a socket.
 */
export function limitBodyTime(request: IncomingMessage, response: ServerResponse, timeoutMs: number, metrics: RelayMetrics): void {
  const length = Number(request.headers['content-length'] ?? 0)
  if (!(length > 0) && request.headers['transfer-encoding'] === undefined) return
  const timer = setTimeout(
    () => {
      if (request.complete) return
      metrics.rejected.inc({ reason: 'requestTimeout' })
      if (!response.headersSent) request.socket.write('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n')
      request.socket.destroy()
    },
    timeoutMs + ((Number.isFinite(length) ? length : 0) / MIN_BODY_BYTES_PER_SECOND) * 1000,
  )
  timer.unref()
  response.once('close', () => clearTimeout(timer))
}

/**
 * The server's 'clientError' listener: answers as Node would without one (408 for a request too
 * slow, 400 for one that does not parse), counts the slow ones and logs the others, without the
 * request's text (`log` redacts it).
 */
export function answerClientError(metrics: RelayMetrics, log: Logger): (error: NodeJS.ErrnoException, socket: Socket) => void {
  return (error, socket) => {
    const timedOut = error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
    if (timedOut) metrics.rejected.inc({ reason: 'requestTimeout' })
    else log.info({ err: error }, 'refused a request that did not parse')
    // A socket that has answered a request already is in the middle of another exchange.
    if (socket.writable && socket.bytesWritten === 0) {
      socket.write(timedOut ? 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n' : 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    }
    socket.destroy()
  }
}

/**
 * The TLS server's 'tlsClientError' listener: a socket whose handshake failed, or did not finish within
 * the server's `handshakeTimeout` (before any request, so the options above never see it), is closed;
 * the slow ones are counted with the slow requests.
 */
export function endFailedHandshake(metrics: RelayMetrics): (error: NodeJS.ErrnoException, socket: Duplex) => void {
  return (error, socket) => {
    if (error.code === 'ERR_TLS_HANDSHAKE_TIMEOUT') metrics.rejected.inc({ reason: 'requestTimeout' })
    socket.destroy()
  }
}
