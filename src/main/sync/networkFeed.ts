import * as decoding from 'lib0/decoding'
import WebSocket from 'ws'
import { CasebookError } from '../../shared/errors.js'
import { FEED_SINCE_PARAM, MESSAGE, readChanged, readMembers, type DocumentChange, type Member } from '../../shared/protocol/messages.js'
import { tokenSubprotocols } from '../../shared/protocol/subprotocols.js'
import { encodeFetch, readFetchable, readFetched, type FetchedDocument, type FetchLimits, type FetchRequest } from '../../shared/protocol/fetchFrames.js'

export interface FeedHandlers {
  /** The relay's list of changed documents: first everything since the cursor, then each new change. */
  onChanges(changes: DocumentChange[]): void
  /** Who is online in the network, each time that changes. */
  onMembers(members: Member[]): void
  /** True once the feed is connected and has sent its first list; false when it drops. */
  onOnline(online: boolean): void
  /** The relay refused the feed for good (a 44xx close: the invite expired or was revoked, say). */
  onRefused(close: { code: number; reason: string }): void
  /** The relay answers fetches on this connection, within these limits; told before its first list. */
  onFetchable?(limits: FetchLimits): void
  /** The relay's answer to a fetch. */
  onFetched?(request: number, documents: FetchedDocument[]): void
}

export interface FeedAddress {
  relayUrl: string
  network: string
  token: string
}

const FIRST_RETRY_MS = 250
const MAX_RETRY_MS = 10_000

/**
 * The connection to a network's feed on the relay (docs/PROTOCOL.md, "The feed"). It reconnects by
 * itself, backing off exponentially with jitter up to ten seconds, and resumes from the cursor it is
 * given each time, until the relay refuses it with a 44xx code or it is stopped.
 */
export class NetworkFeed {
  private ws: WebSocket | null = null
  private retryMs = FIRST_RETRY_MS
  private retry: NodeJS.Timeout | null = null
  private online = false
  private stopped = false

  constructor(
    private readonly address: FeedAddress,
    private readonly cursor: () => number,
    private readonly handlers: FeedHandlers,
  ) {}

  start(): void {
    this.stopped = false
    this.connect()
  }

  stop(): void {
    this.stopped = true
    if (this.retry) clearTimeout(this.retry)
    this.ws?.terminate()
    this.ws = null
    this.setOnline(false)
  }

  /** Asks the relay for several documents' missing updates; false when the feed is not connected. */
  fetch(request: number, documents: readonly FetchRequest[]): boolean {
    if (!this.online || this.ws?.readyState !== WebSocket.OPEN) return false
    this.ws.send(encodeFetch(request, documents))
    return true
  }

  private connect(): void {
    const url = new URL(`${this.address.relayUrl.replace(/\/+$/, '')}/${this.address.network}`)
    url.searchParams.set(FEED_SINCE_PARAM, String(this.cursor()))
    const ws = new WebSocket(url, tokenSubprotocols(this.address.token))
    this.ws = ws
    ws.binaryType = 'nodebuffer'
    ws.on('message', (data: Buffer) => {
      let changes: DocumentChange[] | null = null
      let members: Member[] | null = null
      let fetchable: FetchLimits | null = null
      let fetched: ReturnType<typeof readFetched> | null = null
      try {
        const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
        const type = decoding.readVarUint(decoder)
        if (type === MESSAGE.changed) changes = readChanged(decoder)
        else if (type === MESSAGE.members) members = readMembers(decoder)
        else if (type === MESSAGE.fetchable) fetchable = readFetchable(decoder)
        else if (type === MESSAGE.fetched) fetched = readFetched(decoder)
      } catch {
        // A relay that sends nonsense is treated like one that dropped the connection.
        ws.terminate()
        return
      }
      if (members) return this.handlers.onMembers(members)
      if (fetchable) return this.handlers.onFetchable?.(fetchable)
      if (fetched) return this.handlers.onFetched?.(fetched.request, fetched.documents)
      if (!changes) return
      this.retryMs = FIRST_RETRY_MS
      this.setOnline(true)
      this.handlers.onChanges(changes)
    })
    ws.on('error', () => {})
    ws.on('close', (code, reason) => {
      if (this.ws !== ws) return
      this.ws = null
      this.setOnline(false)
      if (this.stopped) return
      if (code >= 4400 && code < 4500) return this.handlers.onRefused({ code, reason: reason.toString() })
      const delay = this.retryMs * (0.5 + Math.random() / 2)
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS)
      this.retry = setTimeout(() => this.connect(), delay)
    })
  }

  private setOnline(online: boolean): void {
    if (online === this.online) return
    this.online = online
    this.handlers.onOnline(online)
  }
}

/**
 * Connects to a network's feed once, to learn whether the relay is there and admits the token:
 * resolves on its first list, rejects with a plain error otherwise.
 */
export function probeFeed(address: FeedAddress, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const feed: NetworkFeed = new NetworkFeed(address, () => 0, {
      onChanges: () => finish(),
      onMembers: () => {},
      onOnline: () => {},
      onRefused: ({ reason }) =>
        finish(
          new CasebookError('ACCESS_REFUSED', `The relay at ${address.relayUrl} refused the invite: ${reason}`, {
            reason: 'inviteRefused',
            params: { relay: address.relayUrl, why: reason },
          }),
        ),
    })
    const unreachable = () =>
      new CasebookError('RELAY_UNREACHABLE', `Cannot reach the relay at ${address.relayUrl}; check the address and your connection.`, {
        reason: 'unreachable',
        params: { relay: address.relayUrl },
      })
    const timer = setTimeout(() => finish(unreachable()), timeoutMs)
    function finish(error?: CasebookError) {
      clearTimeout(timer)
      feed.stop()
      if (error) reject(error)
      else resolve()
    }
    feed.start()
  })
}
