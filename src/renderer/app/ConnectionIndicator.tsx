import { useTranslation } from 'react-i18next'
import type { NetworkStatus } from '../../shared/ipc/contract.js'
import type { Key } from '../i18n/keys.js'

const LABELS: Record<'local' | 'online' | 'offline', Key> = {
  local: 'app.connection.local',
  online: 'app.connection.online',
  offline: 'app.connection.offline',
}

/**
 * Online when any joined network's relay is reachable; with no network, work stays on this device.
 * While networks sync many documents (joining one, or back from a long time offline), how far they are
 * all together, on every screen.
 */
export function ConnectionIndicator({ networks }: { networks: NetworkStatus[] }) {
  const { t } = useTranslation()
  const online = networks.some((network) => network.online)
  const state = networks.length === 0 ? 'local' : online ? 'online' : 'offline'
  const syncing = networks.flatMap((network) => (network.progress ? [network.progress] : []))
  const synced = syncing.reduce((sum, progress) => sum + progress.synced, 0)
  const total = syncing.reduce((sum, progress) => sum + progress.total, 0)
  return (
    <div className="connection-state">
      <p className={`connection connection-${state}`} role="status" aria-label={t('app.connection.label')}>
        <span className="dot" aria-hidden="true" />
        {t(LABELS[state])}
      </p>
      {syncing.length > 0 && (
        <p className="connection-progress" role="status">
          <progress value={synced} max={total} aria-hidden="true" />
          {t('app.connection.syncing', { synced, total })}
        </p>
      )}
    </div>
  )
}
