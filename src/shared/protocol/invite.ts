import { isNetworkId } from '../model/networkId.js'
import { ADAPTATIONS_DOCUMENT } from './adaptationReferences.js'
import { commentsRoomOf, isCommentsRoom, isRoomDocumentId } from './rooms.js'
import { readCode } from './workshops.js'

export const ROLES = ['viewer', 'member', 'facilitator'] as const
export type Role = (typeof ROLES)[number]

/**
 * What an invite token says, as carried in its signed claims: `net` the network, `title` its display
 * name (which tokens made before there were any do not have), `role`, the holder's `name` and `city`,
 * `exp` (seconds since 1970) and `jti`, the token's id, used to revoke it.
 * A workshop's session token (workshops.ts) also has `doc`, the one document it admits to (with its
 * comments room), and `ws`, the workshop's code.
 */
export interface InviteClaims {
  net: string
  title?: string | undefined
  role: Role
  name: string
  city?: string | undefined
  exp: number
  jti: string
  doc?: string | undefined
  ws?: string | undefined
}

/**
 * The claims of a decoded token, or null if they are not an invite's. Checked by hand rather than with
 * zod: the relay loads this, and zod 4 alone would add 6 MB to a process meant to stay smaller than
 * the y-websocket server it replaces.
 */
export function readInviteClaims(payload: unknown): InviteClaims | null {
  if (typeof payload !== 'object' || payload === null) return null
  const { net, title, role, name, city, exp, jti, doc, ws } = payload as Record<string, unknown>
  const text = (value: unknown, max: number) => typeof value === 'string' && value.length >= 1 && value.length <= max
  if (!isNetworkId(net) || !(ROLES as readonly unknown[]).includes(role) || !text(name, 100) || !text(jti, 64)) return null
  // A name shown instead of the network's id: no control or bidi-override characters, which could make it read as another's.
  const shownName = (value: unknown) => text(value, 100) && /\S/u.test(value as string) && !/[\p{Cc}\p{Cf}]/u.test(value as string)
  if ((title !== undefined && !shownName(title)) || (city !== undefined && !text(city, 100)) || !Number.isInteger(exp)) return null
  // A workshop's token has both or neither: a `doc` alone would be a scope no workshop ends.
  if (
    (doc === undefined) !== (ws === undefined) ||
    (doc !== undefined && !(typeof doc === 'string' && isRoomDocumentId(doc) && typeof ws === 'string' && readCode(ws) === ws))
  )
    return null
  return {
    net,
    ...(title !== undefined ? { title: title as string } : {}),
    role: role as Role,
    name: name as string,
    ...(city !== undefined ? { city: city as string } : {}),
    exp: exp as number,
    jti: jti as string,
    ...(doc !== undefined ? { doc: doc as string, ws: ws as string } : {}),
  }
}

/** How long an invite is valid: a number and a unit, as in 30m, 12h, 90d or 1y. */
export const EXPIRY = /^\d+\s*(?:m|min|h|d|w|y)$/

/** The room of a network's catalog (workflow.ts, curation.ts), which only facilitators may write. */
export const CATALOG_DOCUMENT = 'catalog'

/**
 * Everyone writes comments rooms and the network's adaptations room, which only take new values the
 * relay checks (commentRules.ts, adaptationRules.ts); otherwise viewers write nothing, members
 * everything but the catalog, and facilitators everything.
 */
export function mayWrite(role: Role, documentId: string): boolean {
  return role === 'facilitator' || isCommentsRoom(documentId) || documentId === ADAPTATIONS_DOCUMENT || (role === 'member' && documentId !== CATALOG_DOCUMENT)
}

/** Whether a token may open this room of its network: a workshop's only its document and that document's comments. */
export function mayOpen(claims: Pick<InviteClaims, 'doc'>, documentId: string): boolean {
  return claims.doc === undefined || documentId === claims.doc || documentId === commentsRoomOf(claims.doc)
}
