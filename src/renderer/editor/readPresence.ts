import type { Awareness } from 'y-protocols/awareness'
import type { CaretUser } from '../shared/caretLabel.js'
import { caretColor } from './caretColor.js'

export interface Present extends CaretUser {
  clientId: number
  isYou: boolean
}

/**
 * Who is in the document now: everyone whose presence holds a user (whose name may be empty, for
 * someone with no name in their profile), this page first.
 */
export function readPresence(awareness: Awareness): Present[] {
  const people: Present[] = []
  for (const [clientId, state] of awareness.getStates()) {
    const user = state['user'] as Record<string, unknown> | undefined
    if (typeof user !== 'object' || user === null) continue
    const name = typeof user['name'] === 'string' ? user['name'] : ''
    const city = typeof user['city'] === 'string' && user['city'] ? { city: user['city'] } : {}
    people.push({ clientId, name, color: caretColor(user['color']), ...city, isYou: clientId === awareness.clientID })
  }
  return people.sort((a, b) => Number(b.isYou) - Number(a.isYou) || a.name.localeCompare(b.name))
}
