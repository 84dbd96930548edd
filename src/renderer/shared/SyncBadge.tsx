import type { TFunction } from 'i18next'
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
 * sends nothing to be stored): once synced, it holds what is saved on the network. It is given its
 * parent's `t`: a hook of its own would subscribe each row of the library to i18next as it scrolls in.
 */
export function SyncBadge({ state, viewer = false, t }: { state: SyncState; viewer?: boolean; t: TFunction }) {
  const shown = viewer && state === 'synced' ? 'saved' : state
  return <span className={`badge badge-${shown}`}>{t(LABELS[shown])}</span>
}
