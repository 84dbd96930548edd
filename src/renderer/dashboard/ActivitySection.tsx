import { useTranslation } from 'react-i18next'
import type { NetworkStats } from '../../shared/model/networkStats.js'
import { useFormats } from '../i18n/useFormats.js'
import { activityText } from './activityText.js'

/** What changed in the network, the latest first, and who changed it; what came since the user last looked marked new. */
export function ActivitySection({ stats, onOpen }: { stats: NetworkStats; onOpen: (id: string) => void }) {
  const { t } = useTranslation()
  const format = useFormats()
  return (
    <section className="dashboard-section" aria-labelledby="dashboard-activity">
      <h2 id="dashboard-activity">{t('dashboard.activity.title')}</h2>
      {stats.newActivity > 0 && <p className="activity-count">{t('dashboard.activity.new', { count: stats.newActivity })}</p>}
      {stats.activity.length === 0 ? (
        <p className="empty">{t('dashboard.activity.empty')}</p>
      ) : (
        <ol className="activity-list" aria-labelledby="dashboard-activity">
          {stats.activity.map((activity, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: two changes may share kind, document and time; the list is drawn anew with the figures.
            <li key={index} className={activity.isNew ? 'activity-new' : undefined}>
              {activity.isNew && <span className="badge badge-new">{t('dashboard.activity.newBadge')}</span>}
              <button type="button" className="link" onClick={() => onOpen(activity.document)}>
                {activity.title || t('dashboard.labels.untitled')}
              </button>
              <span className="activity-what">{activityText(t, activity)}</span>
              <time dateTime={activity.at} title={format.moment(activity.at)}>
                {format.relative(activity.at)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}
