import { decodeJwt } from 'jose/jwt/decode'
import { CasebookError } from '../../shared/errors.js'
import { readInviteClaims, type InviteClaims } from '../../shared/protocol/invite.js'

export interface Invite {
  /** The relay's address: wss:// (https:// is taken to mean the same), or ws:// (http://) on loopback only. */
  relayUrl: string
  token: string
}

/**
 * Reads an invite before anything is saved: the relay address must be one, encrypted unless it is on
 * this computer, and the token must hold an invite's claims and not have expired. Whether the relay
 * accepts it is for the relay to say.
 */
export function checkInvite(invite: Invite, now = Date.now()): { relayUrl: string; claims: InviteClaims } {
  const relayUrl = checkRelayAddress(invite.relayUrl)
  let claims: InviteClaims | null = null
  try {
    claims = readInviteClaims(decodeJwt(invite.token.trim()))
  } catch {
    // Not a JWT at all: reported below like one without an invite's claims.
  }
  if (!claims) throw new CasebookError('INVALID_INVITE', 'The invite token is not a Casebook invite; copy it again, whole.', { reason: 'notInvite' })
  if (claims.exp * 1000 <= now) {
    throw new CasebookError(
      'INVALID_INVITE',
      `The invite to ${claims.net} expired on ${new Date(claims.exp * 1000).toISOString().slice(0, 10)}; ask for a new one.`,
      { reason: 'expired', params: { network: claims.net, expired: new Date(claims.exp * 1000).toISOString() } },
    )
  }
  return { relayUrl, claims }
}

/**
 * Why a network saved by an earlier version, before relay addresses had to be encrypted, may not
 * connect any more; undefined if it may.
 */
export function savedRelayRefusal(relayUrl: string): string | undefined {
  const url = new URL(relayUrl)
  const instead = encryptedInstead(url)
  if (!instead) return undefined
  return `This network's relay address, ${relayUrl}, is not encrypted: anyone on the way could read your invite and your documents, so Casebook no longer connects to it. Join the network again with the relay's wss:// address (${instead}).`
}

/** A relay's address as saved (ws:// or wss://, no trailing slash), once it passes the rules checkInvite applies. */
export function checkRelayAddress(text: string): string {
  return relayAddress(text).toString().replace(/\/+$/, '')
}

function relayAddress(text: string): URL {
  const notAnAddress = new CasebookError('INVALID_INVITE', `"${text}" is not a relay address; it should look like wss://relay.example.org.`, {
    reason: 'notAddress',
    params: { text },
  })
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    throw notAnAddress
  }
  const protocol = { 'ws:': 'ws:', 'wss:': 'wss:', 'http:': 'ws:', 'https:': 'wss:' }[url.protocol]
  if (!protocol || url.search || url.hash) throw notAnAddress
  const instead = encryptedInstead(url)
  if (instead) {
    throw new CasebookError(
      'INVALID_INVITE',
      `"${text}" is not encrypted: anyone on the way could read your invite and your documents. Use the relay's wss:// address (${instead}).`,
      { reason: 'notEncrypted', params: { text, instead } },
    )
  }
  url.protocol = protocol
  return url
}

/**
 * The invite token travels with every connection, so anything but loopback must be encrypted: the
 * wss:// address to use instead of an unencrypted one elsewhere, or undefined.
 */
function encryptedInstead(url: URL): string | undefined {
  if ((url.protocol !== 'ws:' && url.protocol !== 'http:') || isLoopback(url.hostname)) return undefined
  return `wss://${url.host}${url.pathname.replace(/\/+$/, '')}`
}

/** 127.0.0.0/8, ::1 and localhost never leave this computer. */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname)
}
