import type { TFunction } from 'i18next'
import { DOCUMENT_STATUSES, type DocumentStatus } from '../../shared/model/meta.js'
import type { ChartLabels } from '../../shared/stats/chartLabels.js'
import { STATUS_LABELS } from '../i18n/modelLabels.js'

/** The charts' words in the window's language, from its catalog; months named by Intl in that language. */
export function chartLabels(t: TFunction, language: string): ChartLabels {
  const month = new Intl.DateTimeFormat(language, { month: 'short', year: 'numeric', timeZone: 'UTC' })
  return {
    titles: {
      overTime: t('dashboard.charts.overTime'),
      byStatus: t('dashboard.counts.byStatus'),
      mostAdapted: t('dashboard.charts.mostAdapted'),
      contributors: t('dashboard.counts.contributors'),
    },
    month: t('dashboard.labels.month'),
    created: t('dashboard.labels.created'),
    submitted: t('dashboard.labels.submitted'),
    published: t('dashboard.labels.published'),
    status: t('dashboard.labels.status'),
    documents: t('dashboard.labels.documents'),
    caseStudy: t('dashboard.labels.caseStudy'),
    city: t('dashboard.labels.city'),
    adaptations: t('dashboard.labels.adaptations'),
    adaptingCities: t('dashboard.labels.adaptedBy'),
    contributors: t('dashboard.labels.contributors'),
    names: t('dashboard.labels.names'),
    noCity: t('dashboard.labels.noCity'),
    untitled: t('dashboard.labels.untitled'),
    statuses: Object.fromEntries(DOCUMENT_STATUSES.map((status) => [status, t(STATUS_LABELS[status])])) as Record<DocumentStatus, string>,
    monthName: (name) => month.format(new Date(`${name}-01T00:00:00Z`)),
  }
}
