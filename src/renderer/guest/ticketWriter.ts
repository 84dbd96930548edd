import type { CommentWriter } from '../../shared/model/newCommentEvent.js'
import { readInviteClaims } from '../../shared/protocol/invite.js'

/**
 * Who the session token names: the relay wrote the name, city and role the guest's comments must
 * carry (it refuses an event that says otherwise), so they are read from the token's claims rather
 * than from what was typed. Null if the token does not read as an invite.
 */
export function ticketWriter(token: string): CommentWriter | null {
  const payload = token.split('.')[1]
  if (!payload) return null
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/')
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))
    const claims = readInviteClaims(JSON.parse(new TextDecoder().decode(bytes)))
    return claims && { name: claims.name, ...(claims.city ? { city: claims.city } : {}), role: claims.role }
  } catch {
    return null
  }
}
