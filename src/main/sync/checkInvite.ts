import { decodeJwt } from 'jose/jwt/decode'
import { CasebookError } from '../../shared/errors.js'
import { readInviteClaims, type InviteClaims } from '../../shared/protocol/invite.js'

export interface Invite {
  /** The relay's address, ws:// or wss:// (http:// and https:// are taken to mean the same host). */
  relayUrl: string
  token: string
}

/**
 * Reads an invite before anything is saved: the relay address must be one, and the token must hold an
 * invite's claims and not have expired. Whether the relay accepts it is for the relay to say.
 */
export function checkInvite(invite: Invite, now = Date.now()): { relayUrl: string; claims: InviteClaims } {
  let url: URL
  try {
    url = new URL(invite.relayUrl.trim())
  } catch {
    throw new CasebookError('INVALID_INVITE', `"${invite.relayUrl}" is not a relay address; it should look like wss://relay.example.org.`)
  }
  const protocol = { 'ws:': 'ws:', 'wss:': 'wss:', 'http:': 'ws:', 'https:': 'wss:' }[url.protocol]
  if (!protocol || url.search || url.hash) {
    throw new CasebookError('INVALID_INVITE', `"${invite.relayUrl}" is not a relay address; it should look like wss://relay.example.org.`)
  }
  url.protocol = protocol
  let claims: InviteClaims | null = null
  try {
    claims = readInviteClaims(decodeJwt(invite.token.trim()))
  } catch {
    // Not a JWT at all: reported below like one without an invite's claims.
  }
  if (!claims) throw new CasebookError('INVALID_INVITE', 'The invite token is not a Casebook invite; copy it again, whole.')
  if (claims.exp * 1000 <= now) {
    throw new CasebookError('INVALID_INVITE', `The invite to ${claims.net} expired on ${new Date(claims.exp * 1000).toISOString().slice(0, 10)}; ask for a new one.`)
  }
  return { relayUrl: url.toString().replace(/\/+$/, ''), claims }
}
