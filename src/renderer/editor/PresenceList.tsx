import { useTranslation } from 'react-i18next'
import type { Awareness } from 'y-protocols/awareness'
import { caretLabel, textColorOn } from '../shared/caretLabel.js'
import { usePresence } from './usePresence.js'

/** Who is in the document now, each in their caret's colour. */
export function PresenceList({ awareness }: { awareness: Awareness }) {
  const { t } = useTranslation()
  const people = usePresence(awareness)
  return (
    <ul className="presence" aria-label={t('editor.people')}>
      {people.map((person) => (
        <li key={person.clientId} title={caretLabel(person)}>
          <span className="avatar" aria-hidden="true" style={{ backgroundColor: person.color, color: textColorOn(person.color) }}>
            {person.name.slice(0, 1).toUpperCase()}
          </span>
          <span>{person.isYou ? t('editor.you', { name: caretLabel(person) }) : caretLabel(person)}</span>
        </li>
      ))}
    </ul>
  )
}
