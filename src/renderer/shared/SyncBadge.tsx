import type { SyncState } from '../../shared/model/syncState.js'

const LABELS: Record<SyncState, string> = {
  'local-only': 'Only on this device',
  connecting: 'Syncing',
  synced: 'Syncing',
  saved: 'Saved on the network',
}

/**
 * Where a document stands with its network, in words. A viewer's copy never goes past "synced" (it
 * sends nothing to be stored): once synced, it holds what is saved on the network.
 */
export function SyncBadge({ state, viewer = false }: { state: SyncState; viewer?: boolean }) {
  const shown = viewer && state === 'synced' ? 'saved' : state
  return <span className={`badge badge-${shown}`}>{LABELS[shown]}</span>
}
