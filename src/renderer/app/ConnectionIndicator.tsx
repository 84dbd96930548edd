import { useTranslation } from 'react-i18next'
import type { NetworkStatus } from '../../shared/ipc/contract.js'
import type { Key } from '../i18n/keys.js'

const LABELS: Record<'local' | 'online' | 'offline', Key> = {
  local: 'app.connection.local',
  online: 'app.connection.online',
  offline: 'app.connection.offline',
}

/** Online when any joined network's relay is reachable; with no network, work stays on this device. */
export function ConnectionIndicator({ networks }: { networks: NetworkStatus[] }) {
  const { t } = useTranslation()
  const online = networks.some((network) => network.online)
  const state = networks.length === 0 ? 'local' : online ? 'online' : 'offline'
  return (
    <p className={`connection connection-${state}`} role="status" aria-label={t('app.connection.label')}>
      <span className="dot" aria-hidden="true" />
      {t(LABELS[state])}
    </p>
  )
}
