import type { SyncState } from '../../shared/model/syncState.js'

const LABELS: Record<SyncState, string> = {
  'local-only': 'Only on this device',
  connecting: 'Syncing',
  synced: 'Syncing',
  saved: 'Saved on the network',
}

/** Where a document stands with its network, in words. */
export function SyncBadge({ state }: { state: SyncState }) {
  return <span className={`badge badge-${state}`}>{LABELS[state]}</span>
}
