import { httpUrl } from './workshops.js'

/** casebook://join?…, and what follows the question mark. */
const LINK = /^casebook:\/\/join\/?\?([^#]*)$/i
/**
 * The relay's invite page, `https://relay.example.org/join#…` (under the path of a relay reached at
 * one), and what follows the hash: the same parameters as the casebook:// link's.
 */
const PAGE_LINK = /^https?:\/\/[^/?#\s]+(?:\/[^?#\s]*)?\/join#(.*)$/i
/** Where the relay serves its invite page (src/relay/joinPage.ts). */
export const INVITE_PAGE_PATH = '/join'
/**
 * A relay's address as `casebook invite` gives it: ws:// or wss://, a host name or a bracketed IPv6
 * address, a port, a path; nothing that could be markup, a query or a second address.
 */
const RELAY_ADDRESS = /^wss?:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?(?:\/[\w.~%/-]*)?$/i
/** A JWT's shape: three parts in base64url. */
const TOKEN = /^[\w-]+\.[\w-]+\.[\w-]+$/

/**
 * An invite as one link, the relay's address and the token together, which the networks screen takes
 * whole: `casebook://join?relay=wss%3A%2F%2Frelay.example.org&invite=<token>`.
 */
export function inviteLink(relayUrl: string, token: string): string {
  return `casebook://join?${inviteParams(relayUrl, token)}`
}

/**
 * The same invite as a link to the relay's invite page, which opens it in the app or says how to:
 * `https://relay.example.org/join#relay=…&invite=<token>` for `wss://relay.example.org` (http:// for
 * ws://, the relay's path kept). The invite is in the fragment, which a browser sends to no server:
 * neither the relay nor a proxy on the way sees the token.
 */
export function invitePageLink(relayUrl: string, token: string): string {
  return `${httpUrl(relayUrl)}${INVITE_PAGE_PATH}#${inviteParams(relayUrl, token)}`
}

function inviteParams(relayUrl: string, token: string): string {
  return `relay=${encodeURIComponent(relayUrl)}&invite=${encodeURIComponent(token)}`
}

/**
 * The relay's address and the token an invite link holds (either form); null for text that is not
 * such a link (a bare token, say). Whether the relay answers and the token is a valid invite is
 * checkInvite's to say. (Read by hand: shared code has no URL class that every runtime's types declare.)
 */
export function readInviteLink(text: string): { relayUrl: string; token: string } | null {
  const trimmed = text.trim()
  const link = LINK.exec(trimmed)
  if (link) return readInviteParams(link[1]!)
  const page = PAGE_LINK.exec(trimmed)
  const invite = page ? readInviteParams(page[1]!) : null
  // The page's own relay only: one relay's page must not lend its name to another relay's invite.
  if (!invite || pageOf(invitePageLink(invite.relayUrl, invite.token)) !== pageOf(trimmed)) return null
  return invite
}

/** An invite page link's address before its fragment, as compared: scheme and host in any case. */
function pageOf(link: string): string {
  const address = link.slice(0, link.indexOf('#'))
  const path = address.indexOf('/', address.indexOf('//') + 2)
  return address.slice(0, path).toLowerCase() + address.slice(path)
}

/**
 * The relay's address and the token in an invite link's parameters (`relay=…&invite=…`, the
 * invite page's fragment); null unless both are there and have the shape `casebook invite` gives
 * them.
 */
export function readInviteParams(params: string): { relayUrl: string; token: string } | null {
  const values = new Map<string, string>()
  try {
    for (const pair of params.split('&')) {
      const [key = '', value = ''] = pair.split('=', 2)
      values.set(decodeURIComponent(key), decodeURIComponent(value))
    }
  } catch {
    // A stray % that decodes to nothing: not a link Casebook made.
    return null
  }
  const relayUrl = values.get('relay')
  const token = values.get('invite')
  return relayUrl && token && RELAY_ADDRESS.test(relayUrl) && TOKEN.test(token) ? { relayUrl, token } : null
}
