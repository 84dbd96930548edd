import { useEffect, useState } from 'react'
import type { Awareness } from 'y-protocols/awareness'
import { type Present, readPresence } from './readPresence.js'

/** Who is in the document now (readPresence), as it changes. */
export function usePresence(awareness: Awareness): Present[] {
  const [present, setPresent] = useState<Present[]>(() => readPresence(awareness))
  useEffect(() => {
    // Awareness changes with every caret move of everyone; the list only when people come, go or rename.
    const update = () =>
      setPresent((shown) => {
        const now = readPresence(awareness)
        return key(now) === key(shown) ? shown : now
      })
    awareness.on('change', update)
    update()
    return () => awareness.off('change', update)
  }, [awareness])
  return present
}

function key(people: Present[]): string {
  return people.map(({ clientId, name, city, color }) => `${clientId}\t${name}\t${city ?? ''}\t${color}`).join('\n')
}
