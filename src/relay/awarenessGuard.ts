import type { Awareness } from 'y-protocols/awareness'
import { type AwarenessEntry, encodeAwarenessEntries, readAwarenessEntries } from '../shared/protocol/awarenessFrames.js'
import type { CloseName } from '../shared/protocol/closeCodes.js'
import type { InviteClaims } from '../shared/protocol/invite.js'
import { MAX_PRESENCE_BYTES, MAX_PRESENCE_IDS_PER_CONNECTION, MAX_PRESENCES_PER_CONNECTION } from '../shared/protocol/presenceLimits.js'
import { PresenceHolding, type Presences } from './presenceHolding.js'

export type AwarenessVerdict = { update: Uint8Array } | { refused: CloseName }

/**
 * Checks an awareness update from the connection holding the invite `claims`, and returns the update
 * the room may apply: only the entries of client ids that no other invite holds (see Room.owners),
 * each with the `user` it names rewritten to the invite's name and city, so that nobody can pass for
 * someone else. The connection may hold MAX_PRESENCES_PER_CONNECTION ids with a state at once,
 * however many one frame sets and withdraws (see PresenceHolding), and set
 * MAX_PRESENCE_IDS_PER_CONNECTION distinct ids in all.
 *
 * Entries for client ids another invite holds are left out, and the connection is not closed for
 * them. A stock y-websocket client sends such entries innocently: it echoes every state it receives,
 * and withdraws one it has not heard from in 30 s. An update that does not read throws MalformedFrame.
 */
export function guardAwareness(
  update: Uint8Array,
  claims: Pick<InviteClaims, 'jti' | 'name' | 'city'>,
  awareness: Awareness,
  owners: ReadonlyMap<number, string>,
  presences: Presences,
): AwarenessVerdict {
  const entries: AwarenessEntry[] = []
  const holding = new PresenceHolding(presences, awareness)
  for (const { client, clock, json } of readAwarenessEntries(update)) {
    const owner = owners.get(client)
    // Dropped, not refused: closing the connection would give anyone who took a member's client id
    // first (after a restart) a way to end that member's live editing.
    if (owner !== undefined && owner !== claims.jti) continue
    if (Buffer.byteLength(json) > MAX_PRESENCE_BYTES) return { refused: 'presenceTooLarge' }
    const state = JSON.parse(json) as unknown
    if (state === null) {
      // Withdrawing a client id nobody announced changes nothing; only its owner withdraws one.
      if (owner !== undefined) entries.push({ client, clock, json })
      holding.withdraw(client, clock)
      continue
    }
    if (typeof state !== 'object' || Array.isArray(state)) return { refused: 'malformedMessage' }
    if (holding.set(client, clock) > MAX_PRESENCES_PER_CONNECTION) return { refused: 'tooManyPresences' }
    if (holding.announced > MAX_PRESENCE_IDS_PER_CONNECTION) return { refused: 'tooManyPresenceIds' }
    entries.push({ client, clock, json: JSON.stringify(withInviteUser(state as Record<string, unknown>, claims)) })
  }
  return { update: encodeAwarenessEntries(entries) }
}

/** A state that names a user names the invite's holder; the rest of `user` (its colour) is kept. */
function withInviteUser(state: Record<string, unknown>, { name, city }: Pick<InviteClaims, 'name' | 'city'>): Record<string, unknown> {
  if (!('user' in state)) return state
  const given = typeof state['user'] === 'object' && state['user'] !== null && !Array.isArray(state['user']) ? (state['user'] as Record<string, unknown>) : {}
  const { city: _claimed, ...rest } = given
  return { ...state, user: { ...rest, name, ...(city ? { city } : {}) } }
}
