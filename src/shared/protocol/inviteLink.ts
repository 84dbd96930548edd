/** casebook://join?…, and what follows the question mark. */
const LINK = /^casebook:\/\/join\/?\?([^#]*)$/i

/**
 * An invite as one link, the relay's address and the token together, which the networks screen takes
 * whole: `casebook://join?relay=wss%3A%2F%2Frelay.example.org&invite=<token>`.
 */
export function inviteLink(relayUrl: string, token: string): string {
  return `casebook://join?relay=${encodeURIComponent(relayUrl)}&invite=${encodeURIComponent(token)}`
}

/**
 * The relay's address and the token an invite link holds; null for text that is not such a link (a
 * bare token, say). Whether they are a relay address and an invite is checkInvite's to say. (Read by
 * hand: shared code has no URL class that every runtime's types declare.)
 */
export function readInviteLink(text: string): { relayUrl: string; token: string } | null {
  const query = LINK.exec(text.trim())?.[1]
  if (query === undefined) return null
  const params = new Map<string, string>()
  try {
    for (const pair of query.split('&')) {
      const [key = '', value = ''] = pair.split('=', 2)
      params.set(decodeURIComponent(key), decodeURIComponent(value))
    }
  } catch {
    // A stray % that decodes to nothing: not a link Casebook made.
    return null
  }
  const relayUrl = params.get('relay')
  const token = params.get('invite')
  return relayUrl && token ? { relayUrl, token } : null
}
