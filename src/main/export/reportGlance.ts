import { Window } from 'happy-dom'
import type { ReportGlance } from '../../shared/export/report.js'
import type { NetworkStats } from '../../shared/model/networkStats.js'
import type { ChartDocument } from '../../shared/stats/chartSvg.js'
import { ENGLISH_CHART_LABELS } from '../../shared/stats/chartLabels.js'
import { byStatus, overTime } from '../../shared/stats/networkCharts.js'

const plural = (count: number, one: string, many: string) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`

/**
 * A report's "Network at a glance" page: the network's totals in a line, and two of its dashboard's
 * charts, drawn in Node with happy-dom's document, in English as reports are.
 */
export function reportGlance(stats: NetworkStats): ReportGlance {
  const window = new Window()
  try {
    const document = window.document as unknown as ChartDocument
    const cities = stats.byCity.filter(({ key }) => key !== '').length
    const published = stats.byStatus.find(({ key }) => key === 'published')?.count ?? 0
    return {
      network: stats.network,
      summary: `${plural(stats.documents, 'document', 'documents')} from ${plural(cities, 'city', 'cities')}; ${published.toLocaleString('en')} published; ${plural(stats.adaptations, 'adaptation', 'adaptations')}.`,
      charts: [overTime(stats, ENGLISH_CHART_LABELS, document), byStatus(stats, ENGLISH_CHART_LABELS, document)].map(({ title, svg, table }) => ({
        title,
        svg,
        table,
      })),
    }
  } finally {
    void window.happyDOM.close()
  }
}
