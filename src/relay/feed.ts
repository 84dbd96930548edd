import * as decoding from 'lib0/decoding'
import type { WebSocket } from 'ws'
import type { CloseName } from '../shared/protocol/closeCodes.js'
import {
  encodeFetchable,
  encodeFetched,
  FETCH_VERSION,
  MAX_FETCH_ANSWER_BYTES,
  MAX_FETCH_DOCUMENTS,
  readFetch,
  type FetchedDocument,
  type FetchRequest,
} from '../shared/protocol/fetchFrames.js'
import { encodeChanged, encodeMembers, MESSAGE, type DocumentChange, type Member } from '../shared/protocol/messages.js'
import type { RateLimiter } from './rateLimiter.js'
import { Session, type SessionOptions } from './session.js'

export interface FeedOptions extends SessionOptions {
  limiter: RateLimiter
  onClose: (feed: Feed) => void
  /** What each document asked for adds to the client's copy, or why the feed must close instead. */
  fetch: (feed: Feed, documents: FetchRequest[]) => Promise<FetchedDocument[] | CloseName>
}

/** Answers written to the socket and not yet sent, past which the feed reads no more fetches. */
const ANSWERS_IN_FLIGHT = 2

/**
 * A client's subscription to a network's changes: it is told which documents changed (once their
 * updates are durable), so that it can keep every document of the network without holding a
 * connection to each; and who else is online in the network, since each device online keeps its
 * feed open. The only frame it takes is a fetch of several documents at once (docs/PROTOCOL.md,
 * "Fetching documents in bulk"); any other closes it.
 */
export class Feed extends Session {
  private answersInFlight = 0

  constructor(
    ws: WebSocket,
    readonly network: string,
    private readonly options: FeedOptions,
  ) {
    super(ws, options, () => options.onClose(this))
    // Before the first list, so that a client can fetch what it lists.
    this.send(encodeFetchable({ version: FETCH_VERSION, maxDocuments: MAX_FETCH_DOCUMENTS, maxAnswerBytes: MAX_FETCH_ANSWER_BYTES }))
  }

  changed(changes: readonly DocumentChange[]): void {
    if (!this.closing) this.send(encodeChanged(changes))
  }

  members(members: readonly Member[]): void {
    if (!this.closing) this.send(encodeMembers(members))
  }

  /** Who this feed's device belongs to, as its invite names them. */
  get member(): Member {
    const { name, city } = this.claims
    return city ? { name, city } : { name }
  }

  protected get place(): Record<string, string> {
    return { network: this.network }
  }

  protected receive(data: Buffer, isBinary: boolean): void {
    const fetch = this.readFetch(data, isBinary)
    if (!fetch) return
    // A client that asks and does not read would otherwise have the relay read and buffer answers without end.
    this.answersInFlight += 1
    if (this.answersInFlight >= ANSWERS_IN_FLIGHT) this.pause()
    const answered = () => {
      this.answersInFlight -= 1
      if (this.answersInFlight < ANSWERS_IN_FLIGHT) this.resume()
    }
    this.options.fetch(this, fetch.documents).then(
      (answer) => {
        if (typeof answer === 'string') {
          this.close(answer)
          return answered()
        }
        if (this.closing) return answered()
        this.send(encodeFetched(fetch.request, answer), answered)
      },
      (error: unknown) => {
        answered()
        this.refused('storageFailed', (error as Error).message)
      },
    )
  }

  /** The fetch a frame asks for; null, the feed closing, for any other frame or one past the limits. */
  private readFetch(data: Buffer, isBinary: boolean): { request: number; documents: FetchRequest[] } | null {
    const refuse = (name: CloseName, detail: string) => {
      this.refused(name, detail)
      return null
    }
    if (!isBinary) return refuse('malformedMessage', 'a text frame')
    if (!this.options.limiter.take()) return refuse('tooManyMessages', 'too many fetches')
    const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    try {
      if (decoding.readVarUint(decoder) !== MESSAGE.fetch) return refuse('unknownMessage', 'a feed takes no messages but fetches')
      return readFetch(decoder, MAX_FETCH_DOCUMENTS) ?? refuse('tooManyDocumentsAsked', `a fetch of more than ${MAX_FETCH_DOCUMENTS} documents`)
    } catch (error) {
      return refuse('malformedMessage', (error as Error).message)
    }
  }
}
