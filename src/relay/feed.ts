import type { WebSocket } from 'ws'
import { encodeChanged, encodeMembers, type DocumentChange, type Member } from '../shared/protocol/messages.js'
import { Session, type SessionOptions } from './session.js'

/**
 * A client's subscription to a network's changes: it is told which documents changed (once their
 * updates are durable), so that it can keep every document of the network without holding a
 * connection to each; and who else is online in the network, since each device online keeps its
 * feed open. It only listens: any frame from the client closes it.
 */
export class Feed extends Session {
  constructor(
    ws: WebSocket,
    readonly network: string,
    options: SessionOptions & { onClose: (feed: Feed) => void },
  ) {
    super(ws, options, () => options.onClose(this))
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

  protected receive(): void {
    this.refused('unknownMessage', 'a feed takes no messages')
  }
}
