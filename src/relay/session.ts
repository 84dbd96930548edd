import type { Logger } from 'pino'
import type { WebSocket } from 'ws'
import { CLOSE, type CloseName } from '../shared/protocol/closeCodes.js'
import type { InviteClaims } from '../shared/protocol/invite.js'
import type { RelayMetrics } from './metrics.js'

export interface SessionOptions {
  claims: InviteClaims
  /** The network address it came from. */
  address: string
  metrics: RelayMetrics
  log: Logger
}

/**
 * One admitted WebSocket, to a document's room or a network's feed: what the relay needs to end it
 * when its token expires or is revoked, and to refuse what it sends with a named close code.
 */
export abstract class Session {
  protected closing = false

  constructor(
    private readonly ws: WebSocket,
    private readonly session: SessionOptions,
    onClose: () => void,
  ) {
    ws.on('message', (data, isBinary) => {
      if (!this.closing) this.receive(data as Buffer, isBinary)
    })
    ws.on('error', (error: Error & { code?: string }) => {
      // ws refuses oversize and broken frames itself, and closes with 1009 or 1002.
      this.refused(error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'messageTooBig' : 'malformedMessage', error.message)
    })
    ws.on('close', () => {
      this.closing = true
      onClose()
    })
  }

  /** Whether it is closing or closed: nothing more is sent to it. */
  get isClosed(): boolean {
    return this.closing
  }

  get tokenId(): string {
    return this.session.claims.jti
  }

  get address(): string {
    return this.session.address
  }

  protected get claims(): InviteClaims {
    return this.session.claims
  }

  /** The code of the workshop whose session token it was admitted with, if it was. */
  get workshop(): string | undefined {
    return this.session.claims.ws
  }

  /** When the invite it was admitted with expires, in milliseconds since 1970. */
  get expiresAt(): number {
    return this.session.claims.exp * 1000
  }

  /** Sends a frame; `sent` is called once it is handed to the operating system (or failed to be). */
  send(message: Uint8Array, sent?: () => void): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(message, sent)
  }

  /** Stops reading the client's frames (TCP pushes back on it), until `resume()`. */
  protected pause(): void {
    this.ws.pause()
  }

  protected resume(): void {
    this.ws.resume()
  }

  close(name: CloseName): void {
    if (this.closing) return
    this.closing = true
    this.ws.close(CLOSE[name].code, CLOSE[name].reason)
  }

  /** Where this session is, for log lines: its room or its network. */
  protected abstract get place(): Record<string, string>

  protected abstract receive(data: Buffer, isBinary: boolean): void

  protected refused(name: CloseName, detail: string): void {
    if (this.closing) return
    this.session.metrics.rejected.inc({ reason: name })
    this.session.log.warn({ ...this.place, token: this.tokenId, reason: name, detail }, 'closing a connection that sent a frame the relay refuses')
    this.close(name)
  }
}
