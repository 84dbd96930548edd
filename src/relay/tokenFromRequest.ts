import type { IncomingMessage } from 'node:http'
import { tokenFromSubprotocols } from '../shared/protocol/subprotocols.js'

/**
 * The invite token of a connection: from the Sec-WebSocket-Protocol header (Casebook's own clients),
 * else from the `token` query parameter (stock y-websocket clients).
 */
export function tokenFromRequest(request: IncomingMessage, url: URL): string | null {
  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((protocol) => protocol.trim())
  return tokenFromSubprotocols(offered) ?? url.searchParams.get('token')
}
