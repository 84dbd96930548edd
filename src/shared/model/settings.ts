import * as z from 'zod'
import { ROLES } from '../protocol/invite.js'
import { languageSchema } from './languages.js'
import { NETWORK_ID } from './networkId.js'

/** Who the user is to the people they write with: shown beside their cursor and their documents. */
export const profileSchema = z.object({
  name: z.string().trim().min(1, 'Give a name.').max(100, 'Use at most 100 characters.'),
  city: z.string().trim().max(100, 'Use at most 100 characters.').optional(),
  color: z.string().regex(/^#[0-9a-f]{6}$/i, 'Use a colour like #1f77b4.'),
})
export type Profile = z.infer<typeof profileSchema>

/**
 * A workshop the user joined with its code (src/shared/protocol/workshops.ts): its token admits them
 * to one document of the network, and its comments, until `endsAt` (milliseconds since 1970).
 */
export const joinedWorkshopSchema = z.object({
  code: z.string(),
  document: z.string(),
  endsAt: z.number(),
})
export type JoinedWorkshop = z.infer<typeof joinedWorkshopSchema>

/**
 * A network the user joined: where its relay is and the token that admits them, an invite's or, for
 * a workshop joined with its code, the session's (`workshop`, absent from settings saved before
 * workshops).
 */
export const joinedNetworkSchema = z.object({
  id: z.string().regex(NETWORK_ID),
  /** The network's display name, as the last invite taken that had one signed it. */
  title: z.string().optional(),
  relayUrl: z.string().url(),
  token: z.string().min(1),
  role: z.enum(ROLES),
  /** The name and city the invite was made out to. */
  name: z.string(),
  city: z.string().optional(),
  joinedAt: z.string(),
  workshop: joinedWorkshopSchema.optional(),
})
export type JoinedNetwork = z.infer<typeof joinedNetworkSchema>

export const storedLanguage = languageSchema.optional().catch(undefined)

export const settingsSchema = z.object({
  profile: profileSchema.optional(),
  /**
   * The window's language, once the user chose one in Profile; until then it follows the system. One
   * this version does not offer (saved by a newer one) reads as not chosen, not as damaged settings.
   */
  language: storedLanguage,
  networks: z.array(joinedNetworkSchema),
})
export type Settings = z.infer<typeof settingsSchema>

export const EMPTY_SETTINGS: Settings = { networks: [] }
