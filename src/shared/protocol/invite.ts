import { z } from 'zod'
import { networkIdSchema } from '../model/meta.js'

export const ROLES = ['viewer', 'member', 'facilitator'] as const
export type Role = (typeof ROLES)[number]

/**
 * What an invite token says, as carried in its signed claims: `net` the network, `role`, the
 * holder's `name` and `city`, `exp` (seconds since 1970) and `jti`, the token's id, used to revoke it.
 */
export const inviteClaimsSchema = z.object({
  net: networkIdSchema,
  role: z.enum(ROLES),
  name: z.string().min(1).max(100),
  city: z.string().min(1).max(100).optional(),
  exp: z.number().int(),
  jti: z.string().min(1).max(64),
})

export type InviteClaims = z.infer<typeof inviteClaimsSchema>

/** How long an invite is valid: a number and a unit, as in 30m, 12h, 90d or 1y. */
export const EXPIRY = /^\d+\s*(?:m|min|h|d|w|y)$/

/** The document of a network that its facilitators curate; only they may write it. */
export const CATALOG_DOCUMENT = 'catalog'

/** Viewers write nothing; members write everything but the catalog; facilitators write everything. */
export function mayWrite(role: Role, documentId: string): boolean {
  return role === 'facilitator' || (role === 'member' && documentId !== CATALOG_DOCUMENT)
}
