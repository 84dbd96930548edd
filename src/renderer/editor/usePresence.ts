import { useEffect, useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { caretColor } from './caretColor.js'
import type { CaretUser } from '../shared/caretLabel.js'

export interface Present extends CaretUser {
  clientId: number
  isYou: boolean
}

/** Who is in the document now: everyone whose presence names a user, this page first. */
export function usePresence(awareness: Awareness): Present[] {
  const [present, setPresent] = useState<Present[]>(() => read(awareness))
  useEffect(() => {
    // Awareness changes with every caret move of everyone; the list only when people come, go or rename.
    const update = () =>
      setPresent((shown) => {
        const now = read(awareness)
        return key(now) === key(shown) ? shown : now
      })
    awareness.on('change', update)
    update()
    return () => awareness.off('change', update)
  }, [awareness])
  return present
}

function read(awareness: Awareness): Present[] {
  const people: Present[] = []
  for (const [clientId, state] of awareness.getStates()) {
    const user = state['user'] as Record<string, unknown> | undefined
    if (typeof user?.['name'] !== 'string' || !user['name']) continue
    const city = typeof user['city'] === 'string' && user['city'] ? { city: user['city'] } : {}
    people.push({ clientId, name: user['name'], color: caretColor(user['color']), ...city, isYou: clientId === awareness.clientID })
  }
  return people.sort((a, b) => Number(b.isYou) - Number(a.isYou) || a.name.localeCompare(b.name))
}

function key(people: Present[]): string {
  return people.map(({ clientId, name, city, color }) => `${clientId}\t${name}\t${city ?? ''}\t${color}`).join('\n')
}
