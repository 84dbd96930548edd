import WebSocket from 'ws'

/** ws, sending the Origin header that a page of `origin` would: the WebSocket a renderer page has. */
export function webSocketFrom(origin: string): typeof globalThis.WebSocket {
  return class extends WebSocket {
    constructor(address: string) {
      super(address, { origin })
    }
  } as unknown as typeof globalThis.WebSocket
}
