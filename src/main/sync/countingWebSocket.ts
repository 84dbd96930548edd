import WebSocket from 'ws'

/**
 * The WebSocket a document's provider connects with (y-websocket takes it as its polyfill). It counts
 * the update-carrying sync messages it sends (step 2 and update: a sync frame's first two bytes are
 * 0, then 1 or 2) exactly as the relay counts them for its `stored` acknowledgement, so that an
 * acknowledged count equal to this one means every local change sent on this connection is stored.
 */
export class CountingWebSocket extends WebSocket {
  updatesSent = 0

  override send(data: Parameters<WebSocket['send']>[0], ...rest: unknown[]): void {
    if (data instanceof Uint8Array && data[0] === 0 && (data[1] === 1 || data[1] === 2)) this.updatesSent += 1
    ;(super.send as (...args: unknown[]) => void)(data, ...rest)
  }
}
