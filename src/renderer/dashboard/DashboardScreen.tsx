import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { CasebookApi } from '../../shared/ipc/contract.js'
import { networkCharts } from '../../shared/stats/networkCharts.js'
import { errorText } from '../i18n/errorText.js'
import { useFormats } from '../i18n/useFormats.js'
import { ActivitySection } from './ActivitySection.js'
import { Chart } from './Chart.js'
import { chartLabels } from './chartLabels.js'
import { CountsSection } from './CountsSection.js'
import { ReachSection } from './ReachSection.js'
import { useNetworkStats } from './useNetworkStats.js'
import { useNetworkLabel } from '../shared/useNetworkLabel.js'

interface Props {
  api: CasebookApi
  network: string
  onOpen: (id: string) => void
  /** Back to the networks' screen, where the dashboard was opened. */
  onBack: () => void
}

/**
 * A network's dashboard, from what this device holds, offline: its documents counted, its charts, the
 * case studies adapted the most, and what changed since the user last looked. A chunk of its own
 * (App.tsx), with Observable Plot, which the rest of the window never needs.
 */
export function DashboardScreen({ api, network, onOpen, onBack }: Props) {
  const { t, i18n } = useTranslation()
  const networkLabel = useNetworkLabel()
  const format = useFormats()
  const { stats, error, retry } = useNetworkStats(api, network)
  const charts = useMemo(() => stats && networkCharts(stats, chartLabels(t, i18n.language), document), [stats, t, i18n.language])
  return (
    <section className="dashboard" aria-labelledby="dashboard-title">
      <header className="screen-header">
        <h1 id="dashboard-title">{t('dashboard.title', { network: networkLabel(network) })}</h1>
        <button type="button" onClick={onBack}>
          {t('dashboard.back')}
        </button>
      </header>
      {error && (
        <div role="alert" className="problem">
          <p>{errorText(t, format, error, networkLabel)}</p>
          {!stats && (
            <button type="button" onClick={retry}>
              {t('dashboard.tryAgain')}
            </button>
          )}
        </div>
      )}
      {!stats && !error && <p role="status">{t('dashboard.counting')}</p>}
      {stats && charts && (
        <>
          <p className="dashboard-summary">
            {t('dashboard.documents', { count: stats.documents })} · {t('dashboard.adaptations', { count: stats.adaptations })}
          </p>
          <p className="hint">{t('dashboard.offline')}</p>
          <CountsSection stats={stats} />
          <section className="dashboard-section" aria-labelledby="dashboard-charts">
            <h2 id="dashboard-charts">{t('dashboard.charts.title')}</h2>
            <div className="chart-grid">
              {charts.map((chart) => (
                <Chart key={chart.id} network={network} chart={chart} />
              ))}
            </div>
          </section>
          <ReachSection stats={stats} onOpen={onOpen} />
          <ActivitySection stats={stats} onOpen={onOpen} />
        </>
      )}
    </section>
  )
}
