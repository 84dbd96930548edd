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
      {people.map((person) => {
        // Someone who sent no name is named in this window's language, not the sender's.
        const label = caretLabel({ ...person, name: person.name || t('editor.someone') })
        return (
          <li key={person.clientId} title={label}>
            <span className="avatar" aria-hidden="true" style={{ backgroundColor: person.color, color: textColorOn(person.color) }}>
              {label.slice(0, 1).toUpperCase()}
            </span>
            <span>{person.isYou ? t('editor.you', { name: label }) : label}</span>
          </li>
        )
      })}
    </ul>
  )
}
