import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { Count, NetworkStats } from '../../shared/model/networkStats.js'
import type { Key } from '../i18n/keys.js'
import { KIND_LABELS, STATUS_LABELS } from '../i18n/modelLabels.js'
import { useDashboardFormats } from './dashboardFormats.js'
import { FiguresTable } from './FiguresTable.js'

/** The network's documents counted by status, kind, city and topic, and its contributors per city, each a table. */
export function CountsSection({ stats }: { stats: NetworkStats }) {
  const { t } = useTranslation()
  const { number, names } = useDashboardFormats()
  const city = (name: string) => name || t('dashboard.labels.noCity')
  const named = (counts: Count[], label: (key: string) => string) => counts.map(({ key, count }) => [label(key), number(count)])
  const documents = t('dashboard.labels.documents')
  return (
    <section className="dashboard-section" aria-labelledby="dashboard-counts">
      <h2 id="dashboard-counts">{t('dashboard.counts.title')}</h2>
      <div className="dashboard-counts">
        <FiguresTable
          caption={t('dashboard.counts.byStatus')}
          headers={[t('dashboard.labels.status'), documents]}
          rows={named(stats.byStatus, (key) => labelled(t, STATUS_LABELS, key))}
        />
        <FiguresTable
          caption={t('dashboard.counts.byKind')}
          headers={[t('dashboard.labels.kind'), documents]}
          rows={named(stats.byKind, (key) => labelled(t, KIND_LABELS, key))}
        />
        <FiguresTable
          caption={t('dashboard.counts.byCity')}
          headers={[t('dashboard.labels.city'), documents]}
          rows={named(stats.byCity, city)}
          empty={t('dashboard.counts.noDocuments')}
        />
        <FiguresTable
          caption={t('dashboard.counts.byTopic')}
          headers={[t('dashboard.labels.topic'), documents]}
          rows={named(stats.byTopic, (topic) => topic)}
          empty={t('dashboard.counts.noTopics')}
        />
        <FiguresTable
          caption={t('dashboard.counts.contributors')}
          headers={[t('dashboard.labels.city'), t('dashboard.labels.contributors'), t('dashboard.labels.names')]}
          rows={stats.contributors.map((one) => [city(one.city), number(one.names.length), names(one.names)])}
          empty={t('dashboard.counts.noContributors')}
        />
      </div>
    </section>
  )
}

/** A status's or a kind's name in the window; one this version does not know (a newer peer's) as it is. */
function labelled(t: TFunction, labels: Readonly<Record<string, Key>>, key: string): string {
  const label = labels[key]
  return label ? t(label) : key
}
