import { useTranslation } from 'react-i18next'
import type { Adaptation, Responses } from '../../shared/ipc/contract.js'
import type { DocumentMeta } from '../../shared/model/meta.js'

interface Props {
  meta: DocumentMeta
  adaptations: Responses['documents.adaptedBy']
  onOpen: (id: string) => void
}

/**
 * Where the document came from and where it went: the case study it adapts, and the cities that
 * adapted it, each a link where this device holds the adaptation (another network's that the user is
 * not in is only its city).
 */
export function AdaptationsSection({ meta, adaptations: { adaptedBy, sourceHeld }, onOpen }: Props) {
  const { t } = useTranslation()
  const from = meta.adaptedFrom
  // One entry per city, linked to an adaptation of it this device can open.
  const cities = new Map<string, Adaptation>()
  for (const adaptation of adaptedBy) if (!cities.get(adaptation.city)?.title) cities.set(adaptation.city, adaptation)
  if (!from && cities.size === 0) return null
  return (
    <section className="adaptations" aria-label={t('adapt.section')}>
      {from && (
        <p>
          {t('adapt.adaptedFrom')}{' '}
          {sourceHeld ? (
            <button type="button" className="link" onClick={() => onOpen(from.id)}>
              {from.title}
            </button>
          ) : (
            <span>{from.title}</span>
          )}
          {from.city ? ` (${from.city})` : ''}
        </p>
      )}
      {cities.size > 0 && (
        <p>
          {t('adapt.adaptedBy', { count: cities.size })}{' '}
          <span className="adapted-by">
            {[...cities.values()].map(({ id, city, title }, index) => (
              <span key={id}>
                {index > 0 && ', '}
                {title !== undefined ? (
                  <button type="button" className="link" title={title} onClick={() => onOpen(id)}>
                    {city || t('adapt.noCity')}
                  </button>
                ) : (
                  city || t('adapt.noCity')
                )}
              </span>
            ))}
          </span>
        </p>
      )}
    </section>
  )
}
