import { useTranslation } from 'react-i18next'
import type { SyncState } from '../../shared/model/syncState.js'
import type { Key } from '../i18n/keys.js'

const LABELS: Record<SyncState, Key> = {
  'local-only': 'sync.localOnly',
  connecting: 'sync.syncing',
  synced: 'sync.syncing',
  saved: 'sync.saved',
}

/**
 * Where a document stands with its network, in words. A viewer's copy never goes past "synced" (it
 * sends nothing to be stored): once synced, it holds what is saved on the network.
 */
export function SyncBadge({ state, viewer = false }: { state: SyncState; viewer?: boolean }) {
  const { t } = useTranslation()
  const shown = viewer && state === 'synced' ? 'saved' : state
  return <span className={`badge badge-${shown}`}>{t(LABELS[shown])}</span>
}
