import { useTranslation } from 'react-i18next'
import type { NetworkStats } from '../../shared/model/networkStats.js'
import { useDashboardFormats } from './dashboardFormats.js'

/** The network's case studies adapted the most, each opening the document, with how often and by which cities. */
export function ReachSection({ stats, onOpen }: { stats: NetworkStats; onOpen: (id: string) => void }) {
  const { t } = useTranslation()
  const { names } = useDashboardFormats()
  const noCity = t('dashboard.labels.noCity')
  return (
    <section className="dashboard-section" aria-labelledby="dashboard-reach">
      <h2 id="dashboard-reach">{t('dashboard.reach.title')}</h2>
      {stats.mostAdapted.length === 0 ? (
        <p className="empty">{t('dashboard.reach.empty')}</p>
      ) : (
        <ol className="reach-list" aria-labelledby="dashboard-reach">
          {stats.mostAdapted.map((adapted) => (
            <li key={adapted.id}>
              <button type="button" className="link" onClick={() => onOpen(adapted.id)}>
                {adapted.title || t('dashboard.labels.untitled')}
              </button>
              {adapted.city && <span className="reach-city">{t('dashboard.reach.from', { city: adapted.city })}</span>}
              <p className="reach-cities">
                {t('dashboard.reach.adapted', { count: adapted.adaptations, cities: names(adapted.cities.map((city) => city || noCity)) })}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
