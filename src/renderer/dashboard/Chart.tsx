import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { NetworkChart } from '../../shared/stats/networkCharts.js'
import { type ChartFormat, saveChart } from './chartFiles.js'
import { FiguresTable } from './FiguresTable.js'

/**
 * One of the network's charts: its title, the SVG, its figures as a table under a disclosure (the
 * chart's text alternative: the SVG is an image named by its title), and buttons to save it as SVG
 * or PNG, and its figures as CSV. A chart with no figures says so instead.
 */
export function Chart({ network, chart }: { network: string; chart: NetworkChart }) {
  const { t } = useTranslation()
  const titleId = useId()
  const [failed, setFailed] = useState(false)
  const save = (format: ChartFormat) => {
    setFailed(false)
    saveChart(network, chart, format).catch(() => setFailed(true))
  }
  const empty = chart.table.rows.length === 0
  return (
    <figure className="chart" aria-labelledby={titleId} data-chart={chart.id}>
      <h3 id={titleId}>{chart.title}</h3>
      {empty ? (
        <p className="empty">{t('dashboard.charts.empty')}</p>
      ) : (
        <>
          {/* Plot's SVG, drawn from the network's figures: what people wrote is in it as text, escaped (chartSvg.ts). */}
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: markup serialized by the DOM from text nodes, never from strings spliced together. */}
          <div className="chart-image" dangerouslySetInnerHTML={{ __html: chart.svg }} />
          <details className="chart-table">
            <summary>{t('dashboard.charts.table')}</summary>
            <FiguresTable caption={chart.title} headers={chart.table.headers} rows={chart.table.rows} />
          </details>
          <div className="chart-actions" role="group" aria-label={t('dashboard.charts.save', { chart: chart.title })}>
            <button type="button" onClick={() => save('svg')}>
              {t('dashboard.charts.svg')}
            </button>
            <button type="button" onClick={() => save('png')}>
              {t('dashboard.charts.png')}
            </button>
            <button type="button" onClick={() => save('csv')}>
              {t('dashboard.charts.csv')}
            </button>
          </div>
          {failed && (
            <p role="alert" className="problem">
              {t('dashboard.charts.saveFailed')}
            </p>
          )}
        </>
      )}
    </figure>
  )
}
