/**
 * The invite token can travel in the WebSocket handshake's Sec-WebSocket-Protocol header rather than
 * in the query string, which proxies write to their access logs. A client offers two subprotocols:
 * `casebook`, which the relay answers with, and `casebook.token.<token>`, which it never echoes. (A
 * JWT's characters, A–Z a–z 0–9 - _ and ., are all allowed in a subprotocol name.)
 */
export const SUBPROTOCOL = 'casebook'
const TOKEN_PREFIX = `${SUBPROTOCOL}.token.`

/** The subprotocols a client offers to present `token`. */
export function tokenSubprotocols(token: string): string[] {
  return [SUBPROTOCOL, TOKEN_PREFIX + token]
}

/** The token among the offered subprotocols, if one is there. */
export function tokenFromSubprotocols(offered: Iterable<string>): string | null {
  for (const protocol of offered) if (protocol.startsWith(TOKEN_PREFIX)) return protocol.slice(TOKEN_PREFIX.length)
  return null
}
